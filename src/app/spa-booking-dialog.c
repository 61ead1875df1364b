/* spa-booking-dialog.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-booking-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-booking-dialog.h"
#include "spa-client-dialog.h"
#include "spa-widget-util.h"

/*
 * The booking editor. Every problem is explained next to its field while the user
 * fills the form, and Save stays disabled until there is none: the client is missing,
 * the therapist or the room is taken (cleanup included, the store's own rule), the
 * therapist does not work then, or the time has passed. The store checks the overlap
 * again on save, so a booking made meanwhile on another desk is still refused.
 */

#define FIRST_SLOT (6 * 60)
#define N_SLOTS (16 * 4)

static const char *error_fields[] = { "client_id", "starts_at", "therapist_id", "room_id" };

struct _SpaBookingDialog
{
  AdwWindow        parent_instance;

  /* Template widgets */
  GtkWidget       *save_button;
  AdwEntryRow     *client_row;
  GtkListBox      *client_results;
  AdwComboRow     *service_row;
  GtkMenuButton   *date_button;
  GtkCalendar     *date_calendar;
  AdwComboRow     *time_row;
  AdwComboRow     *therapist_row;
  AdwComboRow     *room_row;
  AdwEntryRow     *notes_row;

  /* Owned */
  SpaContext      *context;
  SpaRecord       *original;     /* NULL for a new booking */
  char            *client_id;
  GPtrArray       *services;
  GPtrArray       *therapists;   /* all that could be chosen */
  GPtrArray       *therapist_order; /* as in the combo row */
  char            *therapist_id; /* the chosen one */
  GPtrArray       *rooms;        /* as in the combo row after "No room" */
  GDateTime       *day;          /* local midnight of the chosen date */
  GHashTable      *errors;       /* field -> GtkLabel */
  gboolean         loading;
  gboolean         client_touched;
  gboolean         room_touched;
  gboolean         saved;
  gboolean         can_save;
};

G_DEFINE_FINAL_TYPE (SpaBookingDialog, spa_booking_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void validate (SpaBookingDialog *self);

static SpaStore *
get_store (SpaBookingDialog *self)
{
  return spa_context_get_store (self->context);
}

static GTimeZone *
get_zone (SpaBookingDialog *self)
{
  return spa_context_get_time_zone (self->context);
}

static SpaRecord *
selected_service (SpaBookingDialog *self)
{
  guint i = adw_combo_row_get_selected (self->service_row);

  return i < self->services->len ? self->services->pdata[i] : NULL;
}

static SpaRecord *
selected_room (SpaBookingDialog *self)
{
  guint i = adw_combo_row_get_selected (self->room_row);

  return i >= 1 && i - 1 < self->rooms->len ? self->rooms->pdata[i - 1] : NULL;
}

static SpaRecord *
find_by_id (GPtrArray  *records,
            const char *id,
            guint      *index)
{
  for (guint i = 0; id && i < records->len; i++)
    if (g_strcmp0 (spa_record_get_id (records->pdata[i]), id) == 0)
      {
        if (index)
          *index = i;
        return records->pdata[i];
      }

  return NULL;
}

static GDateTime *
selected_start (SpaBookingDialog *self)
{
  guint slot = adw_combo_row_get_selected (self->time_row);
  int minute = FIRST_SLOT + 15 * (int)MIN (slot, N_SLOTS - 1);

  return g_date_time_new (get_zone (self), g_date_time_get_year (self->day), g_date_time_get_month (self->day),
                          g_date_time_get_day_of_month (self->day), minute / 60, minute % 60, 0);
}

static void
set_if_changed (SpaRecord  *record,
                const char *field,
                const char *value)
{
  if (g_strcmp0 (spa_record_get_string (record, field), value) == 0)
    return;

  if (value == NULL)
    spa_record_set_null (record, field);
  else
    spa_record_set_string (record, field, value);
}

static gboolean
offers_service (SpaRecord  *therapist,
                const char *service_id)
{
  g_auto(GStrv) ids = spa_record_get_strv (therapist, "service_ids");

  /* A therapist without a list of services has not been restricted. */
  return ids[0] == NULL || g_strv_contains ((const char * const *)ids, service_id);
}

/* The booking as the form says it should be; only fields that really differ are set. */
static SpaRecord *
build_record (SpaBookingDialog *self,
              const char       *therapist_id)
{
  SpaRecord *record = self->original ? spa_record_copy (self->original) : spa_record_new ("booking");
  SpaRecord *service = selected_service (self);
  SpaRecord *room = selected_room (self);
  g_autoptr(GDateTime) starts = selected_start (self);
  g_autoptr(GDateTime) ends = NULL;
  g_autofree char *s_starts = spa_time_format_utc (starts);
  g_autofree char *s_ends = NULL;
  g_autofree char *notes = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->notes_row))));

  ends = g_date_time_add_minutes (starts, service ? spa_record_get_int (service, "duration_min", 60) : 60);
  s_ends = spa_time_format_utc (ends);

  set_if_changed (record, "client_id", self->client_id);
  set_if_changed (record, "service_id", service ? spa_record_get_id (service) : NULL);
  set_if_changed (record, "therapist_id", therapist_id);
  set_if_changed (record, "room_id", room ? spa_record_get_id (room) : NULL);
  set_if_changed (record, "starts_at", s_starts);
  set_if_changed (record, "ends_at", s_ends);
  set_if_changed (record, "notes", *notes ? notes : NULL);

  if (self->original == NULL)
    {
      spa_record_set_string (record, "status", "booked");
      spa_record_set_string (record, "source", "desk");
      if (service != NULL && spa_record_has_value (service, "price_cents"))
        spa_record_set_int (record, "price_cents", spa_record_get_int (service, "price_cents", 0));
    }

  return record;
}

static char *
describe_hours (SpaRecord *therapist,
                GDateTime *day)
{
  g_autofree char *hours = spa_schedule_format_hours (therapist, day);
  g_autofree char *weekday = g_date_time_format (day, "%A");

  if (*hours == '\0')
    /* TRANSLATORS: therapist, weekday */
    return g_strdup_printf (_("%s does not work on %s."), spa_record_get_string (therapist, "name"), weekday);

  /* TRANSLATORS: therapist, weekday, hours such as 09:00–12:00, 13:00–17:00 */
  return g_strdup_printf (_("This is outside %s’s working hours (%s: %s)."),
                          spa_record_get_string (therapist, "name"), weekday, hours);
}

/* Why @therapist cannot take the booking at the chosen time, or NULL if they can. */
static char *
therapist_problem (SpaBookingDialog *self,
                   SpaRecord        *therapist,
                   const char      **field)
{
  g_autoptr(SpaRecord) record = build_record (self, spa_record_get_id (therapist));
  g_autoptr(SpaRecord) clash = spa_schedule_find_clash (get_store (self), record, "therapist_id", NULL);
  g_autoptr(GDateTime) starts = spa_time_parse_utc (spa_record_get_string (record, "starts_at"));
  g_autoptr(GDateTime) ends = spa_time_parse_utc (spa_record_get_string (record, "ends_at"));

  if (clash != NULL)
    {
      *field = "therapist_id";
      return spa_schedule_describe_clash (get_store (self), "therapist_id", clash);
    }

  if (!spa_schedule_within_working_hours (therapist, get_zone (self), starts, ends))
    {
      *field = "starts_at";
      return describe_hours (therapist, self->day);
    }

  return NULL;
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  SpaRecord *ra = *(SpaRecord **)a, *rb = *(SpaRecord **)b;

  return g_utf8_collate (spa_record_get_string (ra, "name"), spa_record_get_string (rb, "name"));
}

/* Those who offer the service, free ones first. */
static void
rebuild_therapists (SpaBookingDialog *self)
{
  SpaRecord *service = selected_service (self);
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) free_ones = g_ptr_array_new ();
  g_autoptr(GPtrArray) busy = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint selected = GTK_INVALID_LIST_POSITION;
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  g_ptr_array_set_size (self->therapist_order, 0);

  for (guint i = 0; service && i < self->therapists->len; i++)
    {
      SpaRecord *therapist = self->therapists->pdata[i];
      const char *field = NULL;
      g_autofree char *problem = NULL;

      if (!offers_service (therapist, spa_record_get_id (service)))
        continue;
      problem = therapist_problem (self, therapist, &field);
      g_ptr_array_add (problem ? busy : free_ones, therapist);
    }

  g_ptr_array_sort (free_ones, compare_by_name);
  g_ptr_array_sort (busy, compare_by_name);
  for (guint i = 0; i < free_ones->len; i++)
    {
      g_ptr_array_add (self->therapist_order, free_ones->pdata[i]);
      /* TRANSLATORS: a therapist in the booking editor who can take the booking */
      g_ptr_array_add (labels, g_strdup_printf (_("%s · free"), spa_record_get_string (free_ones->pdata[i], "name")));
    }
  for (guint i = 0; i < busy->len; i++)
    {
      g_ptr_array_add (self->therapist_order, busy->pdata[i]);
      /* TRANSLATORS: a therapist in the booking editor who is booked or not working then */
      g_ptr_array_add (labels, g_strdup_printf (_("%s · not available"), spa_record_get_string (busy->pdata[i], "name")));
    }
  for (guint i = 0; i < labels->len; i++)
    gtk_string_list_append (list, labels->pdata[i]);

  find_by_id (self->therapist_order, self->therapist_id, &selected);
  if (selected == GTK_INVALID_LIST_POSITION && self->therapist_order->len > 0)
    {
      selected = 0;
      g_free (self->therapist_id);
      self->therapist_id = g_strdup (spa_record_get_id (self->therapist_order->pdata[0]));
    }

  adw_combo_row_set_model (self->therapist_row, G_LIST_MODEL (list));
  if (selected != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->therapist_row, selected);

  self->loading = was_loading;
}

/* Until the user picks a room, the first free one is chosen for them. */
static void
choose_free_room (SpaBookingDialog *self)
{
  g_autoptr(SpaRecord) record = NULL;

  if (self->room_touched || self->rooms->len == 0)
    return;

  record = build_record (self, self->therapist_id);
  for (guint i = 0; i < self->rooms->len; i++)
    {
      g_autoptr(SpaRecord) clash = NULL;

      spa_record_set_string (record, "room_id", spa_record_get_id (self->rooms->pdata[i]));
      clash = spa_schedule_find_clash (get_store (self), record, "room_id", NULL);
      if (clash == NULL)
        {
          gboolean was_loading = self->loading;

          self->loading = TRUE;
          adw_combo_row_set_selected (self->room_row, i + 1);
          self->loading = was_loading;
          return;
        }
    }
}

static void
show_error (SpaBookingDialog *self,
            const char       *field,
            const char       *message)
{
  GtkWidget *label = g_hash_table_lookup (self->errors, field);
  GtkWidget *row = NULL;

  if (g_str_equal (field, "client_id"))
    row = GTK_WIDGET (self->client_row);
  else if (g_str_equal (field, "therapist_id"))
    row = GTK_WIDGET (self->therapist_row);
  else if (g_str_equal (field, "room_id"))
    row = GTK_WIDGET (self->room_row);
  else
    row = GTK_WIDGET (self->time_row);

  gtk_label_set_label (GTK_LABEL (label), message ? message : "");
  gtk_widget_set_visible (label, message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static void
validate (SpaBookingDialog *self)
{
  g_autoptr(GHashTable) messages = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(SpaRecord) record = NULL;
  g_autoptr(GHashTable) store_errors = NULL;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) now = NULL;
  SpaRecord *therapist;
  gboolean time_changed;
  gboolean blocking = FALSE;
  GHashTableIter iter;
  gpointer key, value;

  if (self->loading)
    return;

  record = build_record (self, self->therapist_id);
  therapist = find_by_id (self->therapists, self->therapist_id, NULL);
  starts = selected_start (self);
  now = spa_context_now (self->context);

  if (self->client_id == NULL)
    g_hash_table_insert (messages, "client_id", g_strdup (_("Choose a client, or create a new one with the button.")));

  if (selected_service (self) == NULL)
    g_hash_table_insert (messages, "starts_at", g_strdup (_("Choose a service.")));
  else if (therapist == NULL)
    g_hash_table_insert (messages, "therapist_id", g_strdup (_("No active therapist offers this service.")));

  time_changed = self->original == NULL ||
                 g_strcmp0 (spa_record_get_string (self->original, "starts_at"),
                            spa_record_get_string (record, "starts_at")) != 0;
  if (time_changed && g_date_time_compare (starts, now) < 0)
    g_hash_table_insert (messages, "starts_at", g_strdup (_("This time has already passed. Choose a later one.")));

  if (therapist != NULL)
    {
      const char *field = NULL;
      char *problem = therapist_problem (self, therapist, &field);

      if (problem != NULL && !g_hash_table_contains (messages, field))
        g_hash_table_insert (messages, (gpointer)field, problem);
      else
        g_free (problem);
    }

  {
    g_autoptr(SpaRecord) clash = spa_schedule_find_clash (get_store (self), record, "room_id", NULL);
    g_autoptr(SpaRecord) client_clash = spa_schedule_find_clash (get_store (self), record, "client_id", NULL);

    if (clash != NULL)
      g_hash_table_insert (messages, "room_id", spa_schedule_describe_clash (get_store (self), "room_id", clash));
    /* Not a store rule (DESIGN.md names therapists and rooms), but nobody is in two sessions at once. */
    if (client_clash != NULL && !g_hash_table_contains (messages, "client_id"))
      g_hash_table_insert (messages, "client_id",
                           spa_schedule_describe_clash (get_store (self), "client_id", client_clash));
  }

  /* Whatever else the store would refuse, next to the closest field. */
  store_errors = spa_validate_collect_errors (get_store (self), record);
  g_hash_table_iter_init (&iter, store_errors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *field = key;

      if (!g_strv_contains (error_fields, field))
        field = "starts_at";
      if (!g_hash_table_contains (messages, field))
        g_hash_table_insert (messages, (gpointer)g_intern_string (field), g_strdup (value));
    }

  for (guint i = 0; i < G_N_ELEMENTS (error_fields); i++)
    {
      const char *message = g_hash_table_lookup (messages, error_fields[i]);

      if (message != NULL)
        blocking = TRUE;
      /* A client not chosen yet is only pointed out once the user has been there. */
      if (g_str_equal (error_fields[i], "client_id") && !self->client_touched)
        message = NULL;
      show_error (self, error_fields[i], message);
    }

  self->can_save = !blocking && (self->original == NULL || spa_record_is_changed (record));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking-dialog.save", self->can_save);
}

static void
refresh (SpaBookingDialog *self)
{
  if (self->loading)
    return;

  rebuild_therapists (self);
  choose_free_room (self);
  validate (self);
}

static void
field_changed_cb (SpaBookingDialog *self,
                  GParamSpec       *pspec,
                  GObject          *source)
{
  if (self->loading)
    return;

  if (source == G_OBJECT (self->room_row))
    {
      self->room_touched = TRUE;
      validate (self);
      return;
    }

  refresh (self);
}

static void
therapist_selected_cb (SpaBookingDialog *self)
{
  guint i = adw_combo_row_get_selected (self->therapist_row);

  if (self->loading || i >= self->therapist_order->len)
    return;

  g_free (self->therapist_id);
  self->therapist_id = g_strdup (spa_record_get_id (self->therapist_order->pdata[i]));
  choose_free_room (self);
  validate (self);
}

static void
update_date_label (SpaBookingDialog *self)
{
  /* TRANSLATORS: the booking's date, see g_date_time_format */
  g_autofree char *label = g_date_time_format (self->day, _("%a %e %B %Y"));

  gtk_menu_button_set_label (self->date_button, g_strstrip (label));
}

static void
set_day (SpaBookingDialog *self,
         GDateTime        *day)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (day, get_zone (self));

  g_clear_pointer (&self->day, g_date_time_unref);
  self->day = spa_schedule_day_start (get_zone (self), g_date_time_get_year (local),
                                      g_date_time_get_month (local), g_date_time_get_day_of_month (local));
  update_date_label (self);
}

static void
date_selected_cb (SpaBookingDialog *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->date_calendar);
  g_autoptr(GDateTime) noon = g_date_time_new (get_zone (self), g_date_time_get_year (date),
                                               g_date_time_get_month (date),
                                               g_date_time_get_day_of_month (date), 12, 0, 0);

  if (self->loading)
    return;

  set_day (self, noon);
  gtk_menu_button_popdown (self->date_button);
  refresh (self);
}

/* ---- Client search ------------------------------------------------------ */

static void
set_client_record (SpaBookingDialog *self,
                   SpaRecord        *client)
{
  g_autofree char *name = spa_client_dup_display_name (client);
  gboolean was_loading = self->loading;

  g_free (self->client_id);
  self->client_id = g_strdup (spa_record_get_id (client));
  self->client_touched = TRUE;

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->client_row), name);
  gtk_editable_set_position (GTK_EDITABLE (self->client_row), -1);
  self->loading = was_loading;

  gtk_widget_set_visible (GTK_WIDGET (self->client_results), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->client_row), _("Client"));
  validate (self);
}

static void
client_search_changed_cb (SpaBookingDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->client_row));
  g_autoptr(GPtrArray) clients = NULL;
  GtkWidget *child;

  if (self->loading)
    return;

  /* Typing again means looking for somebody else. */
  g_clear_pointer (&self->client_id, g_free);
  self->client_touched = TRUE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->client_results))) != NULL)
    gtk_list_box_remove (self->client_results, child);

  if (!spa_str_empty (text))
    clients = spa_store_search_clients (get_store (self), text, 6, NULL);

  for (guint i = 0; clients && i < clients->len; i++)
    {
      SpaRecord *client = clients->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *name = spa_client_dup_display_name (client);
      const char *phone = spa_record_get_string (client, "phone");
      const char *email = spa_record_get_string (client, "email");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), phone ? phone : email ? email : "");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "client", g_object_ref (client), g_object_unref);
      gtk_list_box_append (self->client_results, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->client_results), clients && clients->len > 0);
  validate (self);
}

static void
client_result_activated_cb (SpaBookingDialog *self,
                            GtkListBoxRow    *row)
{
  set_client_record (self, g_object_get_data (G_OBJECT (row), "client"));
}

static void
client_search_activated_cb (SpaBookingDialog *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->client_results, 0);

  if (first != NULL && gtk_widget_get_visible (GTK_WIDGET (self->client_results)))
    client_result_activated_cb (self, first);
}

static void
client_created_cb (SpaBookingDialog *self,
                   SpaRecord        *client)
{
  set_client_record (self, client);
}

static void
new_client_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SpaBookingDialog *self = SPA_BOOKING_DIALOG (widget);
  SpaClientDialog *dialog = spa_client_dialog_new (self->context, NULL);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->client_row));
  GtkEditable *first = spa_client_dialog_get_field (dialog, "first_name");
  GtkEditable *last = spa_client_dialog_get_field (dialog, "last_name");

  /* What was typed in the search is most likely the new client's name. */
  if (self->client_id == NULL && !spa_str_empty (text))
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (text));
      g_auto(GStrv) parts = g_strsplit (trimmed, " ", 2);

      gtk_editable_set_text (first, parts[0] ? parts[0] : "");
      gtk_editable_set_text (last, parts[0] && parts[1] ? g_strstrip (parts[1]) : "");
    }

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (client_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Saving ------------------------------------------------------------- */

/**
 * spa_booking_dialog_save:
 *
 * Saves the booking if the form is valid. On a store error (a booking made meanwhile
 * on another desk) the message is shown next to its field and the dialog stays open.
 *
 * Returns: %TRUE if the booking was saved
 */
gboolean
spa_booking_dialog_save (SpaBookingDialog *self)
{
  g_autoptr(SpaRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SPA_IS_BOOKING_DIALOG (self), FALSE);

  self->client_touched = TRUE;
  validate (self);
  if (!spa_booking_dialog_can_save (self))
    return FALSE;

  record = build_record (self, self->therapist_id);
  if (self->original == NULL)
    {
      g_autofree char *now = spa_store_now_utc (get_store (self));

      spa_booking_add_history (record, "booked", now);
    }

  if (!spa_store_save (get_store (self), record, &error))
    {
      const char *field = spa_validation_error_get_field (error);

      if (field == NULL || !g_strv_contains (error_fields, field))
        field = "starts_at";
      show_error (self, field, error->message);
      self->can_save = FALSE;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking-dialog.save", FALSE);
      return FALSE;
    }

  self->saved = TRUE;
  g_signal_emit (self, signals[SAVED], 0, record);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  spa_booking_dialog_save (SPA_BOOKING_DIALOG (widget));
}

static gboolean
spa_booking_dialog_close_request (GtkWindow *window)
{
  SpaBookingDialog *self = SPA_BOOKING_DIALOG (window);
  g_autoptr(SpaRecord) record = NULL;

  if (self->saved)
    return GDK_EVENT_PROPAGATE;

  record = build_record (self, self->therapist_id);
  if (self->original != NULL ? !spa_record_is_changed (record)
                             : self->client_id == NULL && spa_str_empty (spa_record_get_string (record, "notes")))
    return GDK_EVENT_PROPAGATE;

  /* Never drop what was entered without asking. */
  spa_widget_ask_discard (window, _("Discard the Booking?"), _("The booking has not been saved."));
  return GDK_EVENT_STOP;
}

/* ---- Construction -------------------------------------------------------- */

static void
spa_booking_dialog_dispose (GObject *object)
{
  SpaBookingDialog *self = (SpaBookingDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_BOOKING_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->original);
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->therapist_id, g_free);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->therapists, g_ptr_array_unref);
  g_clear_pointer (&self->therapist_order, g_ptr_array_unref);
  g_clear_pointer (&self->rooms, g_ptr_array_unref);
  g_clear_pointer (&self->day, g_date_time_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);

  G_OBJECT_CLASS (spa_booking_dialog_parent_class)->dispose (object);
}

static void
spa_booking_dialog_class_init (SpaBookingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = spa_booking_dialog_dispose;
  window_class->close_request = spa_booking_dialog_close_request;

  /**
   * SpaBookingDialog::saved:
   * @booking: the saved booking
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SPA_TYPE_RECORD);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-booking-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, client_row);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, client_results);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, service_row);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, date_button);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, date_calendar);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, therapist_row);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, room_row);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, notes_row);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, therapist_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_result_activated_cb);
  for (guint i = 0; i < G_N_ELEMENTS (error_fields); i++)
    {
      g_autofree char *label_name = g_strdup_printf ("%s_error", error_fields[i]);

      gtk_widget_class_bind_template_child_full (widget_class, label_name, FALSE, 0);
    }

  gtk_widget_class_install_action (widget_class, "booking-dialog.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "booking-dialog.new-client", NULL, new_client_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "booking-dialog.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
spa_booking_dialog_init (SpaBookingDialog *self)
{
  g_autoptr(GtkStringList) slots = gtk_string_list_new (NULL);

  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->errors = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < G_N_ELEMENTS (error_fields); i++)
    {
      g_autofree char *label_name = g_strdup_printf ("%s_error", error_fields[i]);

      g_hash_table_insert (self->errors, (gpointer)error_fields[i],
                           gtk_widget_get_template_child (GTK_WIDGET (self), SPA_TYPE_BOOKING_DIALOG, label_name));
    }

  for (int i = 0; i < N_SLOTS; i++)
    {
      int minute = FIRST_SLOT + 15 * i;
      g_autofree char *label = g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);

      gtk_string_list_append (slots, label);
    }
  adw_combo_row_set_model (self->time_row, G_LIST_MODEL (slots));
  self->therapist_order = g_ptr_array_new ();
}

static GPtrArray *
load_choices (SpaStore   *store,
              const char *entity,
              const char *keep_id)
{
  g_autoptr(GPtrArray) all = spa_store_list (store, entity, FALSE, NULL);
  GPtrArray *choices = g_ptr_array_new_with_free_func (g_object_unref);

  /* Active ones, and the booking's own even if it has been deactivated since. */
  for (guint i = 0; all && i < all->len; i++)
    if (spa_record_get_boolean (all->pdata[i], "active") ||
        g_strcmp0 (spa_record_get_id (all->pdata[i]), keep_id) == 0)
      g_ptr_array_add (choices, g_object_ref (all->pdata[i]));

  return choices;
}

static void
load (SpaBookingDialog *self)
{
  SpaStore *store = get_store (self);
  const char *keep_service = self->original ? spa_record_get_string (self->original, "service_id") : NULL;
  const char *keep_room = self->original ? spa_record_get_string (self->original, "room_id") : NULL;
  g_autoptr(GtkStringList) services = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) rooms = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = spa_context_now (self->context);
  g_autoptr(GDateTime) starts = NULL;

  self->loading = TRUE;

  self->services = load_choices (store, "service", keep_service);
  self->therapists = load_choices (store, "therapist",
                                   self->original ? spa_record_get_string (self->original, "therapist_id") : NULL);
  self->rooms = load_choices (store, "room", keep_room);

  for (guint i = 0; i < self->services->len; i++)
    {
      SpaRecord *service = self->services->pdata[i];
      /* The default services' names already give their length. */
      gtk_string_list_append (services, spa_record_get_string (service, "name"));
    }
  adw_combo_row_set_model (self->service_row, G_LIST_MODEL (services));

  gtk_string_list_append (rooms, _("No room"));
  for (guint i = 0; i < self->rooms->len; i++)
    gtk_string_list_append (rooms, spa_record_get_string (self->rooms->pdata[i], "name"));
  adw_combo_row_set_model (self->room_row, G_LIST_MODEL (rooms));

  if (self->original != NULL)
    {
      g_autoptr(SpaRecord) client = spa_store_get (store, "client", spa_record_get_string (self->original, "client_id"), NULL);
      const char *notes = spa_record_get_string (self->original, "notes");

      starts = spa_time_parse_utc (spa_record_get_string (self->original, "starts_at"));
      if (client != NULL)
        set_client_record (self, client);
      spa_booking_dialog_set_service (self, keep_service);
      self->therapist_id = g_strdup (spa_record_get_string (self->original, "therapist_id"));
      spa_booking_dialog_set_room (self, keep_room);
      gtk_editable_set_text (GTK_EDITABLE (self->notes_row), notes ? notes : "");
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Booking"));
      gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Save"));
      self->room_touched = TRUE;
    }
  else
    {
      /* The next quarter hour from now. */
      g_autoptr(GDateTime) local = g_date_time_to_timezone (now, get_zone (self));
      g_autoptr(GDateTime) midnight = spa_schedule_day_start (get_zone (self), g_date_time_get_year (local),
                                                              g_date_time_get_month (local),
                                                              g_date_time_get_day_of_month (local));
      int minute = (g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local) + 15) / 15 * 15;

      starts = g_date_time_add_minutes (midnight, minute);
    }

  self->loading = FALSE;
  spa_booking_dialog_set_start (self, starts);
}

/**
 * spa_booking_dialog_new:
 * @context: the spa's context
 * @booking: (nullable): the booking to edit, or %NULL for a new one
 *
 * Returns: (transfer none): the dialog (a toplevel window)
 */
SpaBookingDialog *
spa_booking_dialog_new (SpaContext *context,
                        SpaRecord  *booking)
{
  SpaBookingDialog *self;

  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  self = g_object_new (SPA_TYPE_BOOKING_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->original = booking ? spa_record_copy (booking) : NULL;
  if (self->original)
    spa_record_clear_changed (self->original);
  load (self);

  return self;
}

/**
 * spa_booking_dialog_prefill:
 * @client_id: (nullable): the client (Book again, or from the client's page)
 * @service_id: (nullable): the service
 * @therapist_id: (nullable): the therapist (from the calendar's column)
 * @starts: (nullable): the time (from the calendar's slot)
 */
void
spa_booking_dialog_prefill (SpaBookingDialog *self,
                            const char       *client_id,
                            const char       *service_id,
                            const char       *therapist_id,
                            GDateTime        *starts)
{
  g_return_if_fail (SPA_IS_BOOKING_DIALOG (self));

  if (client_id != NULL)
    spa_booking_dialog_set_client (self, client_id);
  if (service_id != NULL)
    spa_booking_dialog_set_service (self, service_id);
  if (starts != NULL)
    spa_booking_dialog_set_start (self, starts);
  if (therapist_id != NULL)
    spa_booking_dialog_set_therapist (self, therapist_id);
}

gboolean
spa_booking_dialog_set_client (SpaBookingDialog *self,
                               const char       *client_id)
{
  g_autoptr(SpaRecord) client = NULL;

  g_return_val_if_fail (SPA_IS_BOOKING_DIALOG (self), FALSE);

  client = spa_store_get (get_store (self), "client", client_id, NULL);
  if (client == NULL)
    return FALSE;

  set_client_record (self, client);
  return TRUE;
}

gboolean
spa_booking_dialog_set_service (SpaBookingDialog *self,
                                const char       *service_id)
{
  guint index;

  g_return_val_if_fail (SPA_IS_BOOKING_DIALOG (self), FALSE);

  if (find_by_id (self->services, service_id, &index) == NULL)
    return FALSE;

  adw_combo_row_set_selected (self->service_row, index);
  refresh (self);
  return TRUE;
}

/**
 * spa_booking_dialog_set_therapist:
 *
 * Returns: whether the therapist could be chosen (they must offer the service)
 */
gboolean
spa_booking_dialog_set_therapist (SpaBookingDialog *self,
                                  const char       *therapist_id)
{
  guint index;

  g_return_val_if_fail (SPA_IS_BOOKING_DIALOG (self), FALSE);

  if (find_by_id (self->therapist_order, therapist_id, &index) == NULL)
    return FALSE;

  adw_combo_row_set_selected (self->therapist_row, index);
  therapist_selected_cb (self);
  return TRUE;
}

gboolean
spa_booking_dialog_set_room (SpaBookingDialog *self,
                             const char       *room_id)
{
  guint index;

  g_return_val_if_fail (SPA_IS_BOOKING_DIALOG (self), FALSE);

  if (find_by_id (self->rooms, room_id, &index) == NULL)
    return FALSE;

  self->room_touched = TRUE;
  adw_combo_row_set_selected (self->room_row, index + 1);
  validate (self);
  return TRUE;
}

/**
 * spa_booking_dialog_set_start:
 *
 * Sets the date and time, rounded down to the quarter hour, in the spa's zone.
 */
void
spa_booking_dialog_set_start (SpaBookingDialog *self,
                              GDateTime        *starts)
{
  g_autoptr(GDateTime) local = NULL;
  gboolean was_loading = self->loading;
  int minute;

  g_return_if_fail (SPA_IS_BOOKING_DIALOG (self));

  local = g_date_time_to_timezone (starts, get_zone (self));
  minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);

  self->loading = TRUE;
  set_day (self, local);
  gtk_calendar_select_day (self->date_calendar, local);
  adw_combo_row_set_selected (self->time_row, CLAMP ((minute - FIRST_SLOT) / 15, 0, N_SLOTS - 1));
  self->loading = was_loading;

  refresh (self);
}

GtkEditable *
spa_booking_dialog_get_client_search (SpaBookingDialog *self)
{
  g_return_val_if_fail (SPA_IS_BOOKING_DIALOG (self), NULL);
  return GTK_EDITABLE (self->client_row);
}

GtkListBox *
spa_booking_dialog_get_client_results (SpaBookingDialog *self)
{
  g_return_val_if_fail (SPA_IS_BOOKING_DIALOG (self), NULL);
  return self->client_results;
}

/**
 * spa_booking_dialog_get_error:
 * @field: client_id, starts_at, therapist_id or room_id
 *
 * Returns: (nullable): the message shown next to @field, or %NULL when none is shown
 */
const char *
spa_booking_dialog_get_error (SpaBookingDialog *self,
                              const char       *field)
{
  GtkWidget *label;

  g_return_val_if_fail (SPA_IS_BOOKING_DIALOG (self), NULL);

  label = g_hash_table_lookup (self->errors, field);
  if (label == NULL || !gtk_widget_get_visible (label))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (label));
}

gboolean
spa_booking_dialog_can_save (SpaBookingDialog *self)
{
  g_return_val_if_fail (SPA_IS_BOOKING_DIALOG (self), FALSE);
  return self->can_save;
}
