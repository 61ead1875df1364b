/* spa-staff-window.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-staff-window"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "spa-online-page.h"
#include "spa-staff-window.h"
#include "spa-staff-window-private.h"
#include "spa-widget-util.h"

/*
 * Services & Staff: the spa's services, therapists and rooms. Each record is an
 * expander row holding its form and a Save button; problems are shown in the row and
 * nothing is saved half-way. Records are deactivated, never deleted, because past
 * bookings refer to them.
 */

typedef enum
{
  KIND_TEXT,
  KIND_MINUTES,
  KIND_PRICE,
  KIND_COLOR,
  KIND_HOURS,
  KIND_SERVICES,
  KIND_SWITCH,
  KIND_LOCATION,
  KIND_OTHER_HOURS,
} FieldKind;

typedef struct
{
  const char *field;
  const char *label;
  FieldKind   kind;
} FieldSpec;

static const FieldSpec service_fields[] = {
  { "name", N_("Name"), KIND_TEXT },
  { "category", N_("Category"), KIND_TEXT },
  { "duration_min", N_("Duration (minutes)"), KIND_MINUTES },
  { "buffer_min", N_("Cleanup after (minutes)"), KIND_MINUTES },
  { "price_cents", N_("Price"), KIND_PRICE },
  { "active", N_("Offered"), KIND_SWITCH },
  { "online", N_("Bookable online"), KIND_SWITCH },
};

static const FieldSpec therapist_fields[] = {
  { "name", N_("Name"), KIND_TEXT },
  { "credentials", N_("Credentials (such as RMT)"), KIND_TEXT },
  { "email", N_("E-mail"), KIND_TEXT },
  { "phone", N_("Phone"), KIND_TEXT },
  { "color", N_("Calendar colour (#RRGGBB)"), KIND_COLOR },
  { "service_ids", N_("Services offered"), KIND_SERVICES },
  { "working_hours", N_("Working hours"), KIND_HOURS },
  { "active", N_("Active"), KIND_SWITCH },
  { "online", N_("Takes online bookings"), KIND_SWITCH },
  { "bio", N_("Short biography (on the booking page)"), KIND_TEXT },
  { "location_id", N_("Location"), KIND_LOCATION },
  { "location_hours", N_("Hours at other locations"), KIND_OTHER_HOURS },
};

static const FieldSpec room_fields[] = {
  { "name", N_("Name"), KIND_TEXT },
  { "active", N_("In use"), KIND_SWITCH },
  { "location_id", N_("Location"), KIND_LOCATION },
};

static const FieldSpec location_fields[] = {
  { "name", N_("Name"), KIND_TEXT },
  { "address", N_("Address"), KIND_TEXT },
  { "time_zone", N_("Time zone, such as America/Vancouver"), KIND_TEXT },
  { "phone", N_("Phone"), KIND_TEXT },
  { "tax_numbers", N_("Tax numbers"), KIND_TEXT },
  { "active", N_("Active"), KIND_SWITCH },
};

static const char * const weekdays[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
static const char * const weekday_labels[] = {
  N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"),
};

struct _SpaStaffWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwPreferencesGroup  *services_group;
  AdwPreferencesGroup  *therapists_group;
  AdwPreferencesGroup  *rooms_group;
  AdwPreferencesGroup  *locations_group;

  /* Owned */
  SpaContext           *context;
};

G_DEFINE_FINAL_TYPE (SpaStaffWindow, spa_staff_window, ADW_TYPE_PREFERENCES_WINDOW)

static const FieldSpec *
fields_of (const char *entity,
           guint      *n)
{
  if (g_str_equal (entity, SPA_SERVICE_ENTITY))
    return (*n = G_N_ELEMENTS (service_fields), service_fields);
  if (g_str_equal (entity, SPA_THERAPIST_ENTITY))
    return (*n = G_N_ELEMENTS (therapist_fields), therapist_fields);
  if (g_str_equal (entity, SPA_LOCATION_ENTITY))
    return (*n = G_N_ELEMENTS (location_fields), location_fields);
  return (*n = G_N_ELEMENTS (room_fields), room_fields);
}

static SpaStore *
get_store (SpaStaffWindow *self)
{
  return spa_context_get_store (self->context);
}

static GHashTable *
editor_widgets (GtkWidget *editor)
{
  return g_object_get_data (G_OBJECT (editor), "widgets");
}

static char *
format_hours (JsonNode   *hours,
              const char *day)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonNode *node;
  JsonArray *array;

  if (hours == NULL || !JSON_NODE_HOLDS_OBJECT (hours))
    return g_strdup ("");
  node = json_object_get_member (json_node_get_object (hours), day);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup ("");

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *interval = json_array_get_object_element (array, i);

      if (interval == NULL)
        continue;
      g_string_append_printf (text, "%s%s-%s", text->len ? ", " : "",
                              json_object_get_string_member_with_default (interval, "start", ""),
                              json_object_get_string_member_with_default (interval, "end", ""));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "09:00-12:00, 13:00-17:00" → intervals; FALSE when it cannot be read. */
static gboolean
parse_hours (const char *text,
             JsonArray  *intervals)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i]; i++)
    {
      int h1, m1, h2, m2;
      char start[6], end[6];
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));
      JsonObject *interval;

      if (*part == '\0')
        continue;
      if (sscanf (part, "%d:%d - %d:%d", &h1, &m1, &h2, &m2) != 4 &&
          sscanf (part, "%d:%d–%d:%d", &h1, &m1, &h2, &m2) != 4)
        return FALSE;
      if (h1 < 0 || h1 > 23 || h2 < 0 || h2 > 24 || m1 < 0 || m1 > 59 || m2 < 0 || m2 > 59 ||
          h1 * 60 + m1 >= h2 * 60 + m2)
        return FALSE;

      g_snprintf (start, sizeof start, "%02d:%02d", h1, m1);
      g_snprintf (end, sizeof end, "%02d:%02d", h2, m2);
      interval = json_object_new ();
      json_object_set_string_member (interval, "start", start);
      json_object_set_string_member (interval, "end", end);
      json_array_add_object_element (intervals, interval);
    }

  return TRUE;
}

static char *
describe (SpaRecord *record)
{
  const char *entity = spa_record_get_entity (record);
  gboolean active = spa_record_get_boolean (record, "active");
  g_autoptr(GString) text = g_string_new (NULL);

  if (g_str_equal (entity, SPA_SERVICE_ENTITY))
    {
      g_string_append_printf (text, _("%d min, cleanup %d min"),
                              (int)spa_service_get_duration_min (record, 0),
                              (int)spa_service_get_buffer_min (record, 0));
      if (spa_record_has_value (record, SPA_SERVICE_PRICE_CENTS))
        {
          g_autofree char *price = spa_format_money (spa_service_get_price_cents (record, 0),
                                                     spa_service_get_currency (record));

          g_string_append_printf (text, " · %s", price);
        }
      if (!spa_str_empty (spa_service_get_category (record)))
        g_string_append_printf (text, " · %s", spa_service_get_category (record));
    }
  else if (g_str_equal (entity, SPA_THERAPIST_ENTITY))
    g_string_append (text, spa_str_empty (spa_therapist_get_credentials (record)) ? ""
                           : spa_therapist_get_credentials (record));
  else if (g_str_equal (entity, SPA_LOCATION_ENTITY))
    g_string_append (text, spa_str_empty (spa_location_get_address (record)) ? ""
                           : spa_location_get_address (record));

  if (!active)
    g_string_append_printf (text, "%s%s", text->len ? " · " : "", _("Inactive"));
  else if (!g_str_equal (entity, "room") && !g_str_equal (entity, SPA_LOCATION_ENTITY) &&
           !spa_availability_takes_online (record))
    g_string_append_printf (text, "%s%s", text->len ? " · " : "", _("Not online"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
color_set_cb (GtkColorButton *button,
              GtkEditable    *entry)
{
  GdkRGBA rgba;
  g_autofree char *hex = NULL;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  hex = g_strdup_printf ("#%02x%02x%02x", (int)(rgba.red * 255 + 0.5), (int)(rgba.green * 255 + 0.5),
                         (int)(rgba.blue * 255 + 0.5));
  gtk_editable_set_text (entry, hex);
}

static void save_clicked_cb (GtkButton *button, SpaStaffWindow *self);

static GtkWidget *
entry_row (AdwExpanderRow *expander,
           GHashTable     *widgets,
           const char     *key,
           const char     *title,
           const char     *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  adw_expander_row_add_row (expander, row);
  g_hash_table_insert (widgets, g_strdup (key), row);
  return row;
}

/* ---- a therapist's calendar feed ---- */

static void
feed_made_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GtkWidget) button = user_data;
  AdwActionRow *row = g_object_get_data (G_OBJECT (button), "row");
  GtkWidget *copy = g_object_get_data (G_OBJECT (button), "copy");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = spa_sync_engine_new_calendar_feed_finish (SPA_SYNC_ENGINE (object), result,
                                                                   &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (button, TRUE);
  if (url == NULL)
    {
      GtkRoot *window = gtk_widget_get_root (button);

      /* In a toast, whole: the row's one subtitle line would cut it. A link shown
       * before stays: the server replaces it only when it makes a new one. */
      if (ADW_IS_PREFERENCES_WINDOW (window))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window),
                                          spa_toast_new_plain (error->message));
      return;
    }
  /* Shown once: the server keeps only the secret's hash. */
  adw_action_row_set_subtitle (row, url);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), url);
  g_object_set_data_full (G_OBJECT (copy), "url", g_steal_pointer (&url), g_free);
  gtk_widget_set_visible (copy, TRUE);
  gtk_button_set_label (GTK_BUTTON (button), _("_New Link"));
}

static void
feed_clicked_cb (GtkButton      *button,
                 SpaStaffWindow *self)
{
  SpaSyncEngine *engine = spa_context_get_sync_engine (self->context);

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  spa_sync_engine_new_calendar_feed_async (engine,
                                           g_object_get_data (G_OBJECT (button), "therapist-id"),
                                           NULL, feed_made_cb, g_object_ref (button));
}

static void
feed_copy_clicked_cb (GtkButton      *button,
                      SpaStaffWindow *self)
{
  const char *url = g_object_get_data (G_OBJECT (button), "url");

  if (url == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), url);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    spa_toast_new_plain (_("Link copied")));
}

/* A secret link (docs/reminders.md) for the therapist to subscribe to their bookings
 * in a calendar app: made by the server, shown once, with a button to copy it. */
static GtkWidget *
feed_row (SpaStaffWindow *self,
          SpaRecord      *therapist)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *make = gtk_button_new_with_mnemonic (_("_Get Link"));
  GtkWidget *copy = gtk_button_new_with_mnemonic (_("_Copy"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Calendar feed"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("A private link to follow these bookings in a calendar app"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_widget_set_valign (make, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (copy, FALSE);
  g_object_set_data_full (G_OBJECT (make), "therapist-id",
                          g_strdup (spa_record_get_id (therapist)), g_free);
  g_object_set_data (G_OBJECT (make), "row", row);
  g_object_set_data (G_OBJECT (make), "copy", copy);
  g_signal_connect_object (make, "clicked", G_CALLBACK (feed_clicked_cb), self, 0);
  g_signal_connect_object (copy, "clicked", G_CALLBACK (feed_copy_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), make);
  return row;
}

/* Where a therapist or room is: a choice of the chain's locations, the record's own
 * selected; a single spa has no choice to make, and sees no row. */
static void
location_row (SpaStaffWindow     *self,
              AdwExpanderRow     *expander,
              GHashTable         *widgets,
              const FieldSpec    *spec,
              SpaRecord          *record)
{
  const char *current = spa_record_get_location_id (record);
  g_autoptr(GPtrArray) locations = spa_location_list (get_store (self), current, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint l = 0; locations && l < locations->len; l++)
    {
      gtk_string_list_append (names, spa_location_get_name (locations->pdata[l]));
      g_ptr_array_add (ids, g_strdup (spa_record_get_id (locations->pdata[l])));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(spec->label));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  for (guint l = 0; l < ids->len; l++)
    if (g_str_equal (ids->pdata[l], current))
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), l);
  g_object_set_data_full (G_OBJECT (row), "ids", ids, (GDestroyNotify)g_ptr_array_unref);
  gtk_widget_set_visible (row, ids->len > 1);
  adw_expander_row_add_row (expander, row);
  g_hash_table_insert (widgets, g_strdup (spec->field), row);
}

/* A therapist's hours at each of the chain's other locations, a row a weekday, as their
 * own hours are written; a location with no hours is one they do not work at. */
static void
other_hours_rows (SpaStaffWindow *self,
                  AdwExpanderRow *expander,
                  GHashTable     *widgets,
                  SpaRecord      *therapist)
{
  g_autoptr(GPtrArray) locations = spa_location_list (get_store (self), NULL, NULL);

  for (guint l = 0; locations && locations->len > 1 && l < locations->len; l++)
    {
      SpaRecord *location = locations->pdata[l];
      const char *id = spa_record_get_id (location);

      if (g_str_equal (id, spa_record_get_location_id (therapist)))
        continue;
      for (guint d = 0; d < G_N_ELEMENTS (weekdays); d++)
        {
          g_autofree char *key = g_strdup_printf ("lhours:%s:%s", id, weekdays[d]);
          g_autofree char *text = NULL;
          g_autofree char *title = NULL;
          JsonNode *hours = spa_location_therapist_works_at (therapist, id)
                                ? spa_location_therapist_hours (therapist, id) : NULL;

          text = format_hours (hours, weekdays[d]);
          /* TRANSLATORS: a location and a weekday, "Hours at Kitsilano on Saturday" */
          title = g_strdup_printf (_("Hours at %s on %s"), spa_location_get_name (location),
                                   _(weekday_labels[d]));
          entry_row (expander, widgets, key, title, text);
        }
    }
}

static GtkWidget *
make_editor (SpaStaffWindow *self,
             SpaRecord      *record)
{
  const char *entity = spa_record_get_entity (record);
  GtkWidget *expander = adw_expander_row_new ();
  GHashTable *widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkWidget *save_row, *save_button, *error_label;
  g_autofree char *subtitle = describe (record);
  const FieldSpec *fields;
  guint n;

  fields = fields_of (entity, &n);
  /* Names are plain text, up to 200 characters: not markup, one line each. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  spa_expander_row_one_line (ADW_EXPANDER_ROW (expander));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                 spa_str_empty (spa_record_get_string (record, "name")) ? _("New")
                                 : spa_record_get_string (record, "name"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  g_object_set_data_full (G_OBJECT (expander), "widgets", widgets, (GDestroyNotify)g_hash_table_unref);
  g_object_set_data_full (G_OBJECT (expander), "record", g_object_ref (record), g_object_unref);

  if (g_str_equal (entity, SPA_THERAPIST_ENTITY))
    {
      const char *color = spa_therapist_get_color (record);
      GtkWidget *dot = gtk_label_new ("●");
      g_autofree char *markup = g_markup_printf_escaped ("<span foreground=\"%s\">●</span>", color ? color : "#999999");

      gtk_label_set_markup (GTK_LABEL (dot), markup);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (expander), dot);
    }

  for (guint i = 0; i < n; i++)
    {
      const FieldSpec *spec = &fields[i];

      switch (spec->kind)
        {
        case KIND_TEXT:
          entry_row (ADW_EXPANDER_ROW (expander), widgets, spec->field, _(spec->label),
                     spa_record_get_string (record, spec->field));
          break;

        case KIND_MINUTES:
          {
            g_autofree char *text = spa_record_has_value (record, spec->field)
              ? g_strdup_printf ("%d", (int)spa_record_get_int (record, spec->field, 0)) : g_strdup ("");

            entry_row (ADW_EXPANDER_ROW (expander), widgets, spec->field, _(spec->label), text);
          }
          break;

        case KIND_PRICE:
          {
            gint64 cents = spa_record_get_int (record, spec->field, 0);
            g_autofree char *text = spa_record_has_value (record, spec->field)
              ? spa_format_decimal (cents / 100.0, 2) : g_strdup ("");

            entry_row (ADW_EXPANDER_ROW (expander), widgets, spec->field, _(spec->label), text);
          }
          break;

        case KIND_COLOR:
          {
            GtkWidget *row = entry_row (ADW_EXPANDER_ROW (expander), widgets, spec->field, _(spec->label),
                                        spa_record_get_string (record, spec->field));
            GtkWidget *button = gtk_color_button_new ();
            GdkRGBA rgba;

            if (gdk_rgba_parse (&rgba, gtk_editable_get_text (GTK_EDITABLE (row))))
              gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (button), &rgba);
            gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
            g_signal_connect_object (button, "color-set", G_CALLBACK (color_set_cb), row, 0);
            adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
          }
          break;

        case KIND_HOURS:
          for (guint d = 0; d < G_N_ELEMENTS (weekdays); d++)
            {
              g_autofree char *key = g_strdup_printf ("hours:%s", weekdays[d]);
              g_autofree char *text = format_hours (spa_therapist_get_working_hours (record),
                                                    weekdays[d]);
              g_autofree char *title = g_strdup_printf (_("Hours on %s"), _(weekday_labels[d]));

              entry_row (ADW_EXPANDER_ROW (expander), widgets, key, title, text);
            }
          break;

        case KIND_SERVICES:
          {
            g_autoptr(GPtrArray) services =
              spa_store_list_active (get_store (self), SPA_SERVICE_ENTITY, NULL, NULL);
            g_auto(GStrv) ids = spa_record_get_strv (record, SPA_THERAPIST_SERVICE_IDS);

            for (guint s = 0; services && s < services->len; s++)
              {
                SpaRecord *service = services->pdata[s];
                GtkWidget *row = adw_action_row_new ();
                GtkWidget *check = gtk_check_button_new ();
                g_autofree char *key = g_strdup_printf ("service:%s", spa_record_get_id (service));

                adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
                spa_action_row_one_line (ADW_ACTION_ROW (row));
                adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                               spa_service_get_name (service));
                gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                             g_strv_contains ((const char * const *)ids, spa_record_get_id (service)));
                adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
                adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
                adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
                g_hash_table_insert (widgets, g_steal_pointer (&key), check);
              }
          }
          break;

        case KIND_SWITCH:
          {
            GtkWidget *row = adw_action_row_new ();
            GtkWidget *toggle = gtk_switch_new ();

            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(spec->label));
            /* Unset is on: a record is active and bookable online until switched off. */
            gtk_switch_set_active (GTK_SWITCH (toggle),
                                   !spa_record_has_value (record, spec->field) ||
                                   spa_record_get_boolean (record, spec->field));
            gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
            adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
            adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
            adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
            g_hash_table_insert (widgets, g_strdup (spec->field), toggle);
          }
          break;

        case KIND_LOCATION:
          location_row (self, ADW_EXPANDER_ROW (expander), widgets, spec, record);
          break;

        case KIND_OTHER_HOURS:
          other_hours_rows (self, ADW_EXPANDER_ROW (expander), widgets, record);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (g_str_equal (entity, SPA_THERAPIST_ENTITY) &&
      spa_store_exists (get_store (self), SPA_THERAPIST_ENTITY, spa_record_get_id (record)))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), feed_row (self, record));

  save_row = adw_action_row_new ();
  error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_set_hexpand (error_label, TRUE);
  gtk_widget_add_css_class (error_label, "field-error");
  gtk_widget_set_visible (error_label, FALSE);
  save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (save_button, "suggested-action");
  gtk_widget_set_valign (save_button, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (save_row), error_label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (save_row), save_button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), save_row);
  g_object_set_data (G_OBJECT (expander), "error", error_label);
  g_object_set_data (G_OBJECT (expander), "save", save_button);
  g_object_set_data (G_OBJECT (save_button), "editor", expander);
  g_signal_connect_object (save_button, "clicked", G_CALLBACK (save_clicked_cb), self, 0);

  return expander;
}

static gboolean
read_int (const char *text,
          gboolean    price,
          gint64     *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  char *end = NULL;
  double d;

  if (*trimmed == '\0')
    return FALSE;
  /* 120,50 as a French desk writes it. */
  g_strdelimit (trimmed, ",", '.');
  d = g_ascii_strtod (trimmed, &end);
  if (end == trimmed || *end != '\0' || d < 0 || d > G_MAXINT32 / 100)
    {
      *value = -1;
      return TRUE;
    }
  *value = price ? (gint64)(d * 100 + 0.5) : (gint64)d;
  return TRUE;
}

/* The hours the "lhours:LOCATION:DAY" rows give, as location_hours; FALSE with a
 * message when a row cannot be read. */
static gboolean
read_other_hours (SpaRecord   *record,
                  GHashTable  *widgets,
                  char       **message)
{
  g_autoptr(JsonObject) all = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *old = NULL;
  g_autofree char *new_text = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gboolean any_row = FALSE;

  g_hash_table_iter_init (&iter, widgets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) parts = g_strsplit (key, ":", 3);
      JsonArray *intervals;
      JsonObject *week;

      if (g_strv_length (parts) != 3 || !g_str_equal (parts[0], "lhours"))
        continue;
      any_row = TRUE;
      intervals = json_array_new ();
      if (!parse_hours (gtk_editable_get_text (value), intervals))
        {
          json_array_unref (intervals);
          *message = g_strdup (_("The hours at another location must read like "
                                 "09:00-12:00, 13:00-17:00."));
          return FALSE;
        }
      if (json_array_get_length (intervals) == 0)
        {
          json_array_unref (intervals);
          continue;
        }
      if (!json_object_has_member (all, parts[1]))
        json_object_set_object_member (all, parts[1], json_object_new ());
      week = json_object_get_object_member (all, parts[1]);
      json_object_set_array_member (week, parts[2], intervals);
    }
  if (!any_row)
    return TRUE;

  json_node_set_object (node, all);
  json_generator_set_root (gen, node);
  new_text = json_generator_to_data (gen, NULL);
  if (spa_therapist_get_location_hours (record) != NULL)
    {
      json_generator_set_root (gen, spa_therapist_get_location_hours (record));
      old = json_generator_to_data (gen, NULL);
    }
  /* Unchanged unless different; hash order may differ, so compare as nodes. */
  if (old == NULL ? json_object_get_size (all) > 0
                  : !json_node_equal (node, spa_therapist_get_location_hours (record)))
    spa_record_set_json (record, SPA_THERAPIST_LOCATION_HOURS, node);
  return TRUE;
}

/* The record as the editor says it should be, or NULL with a message. */
static SpaRecord *
build_record (SpaStaffWindow  *self,
              GtkWidget       *editor,
              char           **message)
{
  SpaRecord *original = g_object_get_data (G_OBJECT (editor), "record");
  g_autoptr(SpaRecord) record = spa_record_copy (original);
  GHashTable *widgets = editor_widgets (editor);
  const char *entity = spa_record_get_entity (record);
  const FieldSpec *fields;
  guint n;

  fields = fields_of (entity, &n);
  for (guint i = 0; i < n; i++)
    {
      const FieldSpec *spec = &fields[i];
      GtkWidget *widget = g_hash_table_lookup (widgets, spec->field);

      switch (spec->kind)
        {
        case KIND_TEXT:
        case KIND_COLOR:
          {
            g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget))));

            if (g_strcmp0 (text, spa_record_get_string (record, spec->field) ?: "") == 0)
              break;
            if (*text == '\0')
              spa_record_set_null (record, spec->field);
            else
              spa_record_set_string (record, spec->field, text);
          }
          break;

        case KIND_MINUTES:
        case KIND_PRICE:
          {
            gint64 value;

            if (!read_int (gtk_editable_get_text (GTK_EDITABLE (widget)), spec->kind == KIND_PRICE, &value))
              {
                if (spa_record_has_value (record, spec->field))
                  spa_record_set_null (record, spec->field);
              }
            else if (value < 0)
              {
                /* TRANSLATORS: %s is a field such as "Price" */
                *message = g_strdup_printf (_("%s must be a number."), _(spec->label));
                return NULL;
              }
            else if (!spa_record_has_value (record, spec->field) || spa_record_get_int (record, spec->field, 0) != value)
              spa_record_set_int (record, spec->field, value);
          }
          break;

        case KIND_HOURS:
          {
            g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
            g_autoptr(JsonObject) object = json_object_new ();
            g_autoptr(JsonGenerator) gen = json_generator_new ();
            g_autofree char *old = NULL;
            g_autofree char *new_text = NULL;

            for (guint d = 0; d < G_N_ELEMENTS (weekdays); d++)
              {
                g_autofree char *key = g_strdup_printf ("hours:%s", weekdays[d]);
                const char *text = gtk_editable_get_text (g_hash_table_lookup (widgets, key));
                JsonArray *intervals = json_array_new ();

                if (!parse_hours (text, intervals))
                  {
                    json_array_unref (intervals);
                    /* TRANSLATORS: %s is a weekday */
                    *message = g_strdup_printf (_("The hours on %s must read like 09:00-12:00, 13:00-17:00."),
                                                _(weekday_labels[d]));
                    return NULL;
                  }
                if (json_array_get_length (intervals) > 0)
                  json_object_set_array_member (object, weekdays[d], intervals);
                else
                  json_array_unref (intervals);
              }
            json_node_set_object (node, object);
            json_generator_set_root (gen, node);
            new_text = json_generator_to_data (gen, NULL);
            if (spa_therapist_get_working_hours (record) != NULL)
              {
                json_generator_set_root (gen, spa_therapist_get_working_hours (record));
                old = json_generator_to_data (gen, NULL);
              }
            if (g_strcmp0 (old, new_text) != 0)
              spa_record_set_json (record, SPA_THERAPIST_WORKING_HOURS, node);
          }
          break;

        case KIND_SERVICES:
          {
            g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
            g_auto(GStrv) ids = NULL;
            g_auto(GStrv) old = spa_record_get_strv (record, SPA_THERAPIST_SERVICE_IDS);
            GHashTableIter iter;
            gpointer key, value;

            /* Keep the order stable: the services already listed first. */
            for (guint s = 0; old[s]; s++)
              {
                g_autofree char *k = g_strdup_printf ("service:%s", old[s]);
                GtkWidget *check = g_hash_table_lookup (widgets, k);

                if (check == NULL || gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
                  g_strv_builder_add (builder, old[s]);
              }
            g_hash_table_iter_init (&iter, widgets);
            while (g_hash_table_iter_next (&iter, &key, &value))
              if (g_str_has_prefix (key, "service:") && gtk_check_button_get_active (value) &&
                  !g_strv_contains ((const char * const *)old, (const char *)key + 8))
                g_strv_builder_add (builder, (const char *)key + 8);
            ids = g_strv_builder_end (builder);
            if (!g_strv_equal ((const char * const *)ids, (const char * const *)old))
              spa_record_set_strv (record, SPA_THERAPIST_SERVICE_IDS, (const char * const *)ids);
          }
          break;

        case KIND_SWITCH:
          {
            gboolean on = gtk_switch_get_active (GTK_SWITCH (widget));

            if (!spa_record_has_value (record, spec->field) ||
                on != spa_record_get_boolean (record, spec->field))
              spa_record_set_boolean (record, spec->field, on);
          }
          break;

        case KIND_OTHER_HOURS:
          if (!read_other_hours (record, widgets, message))
            return NULL;
          break;

        case KIND_LOCATION:
          {
            GPtrArray *ids = g_object_get_data (G_OBJECT (widget), "ids");
            guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (widget));

            if (selected < ids->len &&
                g_strcmp0 (ids->pdata[selected], spa_record_get_location_id (record)) != 0)
              spa_record_set_string (record, spec->field, ids->pdata[selected]);
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return g_steal_pointer (&record);
}

/**
 * spa_staff_window_save:
 *
 * Saves the record of @editor; on a problem the message is shown in the editor and
 * nothing is saved.
 */
gboolean
spa_staff_window_save (SpaStaffWindow *self,
                       GtkWidget      *editor)
{
  GtkWidget *error_label = g_object_get_data (G_OBJECT (editor), "error");
  g_autoptr(SpaRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *toast = NULL;

  record = build_record (self, editor, &message);
  if (record == NULL || !spa_store_save (get_store (self), record, &error))
    {
      spa_widget_show_error (GTK_LABEL (error_label), NULL, message ? message : error->message,
                             SPA_SHOW_ERROR_PLAIN);
      return FALSE;
    }

  spa_widget_show_error (GTK_LABEL (error_label), NULL, NULL, SPA_SHOW_ERROR_PLAIN);
  g_object_set_data_full (G_OBJECT (editor), "record", g_object_ref (record), g_object_unref);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor), spa_record_get_string (record, "name"));
  subtitle = describe (record);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (editor), subtitle);
  /* TRANSLATORS: %s is the name of a service, therapist or room */
  toast = g_strdup_printf (_("%s saved"), spa_record_get_string (record, "name"));
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), spa_toast_new_plain (toast));
  return TRUE;
}

static void
save_clicked_cb (GtkButton      *button,
                 SpaStaffWindow *self)
{
  spa_staff_window_save (self, g_object_get_data (G_OBJECT (button), "editor"));
}

static AdwPreferencesGroup *
group_of (SpaStaffWindow *self,
          const char     *entity)
{
  if (g_str_equal (entity, SPA_SERVICE_ENTITY))
    return self->services_group;
  if (g_str_equal (entity, SPA_THERAPIST_ENTITY))
    return self->therapists_group;
  if (g_str_equal (entity, SPA_LOCATION_ENTITY))
    return self->locations_group;
  return self->rooms_group;
}

/**
 * spa_staff_window_add_record:
 * @entity: service, therapist or room
 *
 * Adds an editor for a new record, expanded.
 *
 * Returns: (transfer none): the editor
 */
GtkWidget *
spa_staff_window_add_record (SpaStaffWindow *self,
                             const char     *entity)
{
  g_autoptr(SpaRecord) record = spa_record_new (entity);
  GtkWidget *editor;

  spa_record_set_boolean (record, "active", TRUE);
  /* A new therapist or room is at the location the desk shows. */
  if (g_str_equal (entity, SPA_THERAPIST_ENTITY) || g_str_equal (entity, SPA_ROOM_ENTITY))
    spa_record_set_string (record, SPA_LOCATION_ID_FIELD,
                           spa_context_get_location_id (self->context));
  if (g_str_equal (entity, SPA_SERVICE_ENTITY))
    {
      spa_record_set_int (record, SPA_SERVICE_DURATION_MIN, 60);
      spa_record_set_int (record, SPA_SERVICE_BUFFER_MIN, 15);
    }
  else if (g_str_equal (entity, SPA_THERAPIST_ENTITY))
    {
      g_autoptr(JsonNode) hours = json_from_string (
        "{\"mon\": [{\"start\": \"09:00\", \"end\": \"17:00\"}], \"tue\": [{\"start\": \"09:00\", \"end\": \"17:00\"}],"
        " \"wed\": [{\"start\": \"09:00\", \"end\": \"17:00\"}], \"thu\": [{\"start\": \"09:00\", \"end\": \"17:00\"}],"
        " \"fri\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]}", NULL);

      spa_record_set_json (record, SPA_THERAPIST_WORKING_HOURS, hours);
      spa_record_set_string (record, SPA_THERAPIST_COLOR, "#3584e4");
    }

  editor = make_editor (self, record);
  adw_preferences_group_add (group_of (self, entity), editor);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (editor), TRUE);
  gtk_widget_grab_focus (editor);
  return editor;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  spa_staff_window_add_record (SPA_STAFF_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/**
 * spa_staff_window_get_field:
 *
 * Returns: (transfer none) (nullable): the entry for @field in @editor
 */
GtkEditable *
spa_staff_window_get_field (SpaStaffWindow *self,
                            GtkWidget      *editor,
                            const char     *field)
{
  GtkWidget *widget = g_hash_table_lookup (editor_widgets (editor), field);

  return GTK_IS_EDITABLE (widget) ? GTK_EDITABLE (widget) : NULL;
}

/**
 * spa_staff_window_get_widget:
 * @field: a field, or "save" for the editor's Save button
 *
 * Returns: (transfer none) (nullable): the widget for @field in @editor
 */
GtkWidget *
spa_staff_window_get_widget (SpaStaffWindow *self,
                             GtkWidget      *editor,
                             const char     *field)
{
  if (g_str_equal (field, "save"))
    return g_object_get_data (G_OBJECT (editor), "save");
  return g_hash_table_lookup (editor_widgets (editor), field);
}

/**
 * spa_staff_window_find_editor:
 *
 * Returns: (transfer none) (nullable): the editor of the record @id
 */
GtkWidget *
spa_staff_window_find_editor (SpaStaffWindow *self,
                              const char     *id)
{
  AdwPreferencesGroup *groups[] = { self->services_group, self->therapists_group,
                                    self->rooms_group, self->locations_group };

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      /* The group's rows are in its list box, below a few boxes of its own. */
      GtkWidget *child = GTK_WIDGET (groups[g]);
      GPtrArray *stack = g_ptr_array_new ();
      GtkWidget *found = NULL;

      g_ptr_array_add (stack, child);
      while (stack->len > 0 && found == NULL)
        {
          GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);
          SpaRecord *record = g_object_get_data (G_OBJECT (w), "record");

          if (ADW_IS_EXPANDER_ROW (w) && record != NULL &&
              g_strcmp0 (spa_record_get_id (record), id) == 0)
            found = w;
          for (GtkWidget *c = gtk_widget_get_first_child (w); c;
               c = gtk_widget_get_next_sibling (c))
            g_ptr_array_add (stack, c);
        }
      g_ptr_array_unref (stack);
      if (found != NULL)
        return found;
    }
  return NULL;
}

const char *
spa_staff_window_get_error (SpaStaffWindow *self,
                            GtkWidget      *editor)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (editor), "error");

  return gtk_widget_get_visible (label) ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

static void
spa_staff_window_dispose (GObject *object)
{
  SpaStaffWindow *self = (SpaStaffWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_STAFF_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spa_staff_window_parent_class)->dispose (object);
}

static void
spa_staff_window_class_init (SpaStaffWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_staff_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-staff-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaStaffWindow, services_group);
  gtk_widget_class_bind_template_child (widget_class, SpaStaffWindow, therapists_group);
  gtk_widget_class_bind_template_child (widget_class, SpaStaffWindow, rooms_group);
  gtk_widget_class_bind_template_child (widget_class, SpaStaffWindow, locations_group);

  gtk_widget_class_install_action (widget_class, "staff.add", "s", add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
spa_staff_window_init (SpaStaffWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * spa_staff_window_new:
 *
 * Returns: (transfer none): the Services & Staff window
 */
SpaStaffWindow *
spa_staff_window_new (SpaContext *context)
{
  static const char * const entities[] = {
    SPA_SERVICE_ENTITY, SPA_THERAPIST_ENTITY, SPA_ROOM_ENTITY, SPA_LOCATION_ENTITY
  };
  SpaStaffWindow *self;

  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  self = g_object_new (SPA_TYPE_STAFF_WINDOW, NULL);
  self->context = g_object_ref (context);

  for (guint e = 0; e < G_N_ELEMENTS (entities); e++)
    {
      g_autoptr(GPtrArray) records = spa_store_list (get_store (self), entities[e], FALSE, NULL);

      for (guint i = 0; records && i < records->len; i++)
        adw_preferences_group_add (group_of (self, entities[e]), make_editor (self, records->pdata[i]));
    }
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (spa_online_page_new (context)));

  return self;
}
