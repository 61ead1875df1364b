/* spa-test-ui-util.c: helpers for the UI tests
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-test-ui-util.h"

/* The open message dialog, if any. */
AdwMessageDialog *
spa_test_find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* The button of the open message dialog whose label is @label (mnemonic included):
 * activating it is what a click or the keyboard does. */
GtkWidget *
spa_test_find_message_button (const char *label)
{
  GtkWidget *dialog = GTK_WIDGET (spa_test_find_message_dialog ());
  GtkWidget *widget = dialog;

  /* Depth-first walk of the dialog's widgets. */
  while (widget != NULL)
    {
      GtkWidget *next;

      if (GTK_IS_BUTTON (widget) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
        return widget;
      next = gtk_widget_get_first_child (widget);
      while (next == NULL && widget != dialog)
        {
          next = gtk_widget_get_next_sibling (widget);
          if (next == NULL)
            widget = gtk_widget_get_parent (widget);
        }
      widget = next;
    }
  return NULL;
}
