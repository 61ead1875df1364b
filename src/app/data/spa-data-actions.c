/* spa-data-actions.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-data-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-data-actions.h"
#include "spa-import-dialog.h"
#include "spa-widget-util.h"

/*
 * The window actions that move the spa's records in and out (the primary menu's
 * Import Clients), for a manager: the core's role rule decides who may.
 */

static gboolean
may_move_records (GtkWidget *window)
{
  SpaContext *context = spa_widget_get_context (window);

  if (spa_role_may_move_records (spa_context_get_role (context)))
    return TRUE;
  spa_widget_show_toast (window, _("Only a manager can import or export the spa’s records."), 6,
                         NULL, NULL, NULL);
  return FALSE;
}

/**
 * spa_data_actions_import_clients:
 * @window: the main window (a widget with a "context" property and the `win.` actions)
 *
 * Returns: (transfer none) (nullable): the import dialog, or %NULL when the person
 *   signed in may not import (a toast says so)
 */
GtkWidget *
spa_data_actions_import_clients (GtkWidget *window)
{
  SpaImportDialog *dialog;

  if (!may_move_records (window))
    return NULL;
  dialog = spa_import_dialog_new (spa_widget_get_context (window));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

static void
import_clients_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  spa_data_actions_import_clients (widget);
}

void
spa_data_actions_install (GtkWidgetClass *window_class)
{
  gtk_widget_class_install_action (window_class, "win.import-clients", NULL,
                                   import_clients_action);
}
