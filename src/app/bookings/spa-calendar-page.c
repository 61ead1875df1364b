/* spa-calendar-page.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-calendar-page"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-booking-actions.h"
#include "spa-calendar-page.h"
#include "spa-location-switcher.h"
#include "spa-widget-util.h"

/* The Calendar view: the day calendar with its date navigation and day/week switch. */

struct _SpaCalendarPage
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkMenuButton   *date_button;
  GtkCalendar     *date_calendar;
  GtkDropDown     *therapist_dropdown;
  AdwSqueezer     *toolbar_squeezer;
  GtkWidget       *narrow_toolbar;
  GtkMenuButton   *narrow_date_button;
  GtkCalendar     *narrow_date_calendar;
  GtkDropDown     *narrow_therapist_dropdown;
  GtkStack        *content_stack;
  SpaDayCalendar  *calendar;
  SpaLocationSwitcher *location_switcher;
  SpaLocationSwitcher *narrow_location_switcher;

  /* Owned */
  SpaContext      *context;
  SpaCalendarModel *model;
  GDateTime       *day;
  GPtrArray       *therapists;   /* as in the dropdown */
  guint            reload_id;
  guint            tick_id;
  gboolean         loading;
  gboolean         zone_stale;   /* a location was edited: its zone is read again */
  /* "day" (all therapists) or "week" (one therapist), the state of calendar.mode. */
  char            *mode;
  /* Too narrow for the whole toolbar (a phone): one therapist's column at a time. */
  gboolean         narrow;
};

G_DEFINE_FINAL_TYPE (SpaCalendarPage, spa_calendar_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODE,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_week (SpaCalendarPage *self)
{
  return g_strcmp0 (self->mode, "week") == 0;
}

static void
toast (SpaCalendarPage *self,
       const char      *message)
{
  spa_widget_show_toast (GTK_WIDGET (self), message, 0, NULL, NULL, NULL);
}

static const char *
selected_therapist (SpaCalendarPage *self)
{
  guint i = gtk_drop_down_get_selected (self->therapist_dropdown);

  if (self->therapists == NULL || i >= self->therapists->len)
    return NULL;
  return spa_record_get_id (self->therapists->pdata[i]);
}

/* The one therapist shown: the week's, or the narrow day view's. */
static const char *
week_therapist (SpaCalendarPage *self)
{
  return is_week (self) ? selected_therapist (self) : NULL;
}

static void
show (SpaCalendarPage *self)
{
  const char *therapist = week_therapist (self);
  g_autofree char *label = NULL;
  g_autofree char *short_label = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (self->context == NULL)
    return;

  now = spa_context_now (self->context);
  spa_day_calendar_set_now (self->calendar, now);

  if (therapist != NULL)
    {
      /* Weeks start on Monday. */
      g_autoptr(GDateTime) monday = g_date_time_add_days (self->day, 1 - g_date_time_get_day_of_week (self->day));
      g_autoptr(GDateTime) sunday = g_date_time_add_days (monday, 6);
      g_autofree char *from = spa_format_day_month (monday);
      g_autofree char *to = spa_format_day_month (sunday);

      spa_day_calendar_show_week (self->calendar, therapist, monday);
      label = g_strdup_printf ("%s – %s", from, to);
      short_label = g_strdup (label);
    }
  else
    {
      if (self->narrow && selected_therapist (self) != NULL)
        spa_day_calendar_show_therapist_day (self->calendar, selected_therapist (self), self->day);
      else
        spa_day_calendar_show_day (self->calendar, self->day);
      label = spa_format_date_weekday (self->day);
      short_label = spa_format_date_short (self->day);
    }

  gtk_menu_button_set_label (self->date_button, label);
  gtk_menu_button_set_label (self->narrow_date_button, short_label);
  self->loading = TRUE;
  gtk_calendar_select_day (self->date_calendar, self->day);
  gtk_calendar_select_day (self->narrow_date_calendar, self->day);
  self->loading = FALSE;
}

static void
load_therapists (SpaCalendarPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *selected = selected_therapist (self);
  g_autofree char *keep = g_strdup (selected);
  guint index = 0;

  g_clear_pointer (&self->therapists, g_ptr_array_unref);
  self->therapists = spa_store_list_active (spa_context_get_store (self->context),
                                            SPA_THERAPIST_ENTITY, NULL, NULL);
  if (self->therapists == NULL)
    self->therapists = g_ptr_array_new ();
  /* Those who work at the location shown. */
  for (guint i = self->therapists->len; i > 0; i--)
    if (!spa_location_therapist_works_at (self->therapists->pdata[i - 1],
                                          spa_context_get_location_id (self->context)))
      g_ptr_array_remove_index (self->therapists, i - 1);

  /* A new spa's first step: an empty grid would not say what to do. */
  gtk_stack_set_visible_child_name (self->content_stack,
                                    self->therapists->len > 0 ? "calendar" : "no-therapists");

  for (guint i = 0; i < self->therapists->len; i++)
    {
      gtk_string_list_append (names, spa_therapist_get_name (self->therapists->pdata[i]));
      if (g_strcmp0 (keep, spa_record_get_id (self->therapists->pdata[i])) == 0)
        index = i;
    }

  self->loading = TRUE;
  gtk_drop_down_set_model (self->therapist_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->therapist_dropdown, index);
  self->loading = FALSE;
}

static void update_zone (SpaCalendarPage *self);

static gboolean
reload_cb (gpointer data)
{
  SpaCalendarPage *self = data;

  self->reload_id = 0;
  /* A location's time zone edited (Services & Staff) moves its days as a switch does. */
  if (self->zone_stale)
    {
      self->zone_stale = FALSE;
      update_zone (self);
    }
  load_therapists (self);
  show (self);
  return G_SOURCE_REMOVE;
}

/* The red line follows the clock. */
static gboolean
tick_cb (gpointer data)
{
  SpaCalendarPage *self = data;
  g_autoptr(GDateTime) now = spa_context_now (self->context);

  spa_day_calendar_set_now (self->calendar, now);
  return G_SOURCE_CONTINUE;
}

static void
store_changed_cb (SpaCalendarPage *self,
                  const char      *entity,
                  const char      *id)
{
  if (entity == NULL || g_str_equal (entity, SPA_LOCATION_ENTITY))
    self->zone_stale = TRUE;
  /* Many changes arrive together (sync, demo): redraw once. */
  if (self->reload_id == 0 && g_strcmp0 (entity, SPA_INTAKE_ENTITY) != 0 &&
      g_strcmp0 (entity, SPA_SESSION_NOTE_ENTITY) != 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_DEFAULT, reload_cb, self, NULL);
}

/* The zone of the location shown, whose days and hours the calendar shows. */
static GTimeZone *
location_zone (SpaCalendarPage *self)
{
  return spa_location_zone (spa_context_get_store (self->context),
                            spa_context_get_location_id (self->context),
                            spa_context_get_time_zone (self->context));
}

static void
set_day (SpaCalendarPage *self,
         GDateTime       *day)
{
  g_autoptr(GTimeZone) zone = location_zone (self);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (day, zone);

  g_clear_pointer (&self->day, g_date_time_unref);
  /* Noon, so that adding days never trips over a daylight-saving change. */
  self->day = g_date_time_new (zone, g_date_time_get_year (local), g_date_time_get_month (local),
                               g_date_time_get_day_of_month (local), 12, 0, 0);
}

static void
date_selected_cb (SpaCalendarPage *self,
                  GtkCalendar     *calendar)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) noon = NULL;
  g_autoptr(GTimeZone) zone = NULL;

  if (self->loading || self->context == NULL)
    return;

  date = gtk_calendar_get_date (calendar);
  zone = location_zone (self);
  noon = g_date_time_new (zone, g_date_time_get_year (date), g_date_time_get_month (date),
                          g_date_time_get_day_of_month (date), 12, 0, 0);
  set_day (self, noon);
  gtk_menu_button_popdown (self->date_button);
  gtk_menu_button_popdown (self->narrow_date_button);
  show (self);
}

/* The Day and Week buttons are bound to the calendar.mode property action, so a click
 * sets the mode itself instead of a toggled handler guessing it from the buttons. */
static void
set_mode (SpaCalendarPage *self,
          const char      *mode)
{
  mode = g_strcmp0 (mode, "week") == 0 ? "week" : "day";
  if (g_strcmp0 (self->mode, mode) == 0)
    return;

  g_free (self->mode);
  self->mode = g_strdup (mode);
  gtk_widget_set_visible (GTK_WIDGET (self->therapist_dropdown), is_week (self));
  if (!self->loading)
    show (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

static void
therapist_changed_cb (SpaCalendarPage *self)
{
  if (!self->loading)
    show (self);
}

/* The squeezer shows the narrow toolbar when the whole one does not fit: then the day
 * view has room for one column, the therapist picked under the toolbar. */
static void
toolbar_squeezed_cb (SpaCalendarPage *self)
{
  gboolean narrow = adw_squeezer_get_visible_child (self->toolbar_squeezer) == self->narrow_toolbar;

  if (narrow == self->narrow)
    return;
  self->narrow = narrow;
  if (!self->loading)
    show (self);
}

static void
slot_activated_cb (SpaCalendarPage *self,
                   const char      *therapist_id,
                   GDateTime       *starts)
{
  spa_booking_actions_new_booking (GTK_WIDGET (self), self->context, NULL, NULL, therapist_id,
                                   starts);
}

static gboolean
unparent_cb (gpointer data)
{
  if (gtk_widget_get_parent (data) != NULL)
    gtk_widget_unparent (data);
  return G_SOURCE_REMOVE;
}

static void
popover_closed_cb (GtkPopover *popover)
{
  /* Unparented only after the menu's action (found through the card's ancestors) has
   * run, which is within the same event. */
  g_idle_add_full (G_PRIORITY_DEFAULT, unparent_cb, g_object_ref (popover), g_object_unref);
}

static void
booking_activated_cb (SpaCalendarPage *self,
                      SpaRecord       *booking,
                      GtkWidget       *card)
{
  g_autoptr(GMenuModel) menu = spa_booking_actions_menu (booking);
  GtkWidget *popover = gtk_popover_menu_new_from_model (menu);

  gtk_widget_set_parent (popover, card);
  gtk_popover_set_position (GTK_POPOVER (popover), GTK_POS_RIGHT);
  spa_widget_quiet_tooltip (card, GTK_POPOVER (popover));
  g_signal_connect (popover, "closed", G_CALLBACK (popover_closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
move_failed_cb (SpaCalendarPage *self,
                const char      *message)
{
  toast (self, message);
}

/* A card dropped on the calendar: the desk's rules, asked of the same draft as the
 * booking editor asks (a booking still to come, not into the past, within the
 * therapist's hours, a therapist who offers the service, nobody booked twice), then
 * the save, which checks the overlap again. Returns the refusal, or NULL once moved. */
static char *
move_requested_cb (SpaCalendarPage *self,
                   const char      *booking_id,
                   const char      *therapist_id,
                   GDateTime       *starts)
{
  SpaStore *store = spa_context_get_store (self->context);
  GDateTime *shown_now = spa_day_calendar_get_now (self->calendar);
  g_autoptr(GDateTime) now = shown_now ? g_date_time_ref (shown_now)
                                       : spa_context_now (self->context);
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaBookingDraft) draft = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(SpaRecord) moved = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *time = NULL;
  g_autofree char *message = NULL;

  booking = spa_store_get (store, SPA_BOOKING_ENTITY, booking_id, &error);
  if (booking == NULL)
    return g_strdup (error->message);

  draft = spa_booking_draft_new (store, booking);
  spa_booking_draft_set_therapist_id (draft, therapist_id);
  spa_booking_draft_set_starts (draft, starts);
  zone = location_zone (self);
  problems = spa_booking_draft_check (draft, now, zone);
  if (problems->len > 0)
    return g_strdup (((SpaBookingProblem *)problems->pdata[0])->message);

  moved = spa_booking_draft_build (draft);
  if (!spa_store_save (store, moved, &error))
    return g_strdup (error->message);

  time = spa_schedule_format_local_time (store, spa_booking_get_starts_at (moved));
  /* TRANSLATORS: %s is the booking's new start time */
  message = g_strdup_printf (_("Booking moved to %s"), time);
  toast (self, message);
  return NULL;
}

static void
go (SpaCalendarPage *self,
    int              direction)
{
  int days = is_week (self) ? 7 : 1;
  g_autoptr(GDateTime) day = NULL;

  if (self->context == NULL)
    return;

  day = direction == 0 ? spa_context_now (self->context) : g_date_time_add_days (self->day, direction * days);
  set_day (self, day);
  show (self);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  go (SPA_CALENDAR_PAGE (widget), 0);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  go (SPA_CALENDAR_PAGE (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  go (SPA_CALENDAR_PAGE (widget), 1);
}

static void
spa_calendar_page_dispose (GObject *object)
{
  SpaCalendarPage *self = (SpaCalendarPage *)object;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_CALENDAR_PAGE);
  spa_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->context);
  g_clear_object (&self->model);
  g_clear_pointer (&self->day, g_date_time_unref);
  g_clear_pointer (&self->therapists, g_ptr_array_unref);

  G_OBJECT_CLASS (spa_calendar_page_parent_class)->dispose (object);
}

static void
spa_calendar_page_finalize (GObject *object)
{
  SpaCalendarPage *self = (SpaCalendarPage *)object;

  g_clear_pointer (&self->mode, g_free);

  G_OBJECT_CLASS (spa_calendar_page_parent_class)->finalize (object);
}

static void
spa_calendar_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SpaCalendarPage *self = SPA_CALENDAR_PAGE (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_string (value, self->mode);
      break;
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spa_calendar_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SpaCalendarPage *self = SPA_CALENDAR_PAGE (object);

  switch (prop_id)
    {
    case PROP_MODE:
      set_mode (self, g_value_get_string (value));
      break;
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The same wall-clock day in the zone of the location shown. */
static void
update_zone (SpaCalendarPage *self)
{
  g_autoptr(GDateTime) day = g_date_time_ref (self->day);
  g_autoptr(GTimeZone) zone = location_zone (self);

  spa_day_calendar_set_time_zone (self->calendar, zone);
  set_day (self, day);
}

static void
time_zone_changed_cb (SpaCalendarPage *self)
{
  update_zone (self);
  show (self);
}

/* Another location chosen: its therapists and bookings, in its zone. */
static void
location_changed_cb (SpaCalendarPage *self)
{
  spa_calendar_model_set_location (self->model, spa_context_get_location_id (self->context));
  update_zone (self);
  load_therapists (self);
  show (self);
}

static void
spa_calendar_page_constructed (GObject *object)
{
  SpaCalendarPage *self = SPA_CALENDAR_PAGE (object);
  SpaContext *context = self->context;
  SpaStore *store;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) zone = NULL;

  G_OBJECT_CLASS (spa_calendar_page_parent_class)->constructed (object);

  store = spa_context_get_store (context);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::time-zone", G_CALLBACK (time_zone_changed_cb), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (context, "notify::location-id", G_CALLBACK (location_changed_cb),
                           self, G_CONNECT_SWAPPED);

  zone = location_zone (self);
  spa_day_calendar_set_time_zone (self->calendar, zone);
  self->model = spa_calendar_model_new (store);
  spa_calendar_model_set_location (self->model, spa_context_get_location_id (context));
  spa_day_calendar_set_model (self->calendar, self->model);
  spa_location_switcher_set_context (self->location_switcher, context);
  spa_location_switcher_set_context (self->narrow_location_switcher, context);
  self->tick_id = g_timeout_add_seconds (60, tick_cb, self);
  now = spa_context_now (context);
  set_day (self, now);
  load_therapists (self);
  show (self);

  /* Open on the working day: an hour before now, or the morning. */
  local = g_date_time_to_timezone (now, zone);
  spa_day_calendar_scroll_to_minute (self->calendar,
                                     MAX (8 * 60, g_date_time_get_hour (local) * 60 - 60));
}

static void
spa_calendar_page_class_init (SpaCalendarPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = spa_calendar_page_constructed;
  object_class->dispose = spa_calendar_page_dispose;
  object_class->finalize = spa_calendar_page_finalize;
  object_class->get_property = spa_calendar_page_get_property;
  object_class->set_property = spa_calendar_page_set_property;

  properties[PROP_MODE] =
    g_param_spec_string ("mode", NULL, NULL, "day",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SPA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SPA_TYPE_DAY_CALENDAR);
  g_type_ensure (SPA_TYPE_LOCATION_SWITCHER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-calendar-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaCalendarPage, date_button);
  gtk_widget_class_bind_template_child (widget_class, SpaCalendarPage, date_calendar);
  gtk_widget_class_bind_template_child (widget_class, SpaCalendarPage, therapist_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpaCalendarPage, toolbar_squeezer);
  gtk_widget_class_bind_template_child (widget_class, SpaCalendarPage, narrow_toolbar);
  gtk_widget_class_bind_template_child (widget_class, SpaCalendarPage, narrow_date_button);
  gtk_widget_class_bind_template_child (widget_class, SpaCalendarPage, narrow_date_calendar);
  gtk_widget_class_bind_template_child (widget_class, SpaCalendarPage, narrow_therapist_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpaCalendarPage, calendar);
  gtk_widget_class_bind_template_child (widget_class, SpaCalendarPage, location_switcher);
  gtk_widget_class_bind_template_child (widget_class, SpaCalendarPage, narrow_location_switcher);
  gtk_widget_class_bind_template_child (widget_class, SpaCalendarPage, content_stack);
  gtk_widget_class_bind_template_callback (widget_class, date_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, therapist_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, toolbar_squeezed_cb);
  gtk_widget_class_bind_template_callback (widget_class, slot_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, booking_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, move_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, move_requested_cb);

  gtk_widget_class_install_property_action (widget_class, "calendar.mode", "mode");
  gtk_widget_class_install_action (widget_class, "calendar.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "calendar.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "calendar.next", NULL, next_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, GDK_ALT_MASK, "calendar.today", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK, "calendar.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK, "calendar.next", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
spa_calendar_page_init (SpaCalendarPage *self)
{
  self->mode = g_strdup ("day");
  gtk_widget_init_template (GTK_WIDGET (self));
  spa_calendar_follow_keyboard (self->date_calendar);
  spa_calendar_follow_keyboard (self->narrow_date_calendar);
  /* A long therapist's name must not hold the wide toolbar off a wide window. */
  spa_drop_down_ellipsize (self->therapist_dropdown);
  spa_drop_down_ellipsize (self->narrow_therapist_dropdown);
  /* One choice of therapist, picked in either toolbar. */
  g_object_bind_property (self->therapist_dropdown, "model",
                          self->narrow_therapist_dropdown, "model", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->therapist_dropdown, "selected",
                          self->narrow_therapist_dropdown, "selected",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
}

/**
 * spa_calendar_page_new:
 * @context: the spa's context
 */
GtkWidget *
spa_calendar_page_new (SpaContext *context)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  return g_object_new (SPA_TYPE_CALENDAR_PAGE, "context", context, NULL);
}

void
spa_calendar_page_show_day (SpaCalendarPage *self,
                            GDateTime       *day)
{
  g_return_if_fail (SPA_IS_CALENDAR_PAGE (self));

  self->loading = TRUE;
  set_mode (self, "day");
  self->loading = FALSE;
  set_day (self, day);
  show (self);
}

void
spa_calendar_page_show_week (SpaCalendarPage *self,
                             const char      *therapist_id)
{
  guint index = 0;

  g_return_if_fail (SPA_IS_CALENDAR_PAGE (self));

  for (guint i = 0; self->therapists && i < self->therapists->len; i++)
    if (g_strcmp0 (spa_record_get_id (self->therapists->pdata[i]), therapist_id) == 0)
      index = i;

  self->loading = TRUE;
  set_mode (self, "week");
  gtk_drop_down_set_selected (self->therapist_dropdown, index);
  self->loading = FALSE;
  show (self);
}

/**
 * spa_calendar_page_get_day:
 *
 * Returns: (transfer none) (nullable): the day shown (the week's day in the week view)
 */
GDateTime *
spa_calendar_page_get_day (SpaCalendarPage *self)
{
  g_return_val_if_fail (SPA_IS_CALENDAR_PAGE (self), NULL);
  return self->day;
}

SpaDayCalendar *
spa_calendar_page_get_calendar (SpaCalendarPage *self)
{
  g_return_val_if_fail (SPA_IS_CALENDAR_PAGE (self), NULL);
  return self->calendar;
}
