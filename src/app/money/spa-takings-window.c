/* spa-takings-window.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-takings-window"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-takings-window.h"
#include "spa-widget-util.h"

/*
 * My Takings, from the primary menu for a therapist signed in on the desk: the services
 * they gave, their sales before tax and their tips today, this week or this month
 * (spa_store_money_therapist_takings(), the core's). A desk signed in to a spa server
 * asks it (GET /v1/money/mine), since a therapist's desk pulls no invoices; a desk
 * without a server, or whose server account is a front desk's (it pulls the till),
 * reads its own invoices on a worker thread with its own connection. Nothing blocks the
 * window, and closing it cancels what was asked.
 */

struct _SpaTakingsWindow
{
  AdwWindow            parent_instance;

  /* Template widgets */
  GtkStack            *stack;
  AdwStatusPage       *error_page;
  AdwPreferencesGroup *figures_group;
  GtkLabel            *services_label;
  GtkLabel            *sales_label;
  GtkLabel            *tips_label;
  GtkToggleButton     *week_button;
  GtkToggleButton     *month_button;

  /* Owned */
  SpaContext          *context;
  GCancellable        *cancellable;
  char                *therapist_id;
  char                *period_label;
  char                *from;
  char                *to;
};

G_DEFINE_FINAL_TYPE (SpaTakingsWindow, spa_takings_window, ADW_TYPE_WINDOW)

typedef struct
{
  char                *path;
  char                *therapist_id;
  char                *from;
  char                *to;
  SpaTherapistTakings  takings;
} LocalJob;

static void
local_job_free (LocalJob *job)
{
  g_free (job->path);
  g_free (job->therapist_id);
  g_free (job->from);
  g_free (job->to);
  g_free (job);
}

static void
show_error (SpaTakingsWindow *self,
            const char       *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
show_takings (SpaTakingsWindow          *self,
              const SpaTherapistTakings *takings,
              const char                *source)
{
  g_autofree char *services = g_strdup_printf ("%" G_GINT64_FORMAT, takings->services);
  g_autofree char *sales = spa_format_money (takings->sales_cents, NULL);
  g_autofree char *tips = spa_format_money (takings->tips_cents, NULL);

  gtk_label_set_text (self->services_label, services);
  gtk_label_set_text (self->sales_label, sales);
  gtk_label_set_text (self->tips_label, tips);
  adw_preferences_group_set_title (self->figures_group, self->period_label);
  adw_preferences_group_set_description (self->figures_group, source);
  gtk_stack_set_visible_child_name (self->stack, "figures");
}

static void
local_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LocalJob *job = task_data;
  g_autoptr(SpaStore) store = NULL;
  GError *error = NULL;

  store = spa_store_open (job->path, &error);
  if (store == NULL ||
      !spa_store_money_therapist_takings (store, job->therapist_id, job->from, job->to,
                                          &job->takings, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
local_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  SpaTakingsWindow *self;

  /* Cancelled: the window may be gone, or a newer question was asked. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self = SPA_TAKINGS_WINDOW (object);
      show_error (self, error->message);
      return;
    }
  self = SPA_TAKINGS_WINDOW (object);
  show_takings (self, &((LocalJob *)g_task_get_task_data (G_TASK (result)))->takings,
                _("From this desk’s invoices."));
}

/* The desk holds the till's records (no server, or a front desk's account): its own
 * invoices say, read on a worker thread. */
static void
compute_locally (SpaTakingsWindow *self)
{
  g_autoptr(GTask) task = NULL;
  LocalJob *job = g_new0 (LocalJob, 1);

  job->path = g_strdup (spa_store_get_path (spa_context_get_store (self->context)));
  job->therapist_id = g_strdup (self->therapist_id);
  job->from = g_strdup (self->from);
  job->to = g_strdup (self->to);
  /* Closing the window cancels: the callback then leaves it alone. */
  task = g_task_new (self, self->cancellable, local_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify)local_job_free);
  g_task_run_in_thread (task, local_thread);
}

static void
server_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SpaTakingsWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *therapist_id = NULL;
  SpaTherapistTakings takings;

  if (spa_sync_engine_my_takings_finish (SPA_SYNC_ENGINE (object), result, &takings,
                                         &therapist_id, &error))
    {
      if (g_strcmp0 (therapist_id, self->therapist_id) == 0)
        show_takings (self, &takings, _("From the spa server."));
      else
        show_error (self, _("This desk is signed in to the spa server as another therapist: "
                            "only their takings can be asked for here."));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A front desk's account: the server gives it no takings, but its desk pulls them. */
  if (g_error_matches (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_FORBIDDEN))
    {
      compute_locally (self);
      return;
    }
  {
    /* TRANSLATORS: %s says why the spa server could not be asked (offline, …) */
    g_autofree char *text = g_strdup_printf (_("This desk keeps no invoices, and the spa "
                                               "server could not be asked: %s Try again "
                                               "when the desk is back online."),
                                             error->message);

    show_error (self, text);
  }
}

static SpaPeriodKind
chosen_kind (SpaTakingsWindow *self)
{
  if (gtk_toggle_button_get_active (self->month_button))
    return SPA_PERIOD_MONTH;
  if (gtk_toggle_button_get_active (self->week_button))
    return SPA_PERIOD_WEEK;
  return SPA_PERIOD_DAY;
}

static void
refresh (SpaTakingsWindow *self)
{
  SpaSyncEngine *engine = spa_context_get_sync_engine (self->context);
  SpaAccount *account = spa_context_get_account (self->context);
  GTimeZone *zone = spa_context_get_time_zone (self->context);
  g_autoptr(GDateTime) now = spa_context_now (self->context);
  SpaPeriodKind kind = chosen_kind (self);
  SpaReportPeriod period;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->therapist_id, g_free);
  g_clear_pointer (&self->period_label, g_free);
  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);

  if (account == NULL || spa_str_empty (spa_account_get_therapist_id (account)))
    {
      show_error (self, _("Sign in on this desk as a therapist to see your takings."));
      return;
    }
  self->therapist_id = g_strdup (spa_account_get_therapist_id (account));
  spa_report_period_containing (kind, spa_report_today (zone, now), &period);
  self->period_label = spa_report_period_label (&period);
  spa_money_period_range (zone, now, kind, &self->from, &self->to);

  gtk_stack_set_visible_child_name (self->stack, "loading");
  if (spa_sync_engine_is_signed_in (engine))
    spa_sync_engine_my_takings_async (engine, self->from, self->to, self->cancellable,
                                      server_done_cb, self);
  else
    compute_locally (self);
}

static void
period_toggled_cb (SpaTakingsWindow *self,
                   GtkToggleButton  *button)
{
  /* Each choice toggles two buttons: ask once, for the one turned on. */
  if (gtk_toggle_button_get_active (button) && self->context != NULL)
    refresh (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (SPA_TAKINGS_WINDOW (widget));
}

static void
spa_takings_window_dispose (GObject *object)
{
  SpaTakingsWindow *self = SPA_TAKINGS_WINDOW (object);

  /* A late answer finds the window gone: the callbacks see the cancellation. */
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), SPA_TYPE_TAKINGS_WINDOW);

  G_OBJECT_CLASS (spa_takings_window_parent_class)->dispose (object);
}

static void
spa_takings_window_finalize (GObject *object)
{
  SpaTakingsWindow *self = SPA_TAKINGS_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_free (self->therapist_id);
  g_free (self->period_label);
  g_free (self->from);
  g_free (self->to);

  G_OBJECT_CLASS (spa_takings_window_parent_class)->finalize (object);
}

static void
spa_takings_window_class_init (SpaTakingsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_takings_window_dispose;
  object_class->finalize = spa_takings_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/spa-takings-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaTakingsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SpaTakingsWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SpaTakingsWindow, figures_group);
  gtk_widget_class_bind_template_child (widget_class, SpaTakingsWindow, services_label);
  gtk_widget_class_bind_template_child (widget_class, SpaTakingsWindow, sales_label);
  gtk_widget_class_bind_template_child (widget_class, SpaTakingsWindow, tips_label);
  gtk_widget_class_bind_template_child (widget_class, SpaTakingsWindow, week_button);
  gtk_widget_class_bind_template_child (widget_class, SpaTakingsWindow, month_button);
  gtk_widget_class_bind_template_callback (widget_class, period_toggled_cb);

  gtk_widget_class_install_action (widget_class, "takings.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "takings.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
spa_takings_window_init (SpaTakingsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * spa_takings_window_new:
 *
 * Returns: (transfer none): the My Takings window (a toplevel), asking for today's
 */
SpaTakingsWindow *
spa_takings_window_new (SpaContext *context)
{
  SpaTakingsWindow *self;

  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  self = g_object_new (SPA_TYPE_TAKINGS_WINDOW, NULL);
  self->context = g_object_ref (context);
  refresh (self);
  return self;
}

static void
my_takings_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SpaTakingsWindow *takings = spa_takings_window_new (spa_widget_get_context (widget));

  gtk_window_set_transient_for (GTK_WINDOW (takings), GTK_WINDOW (widget));
  gtk_window_present (GTK_WINDOW (takings));
}

/**
 * spa_takings_window_install_action:
 * @window_class: the main window's class
 *
 * Installs `win.my-takings`, which opens My Takings beside the window.
 */
void
spa_takings_window_install_action (GtkWidgetClass *window_class)
{
  gtk_widget_class_install_action (window_class, "win.my-takings", NULL, my_takings_action);
}

static void
account_changed_cb (GtkWidget *window)
{
  SpaAccount *account = spa_context_get_account (spa_widget_get_context (window));

  gtk_widget_action_set_enabled (window, "win.my-takings",
                                 account != NULL &&
                                 !spa_str_empty (spa_account_get_therapist_id (account)));
}

/**
 * spa_takings_window_follow_account:
 * @window: the main window
 *
 * Keeps `win.my-takings` (and so its menu item) to a therapist signed in on the desk.
 */
void
spa_takings_window_follow_account (GtkWidget  *window,
                                   SpaContext *context)
{
  g_signal_connect_object (context, "notify::account", G_CALLBACK (account_changed_cb), window,
                           G_CONNECT_SWAPPED);
  account_changed_cb (window);
}
