/* spa-today-page.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-today-page"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-booking-actions.h"
#include "spa-clinical.h"
#include "spa-location-switcher.h"
#include "spa-sync-local.h"
#include "spa-today-page.h"
#include "spa-today-page-private.h"
#include "spa-widget-util.h"

/*
 * The Today view: the day's bookings in time order with their status and the client's
 * alerts, the next client highlighted, check-in in one click, and the completed
 * sessions whose notes are still to write.
 */

struct _SpaTodayPage
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkLabel   *date_label;
  GtkLabel   *summary_label;
  GtkListBox *schedule_list;
  GtkWidget  *schedule_group;
  GtkWidget  *empty_page;
  GtkWidget  *notes_group;
  GtkListBox *notes_list;
  GtkWidget  *content_box;
  GtkWidget  *new_booking_button;
  SpaLocationSwitcher *location_switcher;

  /* Owned */
  SpaContext *context;
  GHashTable *check_in_buttons;   /* booking id -> GtkButton */
  GHashTable *checkout_buttons;   /* booking id -> GtkButton */
  guint       reload_id;
  /* The rows are built while the page is shown: the first screenful at once, the rest in
   * small batches after the frame, so that a spa with hundreds of bookings a day neither
   * waits seconds for its first frame nor pays for rows of a view that is not open. */
  gboolean    dirty;              /* the data changed while the page was not mapped */
  GPtrArray  *pending;            /* the day's bookings (SpaRecord) */
  guint       n_built;            /* rows of @pending built so far */
  int         next_index;         /* the next client's booking in @pending, or -1 */
  char       *now_utc;
  guint       build_id;
  GdkFrameClock *clock;           /* while waiting for a frame to start building */
  gulong      after_paint_id;
  guint       n_notes;
  gboolean    show_notes;   /* the signed-in role reads session notes */
  gboolean    narrow;       /* phone-sized: no second New Booking button, thin margins */
  guint       narrow_id;
};

/* Below this width the page is laid out for a phone. */
#define NARROW_WIDTH 500

/* A row's height and what is above the first row (header bar, date, summary), to know
 * how many rows fill the window before the first frame. */
#define ROW_HEIGHT 54
#define ABOVE_ROWS 150
/* Rows built per idle callback afterwards: a few milliseconds each. */
#define BATCH_ROWS 8

G_DEFINE_FINAL_TYPE (SpaTodayPage, spa_today_page, GTK_TYPE_WIDGET)

static void
add_pill (GtkWidget  *box,
          const char *text,
          const char *style)
{
  GtkWidget *pill = gtk_label_new (text);

  gtk_widget_add_css_class (pill, "alert-pill");
  gtk_widget_add_css_class (pill, "small-pill");
  if (style)
    gtk_widget_add_css_class (pill, style);
  gtk_label_set_ellipsize (GTK_LABEL (pill), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (pill), 28);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), pill);
}

/* Allergies and contraindications, so that nobody reaches for the almond oil. Where the
 * row is short of room (a phone), several pills give way to one that counts them, the
 * list in its tooltip: no number of alerts holds the window wide. NULL without alerts. */
static GtkWidget *
alerts_widget (SpaStore   *store,
               const char *client_id,
               gboolean    narrow)
{
  g_autoptr(SpaRecord) client = spa_store_get (store, SPA_CLIENT_ENTITY, client_id, NULL);
  /* The same alerts as the client's page, intake included. */
  g_auto(GStrv) alerts = client ? spa_clinical_dup_client_alerts (store, client, NULL) : NULL;
  guint n = alerts ? g_strv_length (alerts) : 0;
  g_autofree char *count = NULL;
  g_autofree char *list = NULL;
  GtkWidget *box, *compact, *squeezer;

  if (n == 0)
    return NULL;
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  for (guint i = 0; i < n; i++)
    add_pill (box, alerts[i], NULL);
  if (n == 1)
    return box;

  /* TRANSLATORS: a pill on Today's row that stands for the client's alerts */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u alert", "%u alerts", n), n);
  list = g_strjoinv ("\n", alerts);
  compact = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_valign (compact, GTK_ALIGN_CENTER);
  add_pill (compact, count, NULL);
  gtk_label_set_ellipsize (GTK_LABEL (gtk_widget_get_first_child (compact)), PANGO_ELLIPSIZE_NONE);
  gtk_widget_set_tooltip_text (compact, list);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_first_child (compact)),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, list, -1);
  /* A phone counts them at once: the time and the client's name come first. */
  if (narrow)
    {
      g_object_unref (g_object_ref_sink (box));
      return compact;
    }

  squeezer = adw_squeezer_new ();
  adw_squeezer_set_transition_type (ADW_SQUEEZER (squeezer), ADW_SQUEEZER_TRANSITION_TYPE_NONE);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), box);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), compact);
  gtk_widget_set_valign (squeezer, GTK_ALIGN_CENTER);
  return squeezer;
}

/* "Check In", or a check mark where the client's name needs the room (a phone). */
static void
show_check_in_label (GtkButton *button,
                     gboolean   label)
{
  if (!label)
    {
      gtk_button_set_icon_name (button, "object-select-symbolic");
      return;
    }
  spa_button_squeeze_to_icon (button, _("Check _In"), "object-select-symbolic", FALSE);
}

static gboolean
has_session_note (SpaStore   *store,
                  const char *booking_id)
{
  g_autoptr(SpaRecord) note = spa_clinical_find_booking_note (store, booking_id, NULL);

  return note != NULL;
}

/* A phone's rows put the client's name first. */
static SpaBookingRowFlags
row_flags (SpaTodayPage *self)
{
  return self->narrow ? SPA_BOOKING_ROW_NARROW : SPA_BOOKING_ROW_DAY;
}

static void
build_row (SpaTodayPage *self,
           guint         index)
{
  SpaStore *store = spa_context_get_store (self->context);
  SpaRecord *booking = self->pending->pdata[index];
  const char *status = spa_booking_get_status (booking);
  const char *id = spa_record_get_id (booking);
  /* Alerts (and Check In) before the status, so that the times stay aligned. */
  GtkWidget *extra = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *alerts = alerts_widget (store, spa_booking_get_client_id (booking),
                                     self->narrow);
  GtkWidget *row;
  gboolean is_next = (int)index == self->next_index;
  g_autofree char *refused = spa_sync_local_get_rejection (store, SPA_BOOKING_ENTITY, id, NULL);

  gtk_widget_set_valign (extra, GTK_ALIGN_CENTER);
  if (alerts != NULL)
    gtk_box_append (GTK_BOX (extra), alerts);

  /* A booking the server refused is rescheduled (its row offers that), not checked in. */
  if (refused == NULL &&
      spa_booking_status_can_change (status, "checked_in") && g_strcmp0 (status, "checked_in") != 0)
    {
      GtkWidget *button = gtk_button_new ();
      const char *client_id = spa_booking_get_client_id (booking);
      g_autofree char *client = spa_booking_actions_client_name (store, client_id);
      /* TRANSLATORS: accessible label of the check-in button; %s is the client */
      g_autofree char *a11y = g_strdup_printf (_("Check in %s"), client);

      gtk_widget_set_tooltip_text (button, a11y);
      show_check_in_label (GTK_BUTTON (button), !self->narrow);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "check-in-button");
      if (is_next)
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.booking-status");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new ("(ss)", id, "checked_in"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
      gtk_widget_set_margin_start (button, 6);
      gtk_box_append (GTK_BOX (extra), button);
      g_hash_table_insert (self->check_in_buttons, g_strdup (id), button);
    }

  /* A visit that took place is checked out at the till, once. */
  if (refused == NULL && (g_strcmp0 (status, "checked_in") == 0 || g_strcmp0 (status,
                                                                              "completed") == 0))
    {
      if (spa_store_money_booking_is_paid (store, id))
        {
          GtkWidget *paid = gtk_label_new (_("Paid"));

          gtk_widget_add_css_class (paid, "status-pill");
          gtk_widget_add_css_class (paid, "paid");
          gtk_widget_set_valign (paid, GTK_ALIGN_CENTER);
          gtk_widget_set_margin_start (paid, 6);
          gtk_box_append (GTK_BOX (extra), paid);
        }
      else
        {
          GtkWidget *button = gtk_button_new ();
          g_autofree char *client =
            spa_booking_actions_client_name (store, spa_record_get_string (booking, "client_id"));
          /* TRANSLATORS: accessible label of the checkout button; %s is the client */
          g_autofree char *a11y = g_strdup_printf (_("Check out %s"), client);

          /* A card where the row is short of room, as Check In's check mark. */
          if (self->narrow)
            gtk_button_set_icon_name (GTK_BUTTON (button), "auth-smartcard-symbolic");
          else
            spa_button_squeeze_to_icon (GTK_BUTTON (button), _("Check _Out"),
                                        "auth-smartcard-symbolic", FALSE);
          gtk_widget_set_tooltip_text (button, a11y);
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "checkout-button");
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.booking-checkout");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                                  g_variant_new_string (id));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          a11y, -1);
          gtk_widget_set_margin_start (button, 6);
          gtk_box_append (GTK_BOX (extra), button);
          g_hash_table_insert (self->checkout_buttons, g_strdup (id), button);
        }
    }

  row = spa_booking_actions_row_new (store, booking, row_flags (self), extra);
  gtk_widget_add_css_class (row, "today-row");

  if (is_next)
    {
      gtk_widget_add_css_class (row, "next-booking");
      /* A phone keeps the row's highlight and the suggested Check In, not the badge:
       * its room goes to the client's name. */
      if (self->narrow)
        gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                        _("Next"), -1);
      else
        {
          GtkWidget *badge = gtk_label_new (_("Next"));

          gtk_widget_add_css_class (badge, "next-badge");
          gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), badge);
        }
    }

  if (g_strcmp0 (status, "cancelled") == 0 || g_strcmp0 (status, "no_show") == 0)
    gtk_widget_add_css_class (row, "dim-row");

  gtk_list_box_append (self->schedule_list, row);

  if (g_strcmp0 (status, "completed") == 0 && self->show_notes && !has_session_note (store, id))
    {
      GtkWidget *note_row = spa_booking_actions_row_new (store, booking, row_flags (self), NULL);
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Write Note"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.booking-session-note");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (note_row), button);
      gtk_list_box_append (self->notes_list, note_row);
      if (self->n_notes++ == 0)
        gtk_widget_set_visible (self->notes_group, TRUE);
    }
}

static void
build_rows (SpaTodayPage *self,
            guint         n)
{
  if (self->pending == NULL)
    return;

  for (; n > 0 && self->n_built < self->pending->len; n--)
    build_row (self, self->n_built++);

  if (self->n_built == self->pending->len)
    {
      g_clear_pointer (&self->pending, g_ptr_array_unref);
      g_clear_handle_id (&self->build_id, g_source_remove);
    }
}

static gboolean
build_cb (gpointer data)
{
  SpaTodayPage *self = data;

  build_rows (self, BATCH_ROWS);
  if (self->pending != NULL)
    return G_SOURCE_CONTINUE;
  self->build_id = 0;
  return G_SOURCE_REMOVE;
}

static void
stop_waiting (SpaTodayPage *self)
{
  if (self->clock != NULL)
    g_clear_signal_handler (&self->after_paint_id, self->clock);
  g_clear_object (&self->clock);
}

/* The rest of the rows after a frame has been drawn, so that none of them delays it. */
static void
after_paint_cb (GdkFrameClock *clock,
                SpaTodayPage  *self)
{
  stop_waiting (self);
  /* Below the redraw priority, so that each batch is drawn before the next is built. */
  if (self->pending != NULL && self->build_id == 0)
    self->build_id = g_timeout_add_full (G_PRIORITY_LOW, 0, build_cb, self, NULL);
}

static void
apply_narrow_layout (SpaTodayPage *self)
{
  int margin = self->narrow ? 12 : 18;

  /* The header bar has a New Booking button too. */
  gtk_widget_set_visible (self->new_booking_button, !self->narrow);
  gtk_widget_set_margin_start (self->content_box, margin);
  gtk_widget_set_margin_end (self->content_box, margin);
}

static void
reload_now (SpaTodayPage *self)
{
  SpaStore *store;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) bookings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  g_autofree char *summary = NULL;
  guint n_active = 0, n_checked_in = 0;

  store = spa_context_get_store (self->context);
  /* The day and the clock of the location shown. */
  zone = spa_location_zone (store, spa_context_get_location_id (self->context),
                            spa_context_get_time_zone (self->context));
  self->show_notes = spa_role_may_read (spa_context_get_role (self->context),
                                        SPA_SESSION_NOTE_ENTITY);
  now = g_date_time_new_now (zone);

  self->dirty = FALSE;
  g_clear_handle_id (&self->build_id, g_source_remove);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->now_utc, g_free);
  self->now_utc = spa_time_format_utc (now);
  self->n_built = 0;
  self->n_notes = 0;
  self->next_index = -1;

  spa_list_box_remove_all (self->schedule_list);
  spa_list_box_remove_all (self->notes_list);
  g_hash_table_remove_all (self->check_in_buttons);
  g_hash_table_remove_all (self->checkout_buttons);
  gtk_widget_set_visible (self->notes_group, FALSE);

  date = spa_format_date_weekday (now);
  gtk_label_set_label (self->date_label, date);

  bookings = spa_schedule_bookings_of_day (store, zone, now, &error);
  if (bookings == NULL)
    {
      gtk_label_set_label (self->summary_label, error->message);
      return;
    }
  /* The location shown only. */
  for (guint i = bookings->len; i > 0; i--)
    if (g_strcmp0 (spa_record_get_location_id (bookings->pdata[i - 1]),
                   spa_context_get_location_id (self->context)) != 0)
      g_ptr_array_remove_index (bookings, i - 1);

  for (guint i = 0; i < bookings->len; i++)
    {
      SpaRecord *booking = bookings->pdata[i];
      const char *status = spa_booking_get_status (booking);

      /* The next client: the first one still to arrive whose session has not ended. */
      if (self->next_index < 0 &&
          (g_strcmp0 (status, "booked") == 0 || g_strcmp0 (status, "confirmed") == 0) &&
          g_strcmp0 (spa_booking_get_ends_at (booking), self->now_utc) > 0)
        self->next_index = i;
      if (spa_booking_status_is_active (status))
        n_active++;
      if (g_strcmp0 (status, "checked_in") == 0)
        n_checked_in++;
    }

  gtk_widget_set_visible (self->schedule_group, bookings->len > 0);
  gtk_widget_set_visible (self->empty_page, bookings->len == 0);

  /* TRANSLATORS: summary under the Today heading */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u booking still to come or in progress, %u checked in",
                                          "%u bookings still to come or in progress, %u checked in", n_active),
                             n_active, n_checked_in);
  gtk_label_set_label (self->summary_label, summary);

  self->pending = g_steal_pointer (&bookings);
  {
    /* A screenful at once (the window's height; the page is not allocated yet). */
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
    int width = 0, height = 0;

    /* Both pointers: GTK 4.8 does not accept NULL for either. */
    if (GTK_IS_WINDOW (root))
      gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);
    /* Nor is the page wider than the window: one opened phone-sized gets a phone's rows
     * at once, not wide ones whose width would hold it wider than the screen. */
    if (!self->narrow && gtk_widget_get_width (GTK_WIDGET (self)) == 0 &&
        width > 0 && width < NARROW_WIDTH)
      {
        self->narrow = TRUE;
        apply_narrow_layout (self);
      }
    build_rows (self, CLAMP ((height - ABOVE_ROWS) / ROW_HEIGHT + 1, 8, 40));
  }
  stop_waiting (self);
  if (self->pending != NULL && (self->clock = gtk_widget_get_frame_clock (GTK_WIDGET (self))) != NULL)
    {
      g_object_ref (self->clock);
      self->after_paint_id = g_signal_connect (self->clock, "after-paint", G_CALLBACK (after_paint_cb), self);
    }
  else if (self->pending != NULL)
    self->build_id = g_timeout_add_full (G_PRIORITY_LOW, 0, build_cb, self, NULL);
}

/* Builds what a reload left to be built later, for callers that look at the rows. */
static void
flush (SpaTodayPage *self)
{
  if (self->context == NULL)
    return;
  if (self->dirty)
    reload_now (self);
  build_rows (self, G_MAXUINT);
}

/**
 * spa_today_page_reload:
 *
 * Reads the day's bookings again. While the page is not shown, only notes that it has
 * to; the rows are built when it is mapped.
 */
void
spa_today_page_reload (SpaTodayPage *self)
{
  g_return_if_fail (SPA_IS_TODAY_PAGE (self));

  if (self->context == NULL)
    return;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      g_clear_handle_id (&self->build_id, g_source_remove);
      stop_waiting (self);
      g_clear_pointer (&self->pending, g_ptr_array_unref);
      return;
    }

  reload_now (self);
}

static void
spa_today_page_map (GtkWidget *widget)
{
  SpaTodayPage *self = SPA_TODAY_PAGE (widget);

  GTK_WIDGET_CLASS (spa_today_page_parent_class)->map (widget);
  if (self->dirty && self->context != NULL)
    reload_now (self);
}

/* The frame clock goes with the realization (and drops its handlers): wait on a timeout
 * instead, or a disconnect later names a handler that is gone. */
static void
spa_today_page_unrealize (GtkWidget *widget)
{
  SpaTodayPage *self = SPA_TODAY_PAGE (widget);

  if (self->clock != NULL)
    {
      stop_waiting (self);
      if (self->pending != NULL && self->build_id == 0)
        self->build_id = g_timeout_add_full (G_PRIORITY_LOW, 0, build_cb, self, NULL);
    }
  GTK_WIDGET_CLASS (spa_today_page_parent_class)->unrealize (widget);
}

static gboolean
reload_cb (gpointer data)
{
  SpaTodayPage *self = data;

  self->reload_id = 0;
  spa_today_page_reload (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (SpaTodayPage *self)
{
  if (self->reload_id == 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_DEFAULT, reload_cb, self, NULL);
}

static void
spa_today_page_dispose (GObject *object)
{
  SpaTodayPage *self = (SpaTodayPage *)object;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->build_id, g_source_remove);
  g_clear_handle_id (&self->narrow_id, g_source_remove);
  stop_waiting (self);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->now_utc, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_TODAY_PAGE);
  spa_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->context);
  g_clear_pointer (&self->check_in_buttons, g_hash_table_unref);
  g_clear_pointer (&self->checkout_buttons, g_hash_table_unref);

  G_OBJECT_CLASS (spa_today_page_parent_class)->dispose (object);
}

static gboolean
apply_narrow_cb (gpointer data)
{
  SpaTodayPage *self = data;

  self->narrow_id = 0;
  apply_narrow_layout (self);
  /* Rows built for a phone: icons instead of "Check In" and "Check Out", alerts counted,
   * so that the client's name shows. */
  spa_today_page_reload (self);
  return G_SOURCE_REMOVE;
}

/* As a bin, but watching the width (a layout manager would hide the allocation). */
static void
spa_today_page_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0, child_nat = 0;

      gtk_widget_measure (child, orientation, for_size, &child_min, &child_nat, NULL, NULL);
      *minimum = MAX (*minimum, child_min);
      *natural = MAX (*natural, child_nat);
    }
}

static void
spa_today_page_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  SpaTodayPage *self = SPA_TODAY_PAGE (widget);
  gboolean narrow = width < NARROW_WIDTH;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
  /* Changed after this allocation, not during it, but before the next frame: a default
   * idle waits behind the rows still being built, the page drawn wide meanwhile. */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->narrow_id == 0)
        self->narrow_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_narrow_cb, self, NULL);
    }
}

static void
spa_today_page_constructed (GObject *object)
{
  SpaTodayPage *self = SPA_TODAY_PAGE (object);
  SpaContext *context = self->context;

  G_OBJECT_CLASS (spa_today_page_parent_class)->constructed (object);

  g_signal_connect_object (spa_context_get_store (context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::account", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::time-zone", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::location-id", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  spa_location_switcher_set_context (self->location_switcher, context);
  spa_today_page_reload (self);
}

static void
spa_today_page_class_init (SpaTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (SPA_TYPE_LOCATION_SWITCHER);
  object_class->constructed = spa_today_page_constructed;
  object_class->dispose = spa_today_page_dispose;
  widget_class->map = spa_today_page_map;
  widget_class->unrealize = spa_today_page_unrealize;
  widget_class->measure = spa_today_page_measure;
  widget_class->size_allocate = spa_today_page_size_allocate;

  spa_widget_class_install_context (object_class, G_STRUCT_OFFSET (SpaTodayPage, context));

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-today-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaTodayPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, SpaTodayPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SpaTodayPage, schedule_list);
  gtk_widget_class_bind_template_child (widget_class, SpaTodayPage, schedule_group);
  gtk_widget_class_bind_template_child (widget_class, SpaTodayPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SpaTodayPage, notes_group);
  gtk_widget_class_bind_template_child (widget_class, SpaTodayPage, notes_list);
  gtk_widget_class_bind_template_child (widget_class, SpaTodayPage, content_box);
  gtk_widget_class_bind_template_child (widget_class, SpaTodayPage, new_booking_button);
  gtk_widget_class_bind_template_child (widget_class, SpaTodayPage, location_switcher);
}

static void
spa_today_page_init (SpaTodayPage *self)
{
  self->check_in_buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->checkout_buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->next_index = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * spa_today_page_new:
 * @context: the spa's context
 */
GtkWidget *
spa_today_page_new (SpaContext *context)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  return g_object_new (SPA_TYPE_TODAY_PAGE, "context", context, NULL);
}

GtkListBox *
spa_today_page_get_schedule (SpaTodayPage *self)
{
  g_return_val_if_fail (SPA_IS_TODAY_PAGE (self), NULL);
  flush (self);
  return self->schedule_list;
}

/**
 * spa_today_page_get_check_in_button:
 *
 * Returns: (transfer none) (nullable): the row's Check In button for the booking
 */
GtkWidget *
spa_today_page_get_check_in_button (SpaTodayPage *self,
                                    const char   *booking_id)
{
  g_return_val_if_fail (SPA_IS_TODAY_PAGE (self), NULL);
  flush (self);
  return g_hash_table_lookup (self->check_in_buttons, booking_id);
}

/**
 * spa_today_page_get_checkout_button:
 *
 * Returns: (transfer none) (nullable): the row's Check Out button for the booking
 */
GtkWidget *
spa_today_page_get_checkout_button (SpaTodayPage *self,
                                    const char   *booking_id)
{
  g_return_val_if_fail (SPA_IS_TODAY_PAGE (self), NULL);

  return g_hash_table_lookup (self->checkout_buttons, booking_id);
}
