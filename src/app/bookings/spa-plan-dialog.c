/* spa-plan-dialog.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-plan-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-plan-dialog.h"
#include "spa-widget-util.h"

/*
 * A treatment plan from a booking: "every N weeks, N visits in all" or "until a day".
 * The rules are the core's (spa_series_plan(), spa_series_book(),
 * docs/treatment-plans.md); this dialog shows each visit the rule gives with what the
 * core found: free (with its therapist and room) or clashing, with the free times that
 * day to choose from or "Leave out". Book Plan stays disabled until every clash is
 * settled, and books the whole plan in one transaction; if a visit was taken
 * meanwhile, the dialog says which and checks the plan again.
 */

/* Free times offered for a visit that clashes. */
#define N_ALTERNATIVES 4

struct _SpaPlanDialog
{
  AdwWindow     parent_instance;

  /* Template widgets */
  GtkWidget    *book_button;
  AdwActionRow *first_row;
  GtkSpinButton *weeks_spin;
  AdwComboRow  *ends_row;
  GtkWidget    *count_row;
  GtkSpinButton *count_spin;
  GtkWidget    *until_row;
  GtkMenuButton *until_button;
  GtkCalendar  *until_calendar;
  GtkLabel     *rule_error;
  GtkListBox   *visits_list;
  GtkLabel     *summary_label;
  GtkLabel     *save_error;

  /* Owned */
  SpaContext   *context;
  SpaRecord    *booking;
  GPtrArray    *visits;      /* SpaPlanVisit, from the core */
  GPtrArray    *choices;     /* per visit: its AdwComboRow for a clash, else NULL */
  GDate         until;
  gboolean      loading;
};

G_DEFINE_FINAL_TYPE (SpaPlanDialog, spa_plan_dialog, ADW_TYPE_WINDOW)

/* The choice list of a clash: "Choose a time", its alternatives, "Leave out". */
#define CHOICE_NONE 0

static GTimeZone *
get_zone (SpaPlanDialog *self)
{
  return spa_context_get_time_zone (self->context);
}

static SpaStore *
get_store (SpaPlanDialog *self)
{
  return spa_context_get_store (self->context);
}

static char *
therapist_name (SpaPlanDialog *self,
                const char    *therapist_id)
{
  g_autoptr(SpaRecord) therapist = spa_store_get (get_store (self), SPA_THERAPIST_ENTITY,
                                                  therapist_id, NULL);

  return g_strdup (therapist ? spa_therapist_get_name (therapist) : "");
}

/* "Claire Dubois · Cedar room", or the therapist alone without a room. */
static char *
describe_slot (SpaPlanDialog *self,
               SpaSlot       *slot)
{
  g_autofree char *name = therapist_name (self, slot->therapist_id);
  g_autoptr(SpaRecord) room = NULL;

  if (slot->room_id != NULL)
    room = spa_store_get (get_store (self), SPA_ROOM_ENTITY, slot->room_id, NULL);
  if (room == NULL)
    return g_steal_pointer (&name);
  return g_strdup_printf ("%s · %s", name, spa_room_get_name (room));
}

/* "Tue., Mar. 16 · 10:00" */
static char *
describe_start (SpaPlanDialog *self,
                GDateTime     *starts)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (starts, get_zone (self));
  g_autofree char *day = spa_format_date_weekday (local);
  g_autofree char *time = spa_format_time (local);

  /* TRANSLATORS: a visit of a treatment plan: its day, its time */
  return g_strdup_printf (_("%s · %s"), day, time);
}

static SpaSlot *
chosen_slot (SpaPlanDialog *self,
             guint          i)
{
  SpaPlanVisit *visit = self->visits->pdata[i];
  AdwComboRow *choice = self->choices->pdata[i];
  guint selected;

  if (visit->slot != NULL)
    return visit->slot;
  selected = adw_combo_row_get_selected (choice);
  if (selected == CHOICE_NONE || selected > visit->alternatives->len)
    return NULL;
  return visit->alternatives->pdata[selected - 1];
}

/* Whether visit @i is settled: free, an alternative chosen, or left out. */
static gboolean
is_settled (SpaPlanDialog *self,
            guint          i)
{
  SpaPlanVisit *visit = self->visits->pdata[i];

  return visit->slot != NULL ||
         adw_combo_row_get_selected (self->choices->pdata[i]) != CHOICE_NONE;
}

guint
spa_plan_dialog_get_n_clashes (SpaPlanDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (SPA_IS_PLAN_DIALOG (self), 0);

  for (guint i = 0; self->visits != NULL && i < self->visits->len; i++)
    n += ((SpaPlanVisit *)self->visits->pdata[i])->slot == NULL;
  return n;
}

/* How many visits Book Plan would book now. */
guint
spa_plan_dialog_get_n_visits (SpaPlanDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (SPA_IS_PLAN_DIALOG (self), 0);

  for (guint i = 0; self->visits != NULL && i < self->visits->len; i++)
    n += chosen_slot (self, i) != NULL;
  return n;
}

static void
update_summary (SpaPlanDialog *self)
{
  guint unsettled = 0;
  guint n_visits;
  g_autofree char *text = NULL;

  for (guint i = 0; self->visits != NULL && i < self->visits->len; i++)
    unsettled += !is_settled (self, i);
  n_visits = spa_plan_dialog_get_n_visits (self);

  if (self->visits == NULL)
    text = g_strdup ("");
  else if (unsettled > 0)
    text = g_strdup_printf (ngettext ("%u visit clashes: choose another time or leave it out.",
                                         "%u visits clash: choose another time or leave them out.",
                                         unsettled), unsettled);
  else
    text = g_strdup_printf (ngettext ("%u visit to book after this one.",
                                         "%u visits to book after this one.", n_visits),
                            n_visits);
  gtk_label_set_text (self->summary_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan-dialog.book",
                                 self->visits != NULL && unsettled == 0 && n_visits > 0);
}

static void
choice_changed_cb (SpaPlanDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->save_error), FALSE);
  update_summary (self);
}

static GtkWidget *
free_row_new (SpaPlanDialog *self,
              SpaPlanVisit  *visit)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = describe_start (self, visit->starts);
  g_autofree char *subtitle = describe_slot (self, visit->slot);
  GtkWidget *icon = gtk_image_new_from_icon_name ("object-select-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Free"), -1);
  gtk_widget_set_tooltip_text (icon, _("Free"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static GtkWidget *
clash_row_new (SpaPlanDialog *self,
               SpaPlanVisit  *visit)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) items = gtk_string_list_new (NULL);
  g_autofree char *title = describe_start (self, visit->starts);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_string_list_append (items, visit->alternatives->len > 0 ? _("Choose another time")
                                                               : _("No free time that day"));
  for (guint a = 0; a < visit->alternatives->len; a++)
    {
      SpaSlot *slot = visit->alternatives->pdata[a];
      g_autoptr(GDateTime) local = g_date_time_to_timezone (slot->starts, get_zone (self));
      g_autofree char *time = spa_format_time (local);
      g_autofree char *who = describe_slot (self, slot);
      /* TRANSLATORS: a free time offered for a visit that clashes: time, therapist (and room) */
      g_autofree char *label = g_strdup_printf (_("%s · %s"), time, who);

      gtk_string_list_append (items, label);
    }
  gtk_string_list_append (items, _("Leave out"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Taken at this time"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (items));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Clash"), -1);
  gtk_widget_set_tooltip_text (icon, _("Taken at this time"));
  gtk_widget_add_css_class (icon, "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_add_css_class (row, "clash");
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (choice_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return row;
}

static void
show_rule_error (SpaPlanDialog *self,
                 const char    *message)
{
  spa_widget_show_error (self->rule_error, NULL, message, SPA_SHOW_ERROR_PLAIN);
}

/* Asks the core for the visits the rule gives and shows them. */
static void
check_plan (SpaPlanDialog *self)
{
  g_autoptr(GDateTime) now = spa_context_now (self->context);
  g_autoptr(GError) error = NULL;
  gboolean until = adw_combo_row_get_selected (self->ends_row) == 1;
  SpaRecurrence rule = {
    .interval_weeks = (guint)gtk_spin_button_get_value_as_int (self->weeks_spin),
    .count = until ? 0 : (guint)gtk_spin_button_get_value_as_int (self->count_spin),
    .until = until ? &self->until : NULL,
  };

  spa_list_box_remove_all (self->visits_list);
  g_clear_pointer (&self->visits, g_ptr_array_unref);
  g_ptr_array_set_size (self->choices, 0);

  self->visits = spa_series_plan (get_store (self), self->booking, &rule, now, get_zone (self),
                                  N_ALTERNATIVES, &error);
  show_rule_error (self, error ? error->message : NULL);
  for (guint i = 0; self->visits != NULL && i < self->visits->len; i++)
    {
      SpaPlanVisit *visit = self->visits->pdata[i];
      GtkWidget *row = visit->slot ? free_row_new (self, visit) : clash_row_new (self, visit);

      g_ptr_array_add (self->choices, visit->slot ? NULL : row);
      gtk_list_box_append (self->visits_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->visits_list),
                          self->visits != NULL && self->visits->len > 0);
  update_summary (self);
}

static void
update_until_label (SpaPlanDialog *self)
{
  g_autoptr(GDateTime) day = g_date_time_new (get_zone (self), g_date_get_year (&self->until),
                                              g_date_get_month (&self->until),
                                              g_date_get_day (&self->until), 12, 0, 0);
  g_autofree char *label = spa_format_date_short (day);

  gtk_menu_button_set_label (self->until_button, label);
}

static void
rule_changed_cb (SpaPlanDialog *self)
{
  gboolean until = adw_combo_row_get_selected (self->ends_row) == 1;

  if (self->loading)
    return;
  gtk_widget_set_visible (self->count_row, !until);
  gtk_widget_set_visible (self->until_row, until);
  gtk_widget_set_visible (GTK_WIDGET (self->save_error), FALSE);
  check_plan (self);
}

static void
until_selected_cb (SpaPlanDialog *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->until_calendar);

  if (self->loading)
    return;
  g_date_set_dmy (&self->until, g_date_time_get_day_of_month (date),
                  g_date_time_get_month (date), g_date_time_get_year (date));
  update_until_label (self);
  gtk_menu_button_popdown (self->until_button);
  rule_changed_cb (self);
}

static void
book_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SpaPlanDialog *self = SPA_PLAN_DIALOG (widget);
  g_autoptr(GPtrArray) slots = g_ptr_array_new ();
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkWindow *parent;

  for (guint i = 0; self->visits != NULL && i < self->visits->len; i++)
    {
      SpaSlot *slot;

      if (!is_settled (self, i))
        return;
      slot = chosen_slot (self, i);
      if (slot != NULL)
        g_ptr_array_add (slots, slot);
    }
  if (slots->len == 0)
    return;

  made = spa_series_book (get_store (self), self->booking, slots, &error);
  if (made == NULL)
    {
      /* A visit taken meanwhile: say which, and show the plan as it is now. */
      check_plan (self);
      spa_widget_show_error (self->save_error, NULL, error->message, SPA_SHOW_ERROR_PLAIN);
      return;
    }

  message = g_strdup_printf (ngettext ("Treatment plan booked: %u more visit",
                                          "Treatment plan booked: %u more visits", made->len),
                             made->len);
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    spa_widget_show_toast (GTK_WIDGET (parent), message, 6, NULL, NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
spa_plan_dialog_dispose (GObject *object)
{
  SpaPlanDialog *self = (SpaPlanDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_PLAN_DIALOG);
  g_clear_pointer (&self->visits, g_ptr_array_unref);
  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_object (&self->booking);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spa_plan_dialog_parent_class)->dispose (object);
}

static void
spa_plan_dialog_class_init (SpaPlanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_plan_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-plan-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaPlanDialog, book_button);
  gtk_widget_class_bind_template_child (widget_class, SpaPlanDialog, first_row);
  gtk_widget_class_bind_template_child (widget_class, SpaPlanDialog, weeks_spin);
  gtk_widget_class_bind_template_child (widget_class, SpaPlanDialog, ends_row);
  gtk_widget_class_bind_template_child (widget_class, SpaPlanDialog, count_row);
  gtk_widget_class_bind_template_child (widget_class, SpaPlanDialog, count_spin);
  gtk_widget_class_bind_template_child (widget_class, SpaPlanDialog, until_row);
  gtk_widget_class_bind_template_child (widget_class, SpaPlanDialog, until_button);
  gtk_widget_class_bind_template_child (widget_class, SpaPlanDialog, until_calendar);
  gtk_widget_class_bind_template_child (widget_class, SpaPlanDialog, rule_error);
  gtk_widget_class_bind_template_child (widget_class, SpaPlanDialog, visits_list);
  gtk_widget_class_bind_template_child (widget_class, SpaPlanDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SpaPlanDialog, save_error);
  gtk_widget_class_bind_template_callback (widget_class, rule_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, until_selected_cb);

  gtk_widget_class_install_action (widget_class, "plan-dialog.book", NULL, book_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "plan-dialog.book", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
spa_plan_dialog_init (SpaPlanDialog *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  spa_calendar_follow_keyboard (self->until_calendar);
  self->choices = g_ptr_array_new ();
  g_date_clear (&self->until, 1);
}

static void
fill_first_row (SpaPlanDialog *self)
{
  g_autoptr(GDateTime) starts = spa_time_parse_utc (spa_booking_get_starts_at (self->booking));
  g_autoptr(SpaRecord) service = spa_store_get (get_store (self), SPA_SERVICE_ENTITY,
                                                spa_booking_get_service_id (self->booking), NULL);
  g_autoptr(SpaRecord) client = spa_store_get (get_store (self), SPA_CLIENT_ENTITY,
                                               spa_booking_get_client_id (self->booking), NULL);
  g_autofree char *title = describe_start (self, starts);
  g_autofree char *name = client ? spa_client_dup_display_name (client) : g_strdup ("");
  g_autofree char *who = therapist_name (self, spa_booking_get_therapist_id (self->booking));
  /* TRANSLATORS: the first visit of a treatment plan: client, service, therapist */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s · %s"), name,
                                               service ? spa_service_get_name (service) : "", who);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->first_row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->first_row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->first_row), subtitle);
}

/**
 * spa_plan_dialog_new:
 * @booking: the plan's first visit, already booked
 *
 * Returns: (transfer none): the dialog (a toplevel window), showing weekly visits, six
 *   in all, as checked by the core
 */
SpaPlanDialog *
spa_plan_dialog_new (SpaContext *context,
                     SpaRecord  *booking)
{
  SpaPlanDialog *self;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) last = NULL;

  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (booking != NULL, NULL);

  self = g_object_new (SPA_TYPE_PLAN_DIALOG, NULL);
  self->context = g_object_ref (context);
  self->booking = spa_record_copy (booking);

  /* "Until" starts five weeks after the first visit: six weekly visits either way. */
  starts = spa_time_parse_utc (spa_booking_get_starts_at (booking));
  local = g_date_time_to_timezone (starts, get_zone (self));
  last = g_date_time_add_weeks (local, 5);
  g_date_set_dmy (&self->until, g_date_time_get_day_of_month (last),
                  g_date_time_get_month (last), g_date_time_get_year (last));
  gtk_calendar_select_day (self->until_calendar, last);
  update_until_label (self);
  fill_first_row (self);

  self->loading = FALSE;
  check_plan (self);
  return self;
}
