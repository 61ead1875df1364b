/* spa-window.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-window"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-booking-actions.h"
#include "spa-client-actions.h"
#include "spa-booking-dialog.h"
#include "spa-money-actions.h"
#include "spa-takings-window.h"
#include "spa-calendar-page.h"
#include "spa-client-dialog.h"
#include "spa-client-page.h"
#include "spa-data-actions.h"
#include "spa-clients-page.h"
#include "spa-conflicts-window.h"
#include "spa-mail-window.h"
#include "spa-lock-screen.h"
#include "spa-preferences-window.h"
#include "spa-reports-page.h"
#include "spa-sync-indicator.h"
#include "spa-staff-window.h"
#include "spa-today-page.h"
#include "spa-waitlist-window.h"
#include "spa-widget-util.h"
#include "spa-window.h"

struct _SpaWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  SpaSyncIndicator     *sync_indicator;
  AdwHeaderBar         *header_bar;

  /* Owned */
  SpaContext           *context;
  char                 *screenshot_path;
  GPtrArray            *hidden_windows;   /* dialogs hidden while locked */
  guint                 idle_id;
  gint64                last_activity;

  /* Borrowed (children) */
  SpaTodayPage         *today_page;
  SpaCalendarPage      *calendar_page;
  SpaClientsPage       *clients_page;
  SpaReportsPage       *reports_page;
  AdwViewStackPage     *reports_stack_page;
  GtkStack             *lock_stack;
  SpaLockScreen        *lock_screen;
  GtkWidget            *account_button;
  AdwButtonContent     *account_content;
};

G_DEFINE_FINAL_TYPE (SpaWindow, spa_window, ADW_TYPE_APPLICATION_WINDOW)

static void
save_window_state (SpaWindow *self)
{
  GSettings *settings = spa_context_get_settings (self->context);
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_set_string (settings, "last-view", spa_window_get_view (self));
}

static gboolean
spa_window_close_request (GtkWindow *window)
{
  SpaWindow *self = SPA_WINDOW (window);

  save_window_state (self);

  return GTK_WINDOW_CLASS (spa_window_parent_class)->close_request (window);
}

static void
new_client_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SpaWindow *self = SPA_WINDOW (widget);

  spa_window_show_view (self, "clients");
  spa_clients_page_new_client (self->clients_page);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SpaWindow *self = SPA_WINDOW (widget);

  spa_window_show_view (self, "clients");
  spa_clients_page_focus_search (self->clients_page);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  spa_window_show_view (SPA_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_client_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  spa_window_show_client (SPA_WINDOW (widget), g_variant_get_string (parameter, NULL), NULL);
}

/* (client id, note id or "", booking id or ""): the note on the client's page, else a
 * new note for the booking (check-in). */
static void
open_note_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SpaWindow *self = SPA_WINDOW (widget);
  const char *client_id, *note_id, *booking_id;
  SpaClientPage *page;
  g_autoptr(GError) error = NULL;

  g_variant_get (parameter, "(&s&s&s)", &client_id, &note_id, &booking_id);
  if (!spa_window_show_client (self, client_id, NULL))
    return;

  page = SPA_CLIENT_PAGE (spa_clients_page_get_client_page (self->clients_page));
  if (*note_id != '\0' && spa_client_page_open_note (page, note_id))
    return;
  if (!spa_client_page_new_note (page, *booking_id ? booking_id : NULL, &error))
    spa_widget_show_toast (widget, error->message, 6, NULL, NULL, NULL);
}

/* a{sv}: "title" (s), and optionally "timeout" (u, seconds), "high-priority" (b),
 * "button-label" (s), "action-name" (s) and "action-target" (v); see
 * spa_widget_show_toast(). */
static void
show_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SpaWindow *self = SPA_WINDOW (widget);
  g_autoptr(GVariantDict) dict = g_variant_dict_new (parameter);
  g_autoptr(GVariant) target = g_variant_dict_lookup_value (dict, "action-target", NULL);
  const char *title = NULL, *label = NULL, *action = NULL;
  guint timeout;
  gboolean high;
  AdwToast *toast;

  if (!g_variant_dict_lookup (dict, "title", "&s", &title))
    return;
  toast = spa_toast_new_plain (title);
  if (g_variant_dict_lookup (dict, "timeout", "u", &timeout))
    adw_toast_set_timeout (toast, timeout);
  if (g_variant_dict_lookup (dict, "high-priority", "b", &high) && high)
    adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  if (g_variant_dict_lookup (dict, "button-label", "&s", &label) &&
      g_variant_dict_lookup (dict, "action-name", "&s", &action))
    {
      adw_toast_set_button_label (toast, label);
      adw_toast_set_action_name (toast, action);
      if (target != NULL)
        adw_toast_set_action_target_value (toast, target);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Ctrl+N books for what the desk is looking at: the client shown in Clients, or the
 * day shown in the calendar (its first free time). */
static void
new_booking_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SpaWindow *self = SPA_WINDOW (widget);
  const char *view = spa_window_get_view (self);
  g_autoptr(SpaRecord) client = NULL;
  GDateTime *day = NULL;
  GtkWidget *dialog;

  if (g_strcmp0 (view, "clients") == 0)
    client = spa_clients_page_dup_selected (self->clients_page);
  else if (g_strcmp0 (view, "calendar") == 0)
    day = spa_calendar_page_get_day (self->calendar_page);

  dialog = spa_booking_actions_new_booking (widget, self->context,
                                            client ? spa_record_get_id (client) : NULL,
                                            NULL, NULL, NULL);
  if (day != NULL)
    {
      g_autoptr(GDateTime) midnight = spa_schedule_day_start (g_date_time_get_timezone (day),
                                                              g_date_time_get_year (day),
                                                              g_date_time_get_month (day),
                                                              g_date_time_get_day_of_month (day));

      spa_booking_dialog_find_free_start (SPA_BOOKING_DIALOG (dialog), midnight);
    }
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SpaWindow *self = SPA_WINDOW (widget);
  SpaPreferencesWindow *preferences = spa_preferences_window_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (preferences), TRUE);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
show_conflicts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SpaWindow *self = SPA_WINDOW (widget);
  SpaConflictsWindow *conflicts = spa_conflicts_window_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (conflicts), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (conflicts), TRUE);
  gtk_window_present (GTK_WINDOW (conflicts));
}

static void
time_zone_changed_cb (SpaWindow *self)
{
  spa_schedule_set_time_zone (spa_context_get_store (self->context), spa_context_get_time_zone (self->context));
}

static void
services_staff_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SpaWindow *self = SPA_WINDOW (widget);
  SpaStaffWindow *staff = spa_staff_window_new (self->context);

  gtk_window_set_transient_for (GTK_WINDOW (staff), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (staff));
}

/*
 * Locking. The lock screen covers the window's contents, which stay as they are
 * underneath (an open note, a half-typed search): editors save their drafts when they
 * are unmapped, and dialogs of this window are hidden, not closed, and come back when
 * someone signs in again.
 */
static void schedule_idle_lock (SpaWindow *self);

static void
update_account_button (SpaWindow *self)
{
  SpaAccount *account = spa_context_get_account (self->context);
  gboolean enabled = spa_context_sign_in_enabled (self->context);

  gtk_widget_set_visible (self->account_button, enabled && account != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", enabled);
  if (account != NULL)
    {
      g_autofree char *tooltip = g_strdup_printf (_("Signed in as %s. Lock or switch user (Ctrl+L)"),
                                                  spa_account_get_name (account));

      adw_button_content_set_label (self->account_content, spa_account_get_name (account));
      gtk_widget_set_tooltip_text (self->account_button, tooltip);
    }
}

/* The page not shown is hidden too, not only left out by the stack, so that assistive
 * technologies see the desk go when it locks (and the lock screen when it opens). */
static void
show_page (SpaWindow  *self,
           const char *name)
{
  GtkWidget *shown = gtk_stack_get_child_by_name (self->lock_stack, name);
  GtkWidget *other = gtk_stack_get_child_by_name (self->lock_stack, g_str_equal (name, "lock") ? "desk" : "lock");

  gtk_widget_set_visible (shown, TRUE);
  gtk_stack_set_visible_child (self->lock_stack, shown);
  gtk_widget_set_visible (other, FALSE);
}

/**
 * spa_window_is_locked:
 *
 * Returns: whether the lock screen covers the window
 */
gboolean
spa_window_is_locked (SpaWindow *self)
{
  g_return_val_if_fail (SPA_IS_WINDOW (self), FALSE);
  return g_str_equal (gtk_stack_get_visible_child_name (self->lock_stack), "lock");
}

/**
 * spa_window_lock:
 *
 * Covers the window with the lock screen, if staff sign in at this desk.
 */
void
spa_window_lock (SpaWindow *self)
{
  GListModel *toplevels;

  g_return_if_fail (SPA_IS_WINDOW (self));

  if (!spa_context_sign_in_enabled (self->context) || spa_window_is_locked (self))
    return;

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_window_get_transient_for (window) == GTK_WINDOW (self) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          g_ptr_array_add (self->hidden_windows, g_object_ref (window));
          gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
        }
    }

  g_clear_handle_id (&self->idle_id, g_source_remove);
  show_page (self, "lock");
  spa_lock_screen_reset (self->lock_screen, spa_context_get_account (self->context));
}

static void
unlock (SpaWindow *self)
{
  show_page (self, "desk");
  for (guint i = 0; i < self->hidden_windows->len; i++)
    gtk_window_present (self->hidden_windows->pdata[i]);
  g_ptr_array_set_size (self->hidden_windows, 0);
  self->last_activity = g_get_monotonic_time ();
  schedule_idle_lock (self);
}

static void
signed_in_cb (SpaWindow     *self,
              SpaAccount    *account,
              SpaLockScreen *lock_screen)
{
  SpaAccount *before = spa_context_get_account (self->context);
  gboolean same = before != NULL && g_str_equal (spa_account_get_id (before), spa_account_get_id (account));

  spa_context_set_account (self->context, account);
  unlock (self);
  if (!same)
    {
      g_autofree char *text = g_strdup_printf (_("Signed in as %s"), spa_account_get_name (account));

      spa_window_add_toast (self, spa_toast_new_plain (text));
    }
}

static gboolean
idle_lock_cb (gpointer data)
{
  SpaWindow *self = data;

  self->idle_id = 0;
  schedule_idle_lock (self);
  return G_SOURCE_REMOVE;
}

/* One timeout at the moment the desk would lock; activity only moves a timestamp. */
static void
schedule_idle_lock (SpaWindow *self)
{
  guint limit = g_settings_get_uint (spa_context_get_settings (self->context), "idle-lock");
  gint64 idle_ms;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (limit == 0 || spa_window_is_locked (self) || !spa_context_sign_in_enabled (self->context))
    return;

  idle_ms = (g_get_monotonic_time () - self->last_activity) / 1000;
  if (idle_ms >= (gint64)limit * 1000)
    {
      spa_window_lock (self);
      return;
    }
  self->idle_id = g_timeout_add ((guint)((gint64)limit * 1000 - idle_ms), idle_lock_cb, self);
}

static gboolean
activity_cb (SpaWindow *self,
             GdkEvent  *event)
{
  switch ((int)gdk_event_get_event_type (event))
    {
    case GDK_MOTION_NOTIFY:
    case GDK_BUTTON_PRESS:
    case GDK_KEY_PRESS:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
      self->last_activity = g_get_monotonic_time ();
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

/* While locked, the desk's shortcuts (Ctrl+N, Ctrl+F, Alt+3, F10…) must not reach the
 * window's actions underneath: only plain keys and Alt+digit go to the lock screen. */
static gboolean
locked_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       SpaWindow             *self)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask () & ~GDK_SHIFT_MASK;
  guint c = gdk_keyval_to_unicode (keyval);

  if (!spa_window_is_locked (self))
    return GDK_EVENT_PROPAGATE;
  if (mods == GDK_ALT_MASK && c >= '1' && c <= '9')
    return GDK_EVENT_PROPAGATE;
  if (mods != 0 || (keyval >= GDK_KEY_F1 && keyval <= GDK_KEY_F35) || keyval == GDK_KEY_Menu)
    return GDK_EVENT_STOP;
  return GDK_EVENT_PROPAGATE;
}

static void
sign_in_settings_changed_cb (SpaWindow  *self,
                             const char *key)
{
  update_account_button (self);
  if (!spa_context_sign_in_enabled (self->context) && spa_window_is_locked (self))
    unlock (self);
  /* Sign-in turned on with nobody signed in: someone must sign in first. */
  else if (spa_context_sign_in_enabled (self->context) && spa_context_get_account (self->context) == NULL)
    spa_window_lock (self);
  schedule_idle_lock (self);
}

/* Desk accounts added or removed (in Preferences). */
static void
sign_in_changed_cb (SpaWindow *self)
{
  sign_in_settings_changed_cb (self, NULL);
}

/**
 * spa_window_sign_in:
 *
 * Signs @name in with @pin, as the lock screen does (the e2e tests and
 * `--sign-in NAME:PIN` for documentation screenshots).
 */
gboolean
spa_window_sign_in (SpaWindow   *self,
                    const char  *name,
                    const char  *pin,
                    GError     **error)
{
  SpaStore *store;
  g_autoptr(GPtrArray) accounts = NULL;

  g_return_val_if_fail (SPA_IS_WINDOW (self), FALSE);

  store = spa_context_get_store (self->context);
  accounts = spa_account_list (store, error);
  if (accounts == NULL)
    return FALSE;
  for (guint i = 0; i < accounts->len; i++)
    if (g_str_equal (spa_account_get_name (accounts->pdata[i]), name))
      {
        if (!spa_account_sign_in (store, accounts->pdata[i], pin, error))
          return FALSE;
        signed_in_cb (self, accounts->pdata[i], self->lock_screen);
        return TRUE;
      }
  g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND, _("No desk account is called “%s”."), name);
  return FALSE;
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  spa_window_lock (SPA_WINDOW (widget));
}

/* Input in the desk's other windows (a note being written, Preferences) is use of the
 * desk too: a therapist typing a long note is not idle. */
static void
toplevels_changed_cb (SpaWindow  *self,
                      guint       position,
                      guint       removed,
                      guint       added,
                      GListModel *toplevels)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      GtkEventController *legacy;

      if (window == GTK_WIDGET (self))
        continue;
      legacy = gtk_event_controller_legacy_new ();
      gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
      g_signal_connect_object (legacy, "event", G_CALLBACK (activity_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_widget_add_controller (window, legacy);
    }
}

static void
set_up_lock (SpaWindow *self)
{
  GtkWidget *desk = adw_application_window_get_content (ADW_APPLICATION_WINDOW (self));
  GtkEventController *legacy = gtk_event_controller_legacy_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkWidget *squeezer = adw_squeezer_new ();

  /* The template's contents become the "desk" page of a stack whose other page is the
   * lock screen; nothing under it is rebuilt when the desk locks. */
  g_object_ref (desk);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), NULL);
  self->lock_stack = GTK_STACK (gtk_stack_new ());
  /* No transition: locking hides the desk at once, and input goes to the lock screen
   * at once (widgets in a transition take no keys). */
  gtk_stack_add_named (self->lock_stack, desk, "desk");
  g_object_unref (desk);
  gtk_stack_set_visible_child_name (self->lock_stack, "desk");
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), GTK_WIDGET (self->lock_stack));

  /* The signed-in name, or only the lock when the window is too narrow for it. */
  self->account_content = ADW_BUTTON_CONTENT (adw_button_content_new ());
  adw_button_content_set_icon_name (self->account_content, "system-lock-screen-symbolic");
  adw_squeezer_add (ADW_SQUEEZER (squeezer), GTK_WIDGET (self->account_content));
  adw_squeezer_add (ADW_SQUEEZER (squeezer),
                    gtk_image_new_from_icon_name ("system-lock-screen-symbolic"));
  adw_squeezer_set_transition_type (ADW_SQUEEZER (squeezer), ADW_SQUEEZER_TRANSITION_TYPE_NONE);
  self->account_button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (self->account_button), squeezer);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->account_button), "win.lock");
  gtk_widget_add_css_class (self->account_button, "flat");
  gtk_widget_set_visible (self->account_button, FALSE);
  adw_header_bar_pack_end (self->header_bar, self->account_button);

  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (legacy, "event", G_CALLBACK (activity_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), legacy);
  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed",
                           G_CALLBACK (toplevels_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (locked_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  self->hidden_windows = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Reports show the whole spa's figures: on a desk that syncs, to managers only. */
static void
update_reports_visible (SpaWindow *self)
{
  gboolean show = spa_reports_page_may_show (self->context);

  adw_view_stack_page_set_visible (self->reports_stack_page, show);
  if (!show && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "reports") == 0)
    adw_view_stack_set_visible_child_name (self->view_stack, "today");
}

static AdwViewStackPage *
add_view (SpaWindow  *self,
          GtkWidget  *page,
          const char *name,
          const char *title,
          const char *icon_name)
{
  AdwViewStackPage *stack_page = adw_view_stack_add_titled (self->view_stack, page, name, title);

  adw_view_stack_page_set_icon_name (stack_page, icon_name);
  return stack_page;
}

/* The views and the lock screen take the context as a construct property, so the
 * window builds them here rather than in its template. */
static void
add_pages (SpaWindow *self)
{
  self->today_page = SPA_TODAY_PAGE (spa_today_page_new (self->context));
  add_view (self, GTK_WIDGET (self->today_page), "today", _("Today"), "starred-symbolic");
  self->calendar_page = SPA_CALENDAR_PAGE (spa_calendar_page_new (self->context));
  add_view (self, GTK_WIDGET (self->calendar_page), "calendar", _("Calendar"),
            "x-office-calendar-symbolic");
  self->clients_page = SPA_CLIENTS_PAGE (spa_clients_page_new (self->context));
  add_view (self, GTK_WIDGET (self->clients_page), "clients", _("Clients"),
            "system-users-symbolic");
  self->reports_page = SPA_REPORTS_PAGE (spa_reports_page_new (self->context));
  self->reports_stack_page = add_view (self, GTK_WIDGET (self->reports_page), "reports",
                                       _("Reports"), "x-office-spreadsheet-symbolic");

  self->lock_screen = SPA_LOCK_SCREEN (spa_lock_screen_new (self->context));
  gtk_stack_add_named (self->lock_stack, GTK_WIDGET (self->lock_screen), "lock");
  gtk_widget_set_visible (GTK_WIDGET (self->lock_screen), FALSE);
}

static void
spa_window_constructed (GObject *object)
{
  SpaWindow *self = (SpaWindow *)object;
  GSettings *settings = spa_context_get_settings (self->context);
  g_autofree char *view = NULL;

  G_OBJECT_CLASS (spa_window_parent_class)->constructed (object);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  add_pages (self);
  spa_sync_indicator_set_engine (self->sync_indicator, spa_context_get_sync_engine (self->context));
  /* Messages from the core (a double booking) give times in the spa's zone. */
  g_signal_connect_object (self->context, "notify::time-zone", G_CALLBACK (time_zone_changed_cb), self,
                           G_CONNECT_SWAPPED);
  time_zone_changed_cb (self);
  g_signal_connect_object (self->context, "notify::account", G_CALLBACK (update_reports_visible),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::server-url", G_CALLBACK (update_reports_visible),
                           self, G_CONNECT_SWAPPED);
  update_reports_visible (self);
  spa_mail_window_follow_sync (GTK_WIDGET (self), self->context);
  spa_takings_window_follow_account (GTK_WIDGET (self), self->context);

  view = g_settings_get_string (settings, "last-view");
  spa_window_show_view (self, view);

  g_signal_connect_object (self->lock_screen, "signed-in", G_CALLBACK (signed_in_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::account", G_CALLBACK (update_account_button), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::sign-in", G_CALLBACK (sign_in_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::idle-lock", G_CALLBACK (sign_in_settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "sign-in-changed", G_CALLBACK (sign_in_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_account_button (self);
  /* A desk with accounts opens locked: nobody is signed in yet. */
  if (spa_context_get_account (self->context) == NULL)
    spa_window_lock (self);
  else
    schedule_idle_lock (self);
}

static void
spa_window_dispose (GObject *object)
{
  SpaWindow *self = (SpaWindow *)object;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_pointer (&self->hidden_windows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_WINDOW);

  G_OBJECT_CLASS (spa_window_parent_class)->dispose (object);
}

static void
spa_window_finalize (GObject *object)
{
  SpaWindow *self = (SpaWindow *)object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->screenshot_path, g_free);

  G_OBJECT_CLASS (spa_window_parent_class)->finalize (object);
}

static void
spa_window_class_init (SpaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = spa_window_constructed;
  object_class->dispose = spa_window_dispose;
  object_class->finalize = spa_window_finalize;

  window_class->close_request = spa_window_close_request;

  spa_widget_class_install_context (object_class, G_STRUCT_OFFSET (SpaWindow, context));

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SpaWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SpaWindow, header_bar);

  gtk_widget_class_install_action (widget_class, "win.new-client", NULL, new_client_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.show-client", "s", show_client_action);
  gtk_widget_class_install_action (widget_class, "win.open-note", "(sss)", open_note_action);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "a{sv}", show_toast_action);
  gtk_widget_class_install_action (widget_class, "win.new-booking", NULL, new_booking_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.show-conflicts", NULL, show_conflicts_action);
  gtk_widget_class_bind_template_child (widget_class, SpaWindow, sync_indicator);
  g_type_ensure (SPA_TYPE_SYNC_INDICATOR);
  gtk_widget_class_install_action (widget_class, "win.services-staff", NULL, services_staff_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_SUPER_MASK, "win.lock", NULL);
  spa_booking_actions_install (widget_class);
  spa_waitlist_window_install_action (widget_class);
  spa_mail_window_install_action (widget_class);
  spa_client_actions_install (widget_class);
  spa_money_actions_install (widget_class);
  spa_takings_window_install_action (widget_class);
  spa_data_actions_install (widget_class);
}

static void
spa_window_init (SpaWindow *self)
{
  spa_style_ensure_loaded ();
  gtk_widget_init_template (GTK_WIDGET (self));
  set_up_lock (self);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

/**
 * spa_window_new:
 * @application: (nullable): the application
 * @context: the spa's context
 *
 * Returns: (transfer none): a new main window
 */
SpaWindow *
spa_window_new (GtkApplication *application,
                SpaContext     *context)
{
  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  return g_object_new (SPA_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

SpaContext *
spa_window_get_context (SpaWindow *self)
{
  g_return_val_if_fail (SPA_IS_WINDOW (self), NULL);
  return self->context;
}

void
spa_window_show_view (SpaWindow  *self,
                      const char *name)
{
  GtkWidget *child;
  AdwViewStackPage *page;

  g_return_if_fail (SPA_IS_WINDOW (self));

  /* A hidden view (Reports for a syncing desk's non-manager) is not shown by name. */
  child = name ? adw_view_stack_get_child_by_name (self->view_stack, name) : NULL;
  page = child ? adw_view_stack_get_page (self->view_stack, child) : NULL;
  if (page != NULL && adw_view_stack_page_get_visible (page))
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
spa_window_get_view (SpaWindow *self)
{
  g_return_val_if_fail (SPA_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->view_stack);
}

/**
 * spa_window_show_client:
 * @client_id: the client to show
 * @section: (nullable): "overview", "intake", "sessions", "bookings" or "progress"
 *
 * Shows the client's page in the Clients view: every way of opening a client goes
 * through here (the `win.show-client` action), so the page shown is the one asked
 * for whatever the Clients list is filtered on.
 *
 * Returns: %TRUE if the client exists and is shown
 */
gboolean
spa_window_show_client (SpaWindow  *self,
                        const char *client_id,
                        const char *section)
{
  SpaClientsPage *clients;

  g_return_val_if_fail (SPA_IS_WINDOW (self), FALSE);

  clients = self->clients_page;
  if (!spa_clients_page_show_client (clients, client_id))
    {
      AdwToast *toast = spa_toast_new_plain (_("This client is no longer on the desk"));

      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return FALSE;
    }

  spa_window_show_view (self, "clients");
  if (section != NULL)
    spa_client_page_show_section (SPA_CLIENT_PAGE (spa_clients_page_get_client_page (clients)), section);
  return TRUE;
}

void
spa_window_add_toast (SpaWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (SPA_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * spa_window_get_clients_page:
 *
 * Returns: (transfer none): the Clients view
 */
GtkWidget *
spa_window_get_clients_page (SpaWindow *self)
{
  g_return_val_if_fail (SPA_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->clients_page);
}

/**
 * spa_window_get_calendar_page:
 *
 * Returns: (transfer none): the Calendar view
 */
GtkWidget *
spa_window_get_calendar_page (SpaWindow *self)
{
  g_return_val_if_fail (SPA_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->calendar_page);
}

/**
 * spa_window_get_today_page:
 *
 * Returns: (transfer none): the Today view
 */
GtkWidget *
spa_window_get_today_page (SpaWindow *self)
{
  g_return_val_if_fail (SPA_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->today_page);
}

/**
 * spa_window_save_png:
 *
 * Renders the window as it is now into a PNG (for the documentation's screenshots).
 */
gboolean
spa_window_save_png (SpaWindow   *self,
                     const char  *path,
                     GError     **error)
{
  g_return_val_if_fail (SPA_IS_WINDOW (self), FALSE);
  return spa_widget_save_png (GTK_WIDGET (self), path, error);
}

static gboolean
take_screenshot_cb (gpointer user_data)
{
  SpaWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!spa_window_save_png (self, self->screenshot_path, &error))
    g_printerr ("spa-desk: %s\n", error->message);
  else
    g_print ("%s\n", self->screenshot_path);

  if (app != NULL)
    g_application_quit (G_APPLICATION (app));

  return G_SOURCE_REMOVE;
}

/**
 * spa_window_save_screenshot_when_ready:
 *
 * Saves a PNG of the window once it has settled after mapping, then quits.
 * The delay can be set in milliseconds with SPA_SCREENSHOT_DELAY.
 */
void
spa_window_save_screenshot_when_ready (SpaWindow  *self,
                                       const char *path)
{
  const char *delay = g_getenv ("SPA_SCREENSHOT_DELAY");

  g_return_if_fail (SPA_IS_WINDOW (self));

  g_free (self->screenshot_path);
  self->screenshot_path = g_strdup (path);
  g_timeout_add_full (G_PRIORITY_LOW, delay ? (guint)g_ascii_strtoull (delay, NULL, 10) : 1500,
                      take_screenshot_cb, g_object_ref (self), g_object_unref);
}

static void
after_paint_cb (GdkFrameClock *clock,
                SpaWindow     *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, self);
  g_print ("first-frame %" G_GINT64_FORMAT " us\n", g_get_monotonic_time ());
  if (app != NULL)
    g_application_quit (G_APPLICATION (app));
}

static void
realize_for_first_frame_cb (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect_object (clock, "after-paint", G_CALLBACK (after_paint_cb), widget, 0);
}

/**
 * spa_window_quit_after_first_frame:
 *
 * Quits the application once the window has painted its first frame: the start-up
 * benchmark measures the time to that moment.
 */
void
spa_window_quit_after_first_frame (SpaWindow *self)
{
  g_return_if_fail (SPA_IS_WINDOW (self));

  g_signal_connect (self, "realize", G_CALLBACK (realize_for_first_frame_cb), NULL);
}
