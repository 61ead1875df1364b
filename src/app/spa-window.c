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
#include "spa-calendar-page.h"
#include "spa-client-dialog.h"
#include "spa-client-page.h"
#include "spa-clients-page.h"
#include "spa-conflicts-window.h"
#include "spa-preferences-window.h"
#include "spa-sync-indicator.h"
#include "spa-staff-window.h"
#include "spa-today-page.h"
#include "spa-widget-util.h"
#include "spa-window.h"

struct _SpaWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  SpaClientsPage       *clients_page;
  SpaSyncIndicator     *sync_indicator;
  SpaTodayPage         *today_page;
  SpaCalendarPage      *calendar_page;

  /* Owned */
  SpaContext           *context;
  char                 *screenshot_path;
};

G_DEFINE_FINAL_TYPE (SpaWindow, spa_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

  spa_clients_page_set_context (self->clients_page, self->context);
  spa_sync_indicator_set_engine (self->sync_indicator, spa_context_get_sync_engine (self->context));
  /* Messages from the core (a double booking) give times in the spa's zone. */
  g_signal_connect_object (self->context, "notify::time-zone", G_CALLBACK (time_zone_changed_cb), self,
                           G_CONNECT_SWAPPED);
  time_zone_changed_cb (self);
  spa_today_page_set_context (self->today_page, self->context);
  spa_calendar_page_set_context (self->calendar_page, self->context);

  view = g_settings_get_string (settings, "last-view");
  spa_window_show_view (self, view);
}

static void
spa_window_dispose (GObject *object)
{
  SpaWindow *self = (SpaWindow *)object;

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
spa_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SpaWindow *self = SPA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spa_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SpaWindow *self = SPA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
  object_class->get_property = spa_window_get_property;
  object_class->set_property = spa_window_set_property;

  window_class->close_request = spa_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, SPA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SPA_TYPE_CLIENTS_PAGE);
  g_type_ensure (SPA_TYPE_TODAY_PAGE);
  g_type_ensure (SPA_TYPE_CALENDAR_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SpaWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SpaWindow, clients_page);
  gtk_widget_class_bind_template_child (widget_class, SpaWindow, today_page);
  gtk_widget_class_bind_template_child (widget_class, SpaWindow, calendar_page);

  gtk_widget_class_install_action (widget_class, "win.new-client", NULL, new_client_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.show-client", "s", show_client_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.show-conflicts", NULL, show_conflicts_action);
  gtk_widget_class_bind_template_child (widget_class, SpaWindow, sync_indicator);
  g_type_ensure (SPA_TYPE_SYNC_INDICATOR);
  gtk_widget_class_install_action (widget_class, "win.services-staff", NULL, services_staff_action);
  spa_booking_actions_install (widget_class);
}

static void
spa_window_init (SpaWindow *self)
{
  spa_style_ensure_loaded ();
  gtk_widget_init_template (GTK_WIDGET (self));

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
  g_return_if_fail (SPA_IS_WINDOW (self));

  if (name != NULL && adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
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
      AdwToast *toast = adw_toast_new (_("This client is no longer on the desk"));

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
