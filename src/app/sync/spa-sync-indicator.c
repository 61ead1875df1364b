/* spa-sync-indicator.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-sync-indicator.h"
#include "spa-widget-util.h"

/*
 * The header's sync status: "Synced 2 min ago", "Offline: 5 changes waiting",
 * "Server not answering", "1 conflict to resolve". Hidden while the desk works without
 * a server. A click does what the state asks for: resolve conflicts, sign in, or sync
 * now.
 */
struct _SpaSyncIndicator
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkButton     *button;
  GtkImage      *icon;
  GtkLabel      *label;

  /* Owned */
  SpaSyncEngine *engine;
  guint          tick_id;
};

G_DEFINE_FINAL_TYPE (SpaSyncIndicator, spa_sync_indicator, GTK_TYPE_WIDGET)

/**
 * spa_sync_indicator_describe:
 *
 * Returns: (transfer full) (nullable): the status line, or %NULL with no server
 */
char *
spa_sync_indicator_describe (SpaSyncEngine *engine,
                             gint64         now_unix)
{
  gint64 pending = spa_sync_engine_get_pending (engine);
  gint64 conflicts = spa_sync_engine_get_conflicts (engine);
  gint64 last = spa_sync_engine_get_last_synced (engine);

  if (spa_sync_engine_get_server_url (engine) == NULL)
    return NULL;

  if (conflicts > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d conflict to resolve",
                                         "%d conflicts to resolve", conflicts),
                            (int) conflicts);

  switch (spa_sync_engine_get_state (engine))
    {
    case SPA_SYNC_STATE_NEEDS_SIGN_IN:
      return g_strdup (_("Sign in to sync"));
    case SPA_SYNC_STATE_SYNCING:
      return g_strdup (_("Syncing…"));
    case SPA_SYNC_STATE_OFFLINE:
      if (pending > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline: %d change waiting",
                                             "Offline: %d changes waiting", pending),
                                (int) pending);
      return g_strdup (_("Offline"));
    case SPA_SYNC_STATE_NOT_ANSWERING:
      /* Reached but silent or too slow: the tooltip says for how long. */
      if (pending > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Server not answering: %d change waiting",
                                             "Server not answering: %d changes waiting", pending),
                                (int) pending);
      return g_strdup (_("Server not answering"));
    case SPA_SYNC_STATE_ERROR:
      /* The server answers, with errors: not "offline". The tooltip says what. */
      if (pending > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sync problem: %d change waiting",
                                             "Sync problem: %d changes waiting", pending),
                                (int) pending);
      return g_strdup (_("Sync problem"));
    case SPA_SYNC_STATE_IDLE:
    default:
      break;
    }

  if (last == 0)
    return pending > 0
      ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d change waiting",
                                      "%d changes waiting", pending), (int) pending)
      : g_strdup (_("Not synced yet"));

  {
    gint64 minutes = MAX (now_unix - last, 0) / 60;

    if (minutes < 1)
      return g_strdup (_("Synced just now"));
    if (minutes < 60)
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synced %d min ago",
                                           "Synced %d min ago", minutes), (int) minutes);
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synced %d hour ago",
                                         "Synced %d hours ago", minutes / 60),
                            (int) (minutes / 60));
  }
}

static void
update (SpaSyncIndicator *self)
{
  g_autofree char *text = NULL;
  const char *icon = "emblem-ok-symbolic";
  const char *message;

  if (self->engine != NULL)
    text = spa_sync_indicator_describe (self->engine, g_get_real_time () / G_USEC_PER_SEC);

  gtk_widget_set_visible (GTK_WIDGET (self), text != NULL);
  if (text == NULL)
    return;

  gtk_label_set_label (self->label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->button), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->button), "warning");

  if (spa_sync_engine_get_conflicts (self->engine) > 0)
    {
      icon = "dialog-warning-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->button), "warning");
    }
  else
    switch (spa_sync_engine_get_state (self->engine))
      {
      case SPA_SYNC_STATE_SYNCING:
        icon = "emblem-synchronizing-symbolic";
        break;
      case SPA_SYNC_STATE_OFFLINE:
        icon = "network-offline-symbolic";
        break;
      case SPA_SYNC_STATE_NOT_ANSWERING:
        icon = "network-error-symbolic";
        gtk_widget_add_css_class (GTK_WIDGET (self->button), "warning");
        break;
      case SPA_SYNC_STATE_ERROR:
      case SPA_SYNC_STATE_NEEDS_SIGN_IN:
        icon = "dialog-error-symbolic";
        gtk_widget_add_css_class (GTK_WIDGET (self->button), "error");
        break;
      case SPA_SYNC_STATE_IDLE:
      default:
        if (spa_sync_engine_get_pending (self->engine) > 0)
          icon = "emblem-synchronizing-symbolic";
        break;
      }
  gtk_image_set_from_icon_name (self->icon, icon);

  message = spa_sync_engine_get_message (self->engine);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button),
                               message ? message : _("Sync now"));
}

static void
engine_notify_cb (SpaSyncIndicator *self)
{
  update (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
button_clicked_cb (SpaSyncIndicator *self)
{
  if (self->engine == NULL)
    return;

  if (spa_sync_engine_get_conflicts (self->engine) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-conflicts", NULL);
  else if (spa_sync_engine_get_state (self->engine) == SPA_SYNC_STATE_NEEDS_SIGN_IN)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.preferences", NULL);
  else
    spa_sync_engine_sync_now (self->engine);
}

void
spa_sync_indicator_set_engine (SpaSyncIndicator *self,
                               SpaSyncEngine    *engine)
{
  g_return_if_fail (SPA_IS_SYNC_INDICATOR (self));

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    g_signal_connect_object (engine, "notify", G_CALLBACK (engine_notify_cb), self, G_CONNECT_SWAPPED);
  update (self);
}

const char *
spa_sync_indicator_get_text (SpaSyncIndicator *self)
{
  g_return_val_if_fail (SPA_IS_SYNC_INDICATOR (self), NULL);
  return gtk_label_get_label (self->label);
}

static void
spa_sync_indicator_dispose (GObject *object)
{
  SpaSyncIndicator *self = (SpaSyncIndicator *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  gtk_widget_dispose_template (GTK_WIDGET (self), SPA_TYPE_SYNC_INDICATOR);
  spa_widget_unparent_children (GTK_WIDGET (self));

  G_OBJECT_CLASS (spa_sync_indicator_parent_class)->dispose (object);
}

static void
spa_sync_indicator_class_init (SpaSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = spa_sync_indicator_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/spa-sync-indicator.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, SpaSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, SpaSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, SpaSyncIndicator, label);
  gtk_widget_class_bind_template_callback (widget_class, button_clicked_cb);
}

static void
spa_sync_indicator_init (SpaSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* "2 min ago" has to move on by itself. */
  self->tick_id = g_timeout_add_seconds (30, tick_cb, self);
}
