/* spa-mail-window.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-mail-window"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-mail-window-private.h"
#include "spa-widget-util.h"

/*
 * Failed E-mail (docs/reminders.md), from the primary menu while the desk is signed in
 * to a spa server: the messages the server gave up on, newest first, each with its
 * recipient, subject, the SMTP server's reason and when it was written, as the
 * server's GET /v1/mail?status=failed gives them. Refresh asks again.
 */

struct _SpaMailWindow
{
  AdwWindow        parent_instance;

  /* Template widgets */
  GtkStack        *stack;
  GtkListBox      *list;
  AdwStatusPage   *error_page;

  /* Owned */
  SpaContext      *context;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (SpaMailWindow, spa_mail_window, ADW_TYPE_WINDOW)

static const char *
member_text (JsonObject *message,
             const char *name)
{
  JsonNode *node = json_object_get_member (message, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* "Tue 3 14:05" in the spa's zone, or the server's text as it came when it is not a
 * time the desk reads. */
static char *
format_when (SpaMailWindow *self,
             const char    *utc)
{
  g_autoptr(GDateTime) when = spa_time_parse_utc (utc);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;

  if (when == NULL)
    return g_utf8_make_valid (utc ? utc : "", -1);
  local = g_date_time_to_timezone (when, spa_context_get_time_zone (self->context));
  day = spa_format_weekday_day (local);
  time = spa_format_time (local);
  /* TRANSLATORS: when a failed e-mail was written: a day ("Tue 3") and a time */
  return g_strdup_printf (_("%s %s"), day, time);
}

static GtkWidget *
make_row (SpaMailWindow *self,
          JsonObject    *message)
{
  const char *subject = member_text (message, "subject");
  const char *reason = member_text (message, "last_error");
  g_autofree char *recipient = g_utf8_make_valid (member_text (message, "recipient")
                                                  ? member_text (message, "recipient") : "", -1);
  g_autofree char *shown_subject = g_utf8_make_valid (subject ? subject : _("No subject"), -1);
  g_autofree char *shown_reason = g_utf8_make_valid (reason ? reason : _("No reason given"), -1);
  g_autofree char *subtitle = NULL;
  g_autofree char *when = format_when (self, member_text (message, "created_at"));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label;

  /* The subject, then why the mail server refused it, each on its own line. */
  subtitle = g_strjoin ("\n", shown_subject, shown_reason, NULL);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), recipient);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* Wrapped, never cut: the reason is what the manager needs to read. */
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  label = gtk_label_new (when);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SpaMailWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = spa_sync_engine_list_mail_finish (SPA_SYNC_ENGINE (object),
                                                                    result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (messages == NULL)
    {
      spa_list_box_remove_all (self->list);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  spa_mail_window_show_messages (self, messages);
}

/**
 * spa_mail_window_show_messages:
 * @messages: (element-type JsonObject): failed messages as the server lists them
 *
 * Shows @messages, in place of any answer the server has still to give.
 */
void
spa_mail_window_show_messages (SpaMailWindow *self,
                               GPtrArray     *messages)
{
  g_return_if_fail (SPA_IS_MAIL_WINDOW (self));

  g_cancellable_cancel (self->cancellable);
  spa_list_box_remove_all (self->list);
  for (guint i = 0; i < messages->len; i++)
    gtk_list_box_append (self->list, make_row (self, messages->pdata[i]));
  gtk_stack_set_visible_child_name (self->stack, messages->len > 0 ? "list" : "empty");
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SpaMailWindow *self = SPA_MAIL_WINDOW (widget);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "loading");
  spa_sync_engine_list_mail_async (spa_context_get_sync_engine (self->context), "failed",
                                   self->cancellable, listed_cb, self);
}

static void
spa_mail_window_dispose (GObject *object)
{
  SpaMailWindow *self = SPA_MAIL_WINDOW (object);

  /* A late answer finds the window gone: listed_cb sees the cancellation. */
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), SPA_TYPE_MAIL_WINDOW);

  G_OBJECT_CLASS (spa_mail_window_parent_class)->dispose (object);
}

static void
spa_mail_window_finalize (GObject *object)
{
  SpaMailWindow *self = SPA_MAIL_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (spa_mail_window_parent_class)->finalize (object);
}

static void
spa_mail_window_class_init (SpaMailWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_mail_window_dispose;
  object_class->finalize = spa_mail_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/spa-mail-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpaMailWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SpaMailWindow, list);
  gtk_widget_class_bind_template_child (widget_class, SpaMailWindow, error_page);

  gtk_widget_class_install_action (widget_class, "mail.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "mail.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
spa_mail_window_init (SpaMailWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * spa_mail_window_new:
 *
 * Returns: (transfer none): the Failed E-mail window (a toplevel), asking the server
 */
SpaMailWindow *
spa_mail_window_new (SpaContext *context)
{
  SpaMailWindow *self;

  g_return_val_if_fail (SPA_IS_CONTEXT (context), NULL);

  self = g_object_new (SPA_TYPE_MAIL_WINDOW, NULL);
  self->context = g_object_ref (context);
  gtk_widget_activate_action (GTK_WIDGET (self), "mail.refresh", NULL);
  return self;
}

static void
failed_mail_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SpaMailWindow *mail = spa_mail_window_new (spa_widget_get_context (widget));

  gtk_window_set_transient_for (GTK_WINDOW (mail), GTK_WINDOW (widget));
  gtk_window_present (GTK_WINDOW (mail));
}

/**
 * spa_mail_window_install_action:
 * @window_class: the main window's class
 *
 * Installs `win.failed-mail`, which opens Failed E-mail beside the window.
 */
void
spa_mail_window_install_action (GtkWidgetClass *window_class)
{
  gtk_widget_class_install_action (window_class, "win.failed-mail", NULL, failed_mail_action);
}

static void
sync_changed_cb (GtkWidget *window)
{
  SpaContext *context = spa_widget_get_context (window);

  gtk_widget_action_set_enabled (window, "win.failed-mail",
                                 spa_sync_engine_is_signed_in (
                                   spa_context_get_sync_engine (context)));
}

/**
 * spa_mail_window_follow_sync:
 * @window: the main window
 *
 * Keeps `win.failed-mail` (and so its menu item) to a desk signed in to a server.
 */
void
spa_mail_window_follow_sync (GtkWidget  *window,
                             SpaContext *context)
{
  SpaSyncEngine *engine = spa_context_get_sync_engine (context);

  g_signal_connect_object (engine, "notify::server-url", G_CALLBACK (sync_changed_cb), window,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "notify::state", G_CALLBACK (sync_changed_cb), window,
                           G_CONNECT_SWAPPED);
  sync_changed_cb (window);
}
