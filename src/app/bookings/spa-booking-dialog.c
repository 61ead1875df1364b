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
#include "spa-booking-dialog-private.h"
#include "spa-client-dialog.h"
#include "spa-widget-util.h"

/*
 * The booking editor: a form over a SpaBookingDraft, which holds the rules. Every
 * problem the draft finds is shown next to its field while the user fills the form,
 * and Save stays disabled until there is none. The store checks the overlap again on
 * save, so a booking made meanwhile on another desk is still refused.
 */

#define FIRST_SLOT (6 * 60)
#define N_SLOTS (16 * 4)
/* How far ahead a new booking looks for its first free time. */
#define FREE_START_DAYS 14

static const char *error_fields[] = { "client_id", "service_id", "starts_at", "therapist_id", "room_id" };

struct _SpaBookingDialog
{
  AdwWindow        parent_instance;

  /* Template widgets */
  GtkWidget       *save_button;
  AdwEntryRow     *client_row;
  GtkListBox      *client_results;
  AdwComboRow     *service_row;
  AdwActionRow    *promotion_row;
  GtkWidget       *paid_group;
  AdwActionRow    *paid_row;
  GtkImage        *paid_icon;
  GtkWidget       *checkout_button;
  GtkMenuButton   *date_button;
  GtkCalendar     *date_calendar;
  AdwComboRow     *time_row;
  GtkLabel        *past_day_label;
  AdwComboRow     *therapist_row;
  AdwComboRow     *room_row;
  AdwEntryRow     *notes_row;
  GtkWidget       *next_free_box;
  GtkFlowBox      *next_free_flow;

  /* Owned */
  SpaContext      *context;
  SpaBookingDraft *draft;
  char            *given_client_id; /* the client it was opened for */
  int              exact_minute;    /* a start off the quarter hours, in the time list in
                                     * its place among them, as minutes from midnight;
                                     * -1 if none */
  GPtrArray       *services;
  GPtrArray       *therapists;   /* all that could be chosen */
  GPtrArray       *therapist_order; /* as in the combo row */
  GPtrArray       *rooms;        /* as in the combo row after "No room" */
  GDateTime       *day;          /* local midnight of the chosen date */
  GTimeZone       *zone;         /* the booking's location's: its times are typed in it */
  GHashTable      *errors;       /* field -> GtkLabel */
  GPtrArray       *next_free;    /* SpaSlot: the next free times offered */
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
static void set_client_record (SpaBookingDialog *self, SpaRecord *client);
static void set_day (SpaBookingDialog *self, GDateTime *day);
static void refresh (SpaBookingDialog *self);

static SpaStore *
get_store (SpaBookingDialog *self)
{
  return spa_context_get_store (self->context);
}

/* The zone the form's date and time are in: the booking's location's, read when the
 * editor opens (spa_booking_draft_dup_zone()), not the desk's. */
static GTimeZone *
get_zone (SpaBookingDialog *self)
{
  return self->zone;
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

/* Where the time list holds @minute, off the quarter hours: after the quarters before it. */
static guint
exact_item (int minute)
{
  return (guint)CLAMP ((minute - FIRST_SLOT + 14) / 15, 0, N_SLOTS);
}

/* The minute of the time list's @item: the quarter hours from FIRST_SLOT, with the
 * exact start, if any, among them. */
static int
item_minute (SpaBookingDialog *self,
             guint             item)
{
  if (self->exact_minute >= 0)
    {
      guint exact = exact_item (self->exact_minute);

      if (item == exact)
        return self->exact_minute;
      if (item > exact)
        item--;
    }
  return FIRST_SLOT + 15 * (int)MIN (item, N_SLOTS - 1);
}

static GDateTime *
selected_start (SpaBookingDialog *self)
{
  int minute = item_minute (self, adw_combo_row_get_selected (self->time_row));

  return spa_booking_draft_local_time (self->draft, spa_context_get_time_zone (self->context),
                                       g_date_time_get_year (self->day),
                                       g_date_time_get_month (self->day),
                                       g_date_time_get_day_of_month (self->day), minute);
}

/* The draft takes what the form's rows say; the client and therapist are set where
 * they are chosen. */
static void
sync_draft (SpaBookingDialog *self)
{
  SpaRecord *service = selected_service (self);
  SpaRecord *room = selected_room (self);
  g_autoptr(GDateTime) starts = self->day ? selected_start (self) : NULL;

  spa_booking_draft_set_service_id (self->draft, service ? spa_record_get_id (service) : NULL);
  spa_booking_draft_set_room_id (self->draft, room ? spa_record_get_id (room) : NULL);
  spa_booking_draft_set_starts (self->draft, starts);
  spa_booking_draft_set_notes (self->draft, gtk_editable_get_text (GTK_EDITABLE (self->notes_row)));
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  SpaRecord *ra = *(SpaRecord **)a, *rb = *(SpaRecord **)b;

  return g_utf8_collate (spa_therapist_get_name (ra), spa_therapist_get_name (rb));
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
  g_autoptr(GDateTime) now = spa_context_now (self->context);
  guint selected = GTK_INVALID_LIST_POSITION;
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  g_ptr_array_set_size (self->therapist_order, 0);
  sync_draft (self);

  for (guint i = 0; service && i < self->therapists->len; i++)
    {
      SpaRecord *therapist = self->therapists->pdata[i];
      g_autofree char *problem = NULL;

      if (!spa_booking_therapist_offers (therapist, spa_record_get_id (service)))
        continue;
      problem = spa_booking_draft_therapist_problem (self->draft, spa_record_get_id (therapist), now, get_zone (self));
      g_ptr_array_add (problem ? busy : free_ones, therapist);
    }

  g_ptr_array_sort (free_ones, compare_by_name);
  g_ptr_array_sort (busy, compare_by_name);
  for (guint i = 0; i < free_ones->len; i++)
    {
      g_ptr_array_add (self->therapist_order, free_ones->pdata[i]);
      /* TRANSLATORS: a therapist in the booking editor who can take the booking */
      g_ptr_array_add (labels, g_strdup_printf (_("%s · free"),
                                                spa_therapist_get_name (free_ones->pdata[i])));
    }
  for (guint i = 0; i < busy->len; i++)
    {
      g_ptr_array_add (self->therapist_order, busy->pdata[i]);
      /* TRANSLATORS: a therapist in the booking editor who is booked or not working then */
      g_ptr_array_add (labels, g_strdup_printf (_("%s · not available"),
                                                spa_therapist_get_name (busy->pdata[i])));
    }
  for (guint i = 0; i < labels->len; i++)
    gtk_string_list_append (list, labels->pdata[i]);

  find_by_id (self->therapist_order, spa_booking_draft_get_therapist_id (self->draft), &selected);
  if (selected == GTK_INVALID_LIST_POSITION && self->therapist_order->len > 0)
    {
      selected = 0;
      spa_booking_draft_set_therapist_id (self->draft, spa_record_get_id (self->therapist_order->pdata[0]));
    }
  else if (selected == GTK_INVALID_LIST_POSITION)
    spa_booking_draft_set_therapist_id (self->draft, NULL);

  adw_combo_row_set_model (self->therapist_row, G_LIST_MODEL (list));
  if (selected != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->therapist_row, selected);

  self->loading = was_loading;
}

/* Until the user picks a room, the draft suggests the first free one. */
static void
choose_free_room (SpaBookingDialog *self)
{
  guint index;
  gboolean was_loading = self->loading;

  if (self->room_touched || self->rooms->len == 0)
    return;

  sync_draft (self);
  self->loading = TRUE;
  if (find_by_id (self->rooms, spa_booking_draft_suggest_room (self->draft), &index) != NULL)
    adw_combo_row_set_selected (self->room_row, index + 1);
  else
    adw_combo_row_set_selected (self->room_row, 0);
  self->loading = was_loading;
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
  else if (g_str_equal (field, "service_id"))
    row = GTK_WIDGET (self->service_row);
  else if (g_str_equal (field, "therapist_id"))
    row = GTK_WIDGET (self->therapist_row);
  else if (g_str_equal (field, "room_id"))
    row = GTK_WIDGET (self->room_row);
  else
    row = GTK_WIDGET (self->time_row);

  spa_widget_show_error (GTK_LABEL (label), row, message,
                         SPA_SHOW_ERROR_DESCRIBE | SPA_SHOW_ERROR_INVALID);
}

/* A running promotion (without a code) for the service, the client and the day is
 * shown under the service, as checkout will offer it. */
static void
update_promotion (SpaBookingDialog *self)
{
  SpaRecord *service = selected_service (self);
  g_autoptr(SpaRecord) promotion = NULL;
  g_autofree char *date = NULL;
  g_autofree char *subtitle = NULL;

  if (service != NULL && self->day != NULL)
    {
      date = g_date_time_format (self->day, "%Y-%m-%d");
      promotion = spa_store_money_promotion_for (get_store (self), spa_record_get_id (service),
                                                 spa_booking_draft_get_client_id (self->draft),
                                                 date);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->promotion_row), promotion != NULL);
  if (promotion == NULL)
    return;

  subtitle = spa_money_describe_discount (spa_record_get_string (promotion, "kind"),
                                          spa_record_get_int (promotion, "value", 0),
                                          spa_record_get_string (promotion, "ends_on"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->promotion_row),
                                 spa_record_get_string (promotion, "name"));
  adw_action_row_set_subtitle (self->promotion_row, subtitle);
}

/* A visit that took place says whether it is paid, as Today's row and the calendar's card
 * do (spa_store_money_booking_is_paid()), to those who see the till; the front desk
 * checks it out from here. */
static void
update_paid (SpaBookingDialog *self)
{
  SpaStore *store = get_store (self);
  SpaRecord *original = spa_booking_draft_get_original (self->draft);
  SpaRole role = spa_context_get_role (self->context);
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaRecord) invoice = NULL;
  g_autofree char *subtitle = NULL;
  const char *status;
  gboolean paid;

  if (original != NULL && spa_role_may_read (role, "invoice"))
    booking = spa_store_get (store, SPA_BOOKING_ENTITY, spa_record_get_id (original), NULL);
  if (booking != NULL)
    invoice = spa_store_money_booking_invoice (store, spa_record_get_id (booking));
  status = booking != NULL ? spa_booking_get_status (booking) : NULL;
  if (invoice == NULL && g_strcmp0 (status, "checked_in") != 0 &&
      g_strcmp0 (status, "completed") != 0)
    {
      gtk_widget_set_visible (self->paid_group, FALSE);
      return;
    }

  paid = spa_store_money_booking_is_paid (store, spa_record_get_id (booking));
  if (invoice != NULL)
    {
      const char *number = spa_record_get_string (invoice, "number");

      if (paid)
        /* TRANSLATORS: under "Paid" in the booking editor; %s is the invoice number */
        subtitle = g_strdup_printf (_("Invoice No. %s"), number);
      else
        {
          gint64 due = spa_record_get_int (invoice, "total_cents", 0) -
                       spa_store_money_paid (store, spa_record_get_id (invoice));
          g_autofree char *amount = spa_format_money (due, NULL);

          /* TRANSLATORS: under "Not paid" in the booking editor: an amount, a number */
          subtitle = g_strdup_printf (_("%s due on invoice No. %s"), amount, number);
        }
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->paid_row),
                                 paid ? _("Paid") : _("Not paid"));
  adw_action_row_set_subtitle (self->paid_row, subtitle ? subtitle : "");
  gtk_image_set_from_icon_name (self->paid_icon,
                                paid ? "emblem-ok-symbolic" : "auth-smartcard-symbolic");
  gtk_widget_set_visible (self->checkout_button, !paid && spa_role_may_write (role, "invoice"));
  gtk_widget_set_visible (self->paid_group, TRUE);
}

/* The location's zone (or the desk's, which a location without one keeps) read again:
 * the form's time is then read on the new clock. */
static void
update_zone (SpaBookingDialog *self)
{
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = spa_booking_draft_dup_zone (self->draft, spa_context_get_time_zone (self->context));
}

static void
store_changed_cb (SpaBookingDialog *self,
                  const char       *entity)
{
  if (g_strcmp0 (entity, "invoice") == 0 || g_strcmp0 (entity, "payment") == 0 ||
      g_strcmp0 (entity, SPA_BOOKING_ENTITY) == 0 || entity == NULL)
    update_paid (self);
  if (g_strcmp0 (entity, SPA_LOCATION_ENTITY) == 0 || entity == NULL)
    update_zone (self);
}

/* The till opens over the editor, which then says the visit is paid. */
static void
checkout_clicked_cb (SpaBookingDialog *self)
{
  GtkWindow *window = gtk_window_get_transient_for (GTK_WINDOW (self));
  SpaRecord *original = spa_booking_draft_get_original (self->draft);

  if (window != NULL && original != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.booking-checkout", "s",
                                spa_record_get_id (original));
}

static void
validate (SpaBookingDialog *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (self->loading)
    return;

  sync_draft (self);
  now = spa_context_now (self->context);
  problems = spa_booking_draft_check (self->draft, now, get_zone (self));

  for (guint i = 0; i < G_N_ELEMENTS (error_fields); i++)
    {
      const char *message = spa_booking_problems_lookup (problems, error_fields[i]);

      /* A client not chosen yet is only pointed out once the user has been there. */
      if (g_str_equal (error_fields[i], "client_id") && !self->client_touched &&
          spa_booking_draft_get_client_id (self->draft) == NULL)
        message = NULL;
      show_error (self, error_fields[i], message);
    }

  self->can_save = problems->len == 0 && spa_booking_draft_is_changed (self->draft);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking-dialog.save", self->can_save);
  update_promotion (self);
}

typedef struct
{
  SpaBookingDialog *self;
  GDateTime        *starts;
  char             *therapist_id;
} Choice;

static void
choice_free (Choice *choice)
{
  g_object_unref (choice->self);
  g_date_time_unref (choice->starts);
  g_free (choice->therapist_id);
  g_free (choice);
}

static gboolean
apply_choice_cb (gpointer data)
{
  Choice *choice = data;

  spa_booking_dialog_set_start (choice->self, choice->starts);
  spa_booking_dialog_set_therapist (choice->self, choice->therapist_id);
  return G_SOURCE_REMOVE;
}

static void
next_free_clicked_cb (GtkButton        *button,
                      SpaBookingDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "slot"));
  SpaSlot *slot;
  Choice *choice;

  if (self->next_free == NULL || index >= self->next_free->len)
    return;
  slot = self->next_free->pdata[index];
  /* Applied once the click is over: choosing rebuilds the buttons, this one too. */
  choice = g_new0 (Choice, 1);
  choice->self = g_object_ref (self);
  choice->starts = g_date_time_ref (slot->starts);
  choice->therapist_id = g_strdup (slot->therapist_id);
  g_idle_add_full (G_PRIORITY_DEFAULT, apply_choice_cb, choice, (GDestroyNotify)choice_free);
}

/* The next few times the service can be booked with anyone, by the same rules as
 * online booking (spa_availability_find()), as buttons that choose them. */
static void
update_next_free (SpaBookingDialog *self)
{
  SpaRecord *service = selected_service (self);
  SpaRecord *original = spa_booking_draft_get_original (self->draft);
  g_autoptr(GDateTime) now = spa_context_now (self->context);
  GtkWidget *child;
  SpaAvailabilityQuery query = {
    .service_id = service ? spa_record_get_id (service) : NULL,
    .first_day = now,
    .days = FREE_START_DAYS,
    .now = now,
    .zone = get_zone (self),
    .slot_minutes = SPA_AVAILABILITY_DEFAULT_SLOT_MINUTES,
    .max_slots = 4,
    .moving_booking_id = original ? spa_record_get_id (original) : NULL,
    .location_id = spa_booking_draft_get_location_id (self->draft),
  };

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->next_free_flow))) != NULL)
    gtk_flow_box_remove (self->next_free_flow, child);
  g_clear_pointer (&self->next_free, g_ptr_array_unref);
  if (service != NULL)
    self->next_free = spa_availability_find (spa_context_get_store (self->context), &query, NULL);

  for (guint i = 0; self->next_free != NULL && i < self->next_free->len; i++)
    {
      SpaSlot *slot = self->next_free->pdata[i];
      g_autoptr(GDateTime) local = g_date_time_to_timezone (slot->starts, get_zone (self));
      g_autofree char *day = spa_format_weekday_day (local);
      g_autofree char *time = spa_format_time (local);
      SpaRecord *therapist = find_by_id (self->therapists, slot->therapist_id, NULL);
      const char *name = therapist ? spa_therapist_get_name (therapist) : "";
      /* TRANSLATORS: a free time in the booking editor: day, time, therapist */
      g_autofree char *label = g_strdup_printf (_("%s %s · %s"), day, time, name);
      GtkWidget *button = gtk_button_new_with_label (label);

      g_object_set_data (G_OBJECT (button), "slot", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (next_free_clicked_cb), self);
      gtk_flow_box_append (self->next_free_flow, button);
    }
  gtk_widget_set_visible (self->next_free_box, self->next_free != NULL && self->next_free->len > 0);
}

static void
refresh (SpaBookingDialog *self)
{
  if (self->loading)
    return;

  rebuild_therapists (self);
  choose_free_room (self);
  validate (self);
  update_next_free (self);
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

  spa_booking_draft_set_therapist_id (self->draft, spa_record_get_id (self->therapist_order->pdata[i]));
  choose_free_room (self);
  validate (self);
}

static void
update_date_label (SpaBookingDialog *self)
{
  g_autofree char *label = spa_format_date_short (self->day);

  gtk_menu_button_set_label (self->date_button, label);
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
  /* A date chosen by hand: what was said about a past day no longer applies. */
  gtk_widget_set_visible (GTK_WIDGET (self->past_day_label), FALSE);
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

  spa_booking_draft_set_client_id (self->draft, spa_record_get_id (client));
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
  if (self->loading)
    return;

  /* Typing again means looking for somebody else. */
  spa_booking_draft_set_client_id (self->draft, NULL);
  self->client_touched = TRUE;
  spa_client_results_fill (self->client_results, get_store (self),
                           gtk_editable_get_text (GTK_EDITABLE (self->client_row)));
  validate (self);
}

static void
client_result_activated_cb (SpaBookingDialog *self,
                            GtkListBoxRow    *row)
{
  set_client_record (self, g_object_get_data (G_OBJECT (row), "client"));
  /* The picked row is gone with the results: go on to the next field. */
  gtk_widget_grab_focus (GTK_WIDGET (self->service_row));
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
  if (spa_booking_draft_get_client_id (self->draft) == NULL && !spa_str_empty (text))
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

static void
save_failed (SpaBookingDialog *self,
             const GError     *error)
{
  const char *field = spa_validation_error_get_field (error);

  if (field == NULL || !g_strv_contains (error_fields, field))
    field = "starts_at";
  show_error (self, field, error->message);
  self->can_save = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booking-dialog.save", FALSE);
}

/* Saves @record, a visit of a treatment plan, alone or with the rest of its plan
 * (docs/treatment-plans.md): the core moves them in one transaction or not at all. */
static gboolean
save_visit (SpaBookingDialog *self,
            SpaRecord        *record,
            SpaSeriesScope    scope)
{
  g_autoptr(GError) error = NULL;

  if (!spa_series_move (get_store (self), record, scope, get_zone (self), NULL, &error))
    {
      save_failed (self, error);
      return FALSE;
    }
  self->saved = TRUE;
  g_signal_emit (self, signals[SAVED], 0, record);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

typedef struct
{
  SpaBookingDialog *self;
  SpaRecord        *record;
  SpaSeriesScope    scope;
} MoveAnswer;

static void
move_answer_free (MoveAnswer *answer)
{
  g_object_unref (answer->self);
  g_object_unref (answer->record);
  g_free (answer);
}

static gboolean
save_visit_cb (gpointer data)
{
  MoveAnswer *answer = data;

  save_visit (answer->self, answer->record, answer->scope);
  return G_SOURCE_REMOVE;
}

/* Saved once the question has closed: saving closes this dialog, and with it the
 * question (transient for it) in the middle of its own response. */
static void
move_question_response_cb (AdwMessageDialog *question,
                           const char       *response,
                           SpaBookingDialog *self)
{
  MoveAnswer *answer;

  if (g_strcmp0 (response, "this-one") != 0 && g_strcmp0 (response, "following") != 0)
    return;
  answer = g_new0 (MoveAnswer, 1);
  answer->self = g_object_ref (self);
  answer->record = g_object_ref (g_object_get_data (G_OBJECT (question), "record"));
  answer->scope = g_str_equal (response, "following") ? SPA_SERIES_FOLLOWING : SPA_SERIES_THIS_ONE;
  g_idle_add_full (G_PRIORITY_DEFAULT, save_visit_cb, answer, (GDestroyNotify)move_answer_free);
}

/* A visit of a plan with visits after it, moved (day, time, therapist or room): only
 * it, or the rest of the plan with it? */
static gboolean
ask_about_plan (SpaBookingDialog *self,
                SpaRecord        *record)
{
  SpaRecord *original = spa_booking_draft_get_original (self->draft);
  g_autoptr(JsonObject) changed = NULL;
  GtkWidget *question;
  guint following;

  if (original == NULL || !spa_record_has_value (original, SPA_BOOKING_SERIES_ID))
    return FALSE;
  changed = spa_record_get_changed (record);
  if (!json_object_has_member (changed, SPA_BOOKING_STARTS_AT) &&
      !json_object_has_member (changed, SPA_BOOKING_THERAPIST_ID) &&
      !json_object_has_member (changed, SPA_BOOKING_ROOM_ID))
    return FALSE;
  following = spa_series_count_following (get_store (self), original);
  if (following == 0)
    return FALSE;

  question = adw_message_dialog_new (GTK_WINDOW (self), _("Move the Rest of the Plan Too?"), NULL);
  adw_message_dialog_format_body (
    ADW_MESSAGE_DIALOG (question),
    ngettext ("This visit is part of a treatment plan, with %u more visit after it: move this "
              "one only, or it too (as many days, to the same time, therapist and room)?",
              "This visit is part of a treatment plan, with %u more visits after it: move this "
              "one only, or them too (as many days, to the same time, therapist and room)?",
              following),
    following);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (question),
                                    "cancel", _("_Cancel"),
                                    "this-one", _("_This One"),
                                    "following", _("_All Following"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (question), "following",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (question), "following");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (question), "cancel");
  g_object_set_data_full (G_OBJECT (question), "record", g_object_ref (record), g_object_unref);
  g_signal_connect_object (question, "response", G_CALLBACK (move_question_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (question));
  return TRUE;
}

/**
 * spa_booking_dialog_save:
 *
 * Saves the booking if the form is valid. On a store error (a booking made meanwhile
 * on another desk) the message is shown next to its field and the dialog stays open.
 * A visit of a treatment plan moved with visits after it first asks whether they move
 * too, and is saved by the answer.
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

  record = spa_booking_draft_build (self->draft);
  if (spa_booking_draft_get_original (self->draft) == NULL)
    {
      g_autofree char *now = spa_store_now_utc (get_store (self));

      spa_booking_add_history (record, "booked", now);
    }

  if (ask_about_plan (self, record))
    return FALSE;

  if (!spa_store_save (get_store (self), record, &error))
    {
      save_failed (self, error);
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

  sync_draft (self);
  record = spa_booking_draft_build (self->draft);
  if (spa_booking_draft_get_original (self->draft) != NULL
        ? !spa_record_is_changed (record)
        : (spa_booking_draft_get_client_id (self->draft) == NULL ||
           g_strcmp0 (spa_booking_draft_get_client_id (self->draft), self->given_client_id) == 0) &&
          spa_str_empty (spa_booking_get_notes (record)))
    return GDK_EVENT_PROPAGATE;

  /* Never drop what was entered without asking. */
  spa_widget_ask_discard (window, _("Discard the Booking?"), _("The booking has not been saved."));
  return GDK_EVENT_STOP;
}

/* The service list's rows: the name, then its length set apart, so that "Deep tissue
 * massage" 60 and 90 minutes never look alike; the row wraps rather than cutting. */
static void
service_item_setup_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       SpaBookingDialog         *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_list_item_set_child (item, label);
}

static void
service_item_bind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      SpaBookingDialog         *self)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

/* The user moves from the search into its results with Down, as in any completion
 * list; Enter then picks the highlighted client. */
static gboolean
client_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       SpaBookingDialog      *self)
{
  GtkListBoxRow *first;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;

  first = gtk_list_box_get_row_at_index (self->client_results, 0);
  if (first == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->client_results)))
    return GDK_EVENT_PROPAGATE;

  gtk_widget_grab_focus (GTK_WIDGET (first));
  return GDK_EVENT_STOP;
}

/* Up from the first result goes back to the search. */
static gboolean
results_keynav_failed_cb (GtkWidget        *list,
                          GtkDirectionType  direction,
                          SpaBookingDialog *self)
{
  if (direction != GTK_DIR_UP)
    return GDK_EVENT_PROPAGATE;

  gtk_widget_grab_focus (GTK_WIDGET (self->client_row));
  return GDK_EVENT_STOP;
}

/* ---- Construction -------------------------------------------------------- */

static void
spa_booking_dialog_dispose (GObject *object)
{
  SpaBookingDialog *self = (SpaBookingDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_BOOKING_DIALOG);
  g_clear_object (&self->context);
  g_clear_object (&self->draft);
  g_clear_pointer (&self->given_client_id, g_free);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->therapists, g_ptr_array_unref);
  g_clear_pointer (&self->therapist_order, g_ptr_array_unref);
  g_clear_pointer (&self->rooms, g_ptr_array_unref);
  g_clear_pointer (&self->day, g_date_time_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);
  g_clear_pointer (&self->next_free, g_ptr_array_unref);

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
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, promotion_row);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, paid_group);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, paid_row);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, paid_icon);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, checkout_button);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, date_button);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, date_calendar);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, therapist_row);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, room_row);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, notes_row);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, next_free_box);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, past_day_label);
  gtk_widget_class_bind_template_child (widget_class, SpaBookingDialog, next_free_flow);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, therapist_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, checkout_clicked_cb);
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
  self->exact_minute = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  spa_calendar_follow_keyboard (self->date_calendar);

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

  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
    GtkEventController *keys = gtk_event_controller_key_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (service_item_setup_cb), self);
    g_signal_connect (factory, "bind", G_CALLBACK (service_item_bind_cb), self);
    adw_combo_row_set_list_factory (self->service_row, factory);

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (client_key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->client_row), keys);
    g_signal_connect (self->client_results, "keynav-failed", G_CALLBACK (results_keynav_failed_cb), self);
  }
}

static GPtrArray *
load_choices (SpaStore   *store,
              const char *entity,
              const char *keep_id)
{
  /* Active ones, and the booking's own even if it has been deactivated since. */
  GPtrArray *choices = spa_store_list_active (store, entity, keep_id, NULL);

  return choices ? choices : g_ptr_array_new_with_free_func (g_object_unref);
}

/* Only the therapists and rooms of the booking's location (and the booking's own). */
static void
keep_at_location (SpaBookingDialog *self,
                  GPtrArray        *choices,
                  const char       *keep_id)
{
  const char *location_id = spa_booking_draft_get_location_id (self->draft);

  for (guint i = choices->len; i > 0; i--)
    {
      SpaRecord *record = choices->pdata[i - 1];
      gboolean here = g_str_equal (spa_record_get_entity (record), SPA_THERAPIST_ENTITY)
                          ? spa_location_therapist_works_at (record, location_id)
                          : g_str_equal (spa_record_get_location_id (record), location_id);

      if (!here && g_strcmp0 (spa_record_get_id (record), keep_id) != 0)
        g_ptr_array_remove_index (choices, i - 1);
    }
}

static void
load (SpaBookingDialog *self)
{
  SpaStore *store = get_store (self);
  SpaRecord *original = spa_booking_draft_get_original (self->draft);
  const char *keep_service = original ? spa_booking_get_service_id (original) : NULL;
  const char *keep_room = original ? spa_booking_get_room_id (original) : NULL;
  g_autoptr(GtkStringList) services = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) rooms = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) starts = NULL;

  self->loading = TRUE;

  self->services = load_choices (store, SPA_SERVICE_ENTITY, keep_service);
  self->therapists = load_choices (store, SPA_THERAPIST_ENTITY,
                                   original ? spa_booking_get_therapist_id (original) : NULL);
  self->rooms = load_choices (store, "room", keep_room);
  keep_at_location (self, self->therapists,
                    original ? spa_booking_get_therapist_id (original) : NULL);
  keep_at_location (self, self->rooms, keep_room);

  for (guint i = 0; i < self->services->len; i++)
    {
      g_autofree char *label = spa_format_service (self->services->pdata[i]);

      gtk_string_list_append (services, label);
    }
  adw_combo_row_set_model (self->service_row, G_LIST_MODEL (services));

  gtk_string_list_append (rooms, _("No room"));
  for (guint i = 0; i < self->rooms->len; i++)
    gtk_string_list_append (rooms, spa_room_get_name (self->rooms->pdata[i]));
  adw_combo_row_set_model (self->room_row, G_LIST_MODEL (rooms));

  if (original != NULL)
    {
      g_autoptr(SpaRecord) client = spa_store_get (store, SPA_CLIENT_ENTITY,
                                                   spa_booking_get_client_id (original), NULL);
      const char *notes = spa_booking_get_notes (original);
      guint index;

      starts = spa_time_parse_utc (spa_booking_get_starts_at (original));
      if (client != NULL)
        set_client_record (self, client);
      if (find_by_id (self->services, keep_service, &index) != NULL)
        adw_combo_row_set_selected (self->service_row, index);
      if (find_by_id (self->rooms, keep_room, &index) != NULL)
        adw_combo_row_set_selected (self->room_row, index + 1);
      gtk_editable_set_text (GTK_EDITABLE (self->notes_row), notes ? notes : "");
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Booking"));
      gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Save"));
      self->room_touched = TRUE;
      self->loading = FALSE;
      spa_booking_dialog_set_start (self, starts);
      return;
    }

  /* A new booking opens on the first time someone is free, ready to be saved. */
  self->loading = FALSE;
  spa_booking_dialog_find_free_start (self, NULL);
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
  self->draft = spa_booking_draft_new (spa_context_get_store (context), booking);
  /* A new booking is at the location the desk shows. */
  if (booking == NULL)
    spa_booking_draft_set_location_id (self->draft, spa_context_get_location_id (context));
  update_zone (self);
  load (self);
  update_paid (self);
  g_signal_connect_object (spa_context_get_store (context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::time-zone", G_CALLBACK (update_zone), self,
                           G_CONNECT_SWAPPED);

  return self;
}

/**
 * spa_booking_dialog_find_free_start:
 * @from: (nullable): the earliest time wanted (a day shown in the calendar), or %NULL
 *   for now
 *
 * Moves the booking to the first quarter hour from @from (never in the past) on which
 * a therapist offering the service is free, the chosen therapist first, within two
 * weeks. Without one, the time stays where it was (or at @from) and says why.
 *
 * Returns: whether a free time was found
 */
gboolean
spa_booking_dialog_find_free_start (SpaBookingDialog *self,
                                    GDateTime        *from)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) begin = NULL;
  g_autoptr(GDateTime) until = NULL;
  gboolean past;

  g_return_val_if_fail (SPA_IS_BOOKING_DIALOG (self), FALSE);

  now = spa_context_now (self->context);
  begin = g_date_time_ref (from != NULL && g_date_time_compare (from, now) > 0 ? from : now);
  /* A day already over (a past day shown in the calendar) is not booked: the editor
   * goes on to now, and says why, next to the date. */
  past = from != NULL && spa_booking_day_is_past (from, now, get_zone (self));
  if (past)
    {
      g_autoptr(GDateTime) local = g_date_time_to_timezone (from, get_zone (self));
      g_autofree char *date = spa_format_date_weekday (local);
      /* TRANSLATORS: %s is a date, such as "Monday, November 30, 2026" */
      g_autofree char *note = g_strdup_printf (_("%s has passed, and nothing can be booked in "
                                                 "the past: this booking is on the first free "
                                                 "time from now."), date);

      gtk_label_set_label (self->past_day_label, note);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->past_day_label), past);
  until = g_date_time_add_days (begin, FREE_START_DAYS);

  sync_draft (self);
  if (!spa_booking_draft_find_free_start (self->draft, begin, until, now, get_zone (self)))
    {
      if (self->day == NULL || from != NULL)
        spa_booking_dialog_set_start (self, begin);
      return FALSE;
    }

  {
    g_autoptr(GDateTime) starts = g_date_time_ref (spa_booking_draft_get_starts (self->draft));

    spa_booking_dialog_set_start (self, starts);
  }
  return TRUE;
}

/**
 * spa_booking_dialog_prefill:
 * @client_id: (nullable): the client (Book again, or from the client's page)
 * @service_id: (nullable): the service
 * @therapist_id: (nullable): the therapist (from the calendar's column)
 * @starts: (nullable): the time (from the calendar's slot); without it, the first
 *   free time for the service and therapist
 */
void
spa_booking_dialog_prefill (SpaBookingDialog *self,
                            const char       *client_id,
                            const char       *service_id,
                            const char       *therapist_id,
                            GDateTime        *starts)
{
  g_return_if_fail (SPA_IS_BOOKING_DIALOG (self));

  /* A client the editor was opened for is not the user's work: closing asks nothing. */
  if (client_id != NULL && spa_booking_dialog_set_client (self, client_id))
    {
      g_free (self->given_client_id);
      self->given_client_id = g_strdup (client_id);
    }
  if (service_id != NULL)
    spa_booking_dialog_set_service (self, service_id);
  if (starts != NULL)
    spa_booking_dialog_set_start (self, starts);
  if (therapist_id != NULL)
    spa_booking_dialog_set_therapist (self, therapist_id);
  if (starts == NULL && (service_id != NULL || therapist_id != NULL))
    spa_booking_dialog_find_free_start (self, NULL);
}

gboolean
spa_booking_dialog_set_client (SpaBookingDialog *self,
                               const char       *client_id)
{
  g_autoptr(SpaRecord) client = NULL;

  g_return_val_if_fail (SPA_IS_BOOKING_DIALOG (self), FALSE);

  client = spa_store_get (get_store (self), SPA_CLIENT_ENTITY, client_id, NULL);
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

/* The time list's item for @minute: a quarter hour's, or else an item made for it in
 * its place (10:50 between 10:45 and 11:00), so that a visit booked at 10:50 elsewhere
 * (online, an import, another desk) opens at 10:50, not moved by opening it. */
static guint
time_item (SpaBookingDialog *self,
           int               minute)
{
  GtkStringList *times = GTK_STRING_LIST (adw_combo_row_get_model (self->time_row));
  g_autofree char *label = NULL;

  if (minute >= FIRST_SLOT && minute < FIRST_SLOT + 15 * N_SLOTS && minute % 15 == 0)
    {
      guint item = (minute - FIRST_SLOT) / 15;

      return self->exact_minute >= 0 && exact_item (self->exact_minute) <= item ? item + 1
                                                                                 : item;
    }
  if (self->exact_minute >= 0)
    gtk_string_list_remove (times, exact_item (self->exact_minute));
  label = g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
  self->exact_minute = minute;
  gtk_string_list_splice (times, exact_item (minute), 0, (const char * const[]){ label, NULL });
  return exact_item (minute);
}

/**
 * spa_booking_dialog_set_start:
 *
 * Sets the date and time as the clock of the booking's location reads it (to the
 * minute).
 */
void
spa_booking_dialog_set_start (SpaBookingDialog *self,
                              GDateTime        *starts)
{
  g_autoptr(GDateTime) local = NULL;
  gboolean was_loading = self->loading;
  int minute;

  g_return_if_fail (SPA_IS_BOOKING_DIALOG (self));

  local = spa_booking_draft_to_local (self->draft, spa_context_get_time_zone (self->context),
                                      starts);
  minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);

  self->loading = TRUE;
  set_day (self, local);
  gtk_calendar_select_day (self->date_calendar, local);
  adw_combo_row_set_selected (self->time_row, time_item (self, minute));
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
