/* spa-client-actions.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-client-actions"

#include "config.h"

#include "spa-client-actions.h"
#include "spa-client-fields.h"
#include "spa-client.h"
#include "spa-widget-util.h"

/*
 * Window actions for a client that outlive the page that showed them: the Undo of a
 * toast runs after the page may have moved on to another client. Installed on the
 * window's class, they read its "context" property, as the booking actions do.
 */

/* (sb): the client's id, and whether they were archived (else deleted). */
static void
undo_removal_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SpaStore *store = spa_context_get_store (spa_widget_get_context (widget));
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) client = NULL;
  const char *id;
  gboolean archived;
  gboolean done;

  g_variant_get (parameter, "(&sb)", &id, &archived);
  if (archived)
    {
      client = spa_store_get (store, SPA_CLIENT_ENTITY, id, &error);
      done = client != NULL && spa_client_set_archived (store, client, FALSE, &error);
    }
  else
    done = spa_store_restore (store, SPA_CLIENT_ENTITY, id, &error);
  if (!done)
    spa_widget_show_toast (widget, error->message, 6, NULL, NULL, NULL);
}

void
spa_client_actions_install (GtkWidgetClass *window_class)
{
  gtk_widget_class_install_action (window_class, "win.client-undo-removal", "(sb)",
                                   undo_removal_action);
}
