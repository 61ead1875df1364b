/* spa-test-ui-util.c: helpers for the UI tests
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-test-input.h"
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

/* Whether a descendant label of @widget (or @widget, a label) reads @text, mnemonic
 * underscores left out. */
static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

/**
 * spa_test_find_labelled:
 * @type: the widget's type (a button type, say)
 * @text: the text a person reads on it
 *
 * Returns: (nullable): the first shown widget of @type under @root that reads @text
 *   and has a size on the screen
 */
GtkWidget *
spa_test_find_labelled (GtkWidget  *root,
                        GType       type,
                        const char *text)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  /* A view switcher keeps a narrow copy of itself mapped but without a size. */
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && has_label (root, text) &&
      gtk_widget_get_width (root) > 0 && gtk_widget_get_height (root) > 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = spa_test_find_labelled (child, type, text);

      if (found)
        return found;
    }
  return NULL;
}

/**
 * spa_test_find_action_widget:
 *
 * Returns: (nullable): the first shown widget under @root (a button) that activates
 *   @action_name, as a person finds it on the screen
 */
GtkWidget *
spa_test_find_action_widget (GtkWidget  *root,
                             const char *action_name)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0 &&
      gtk_widget_get_width (root) > 0 && gtk_widget_get_height (root) > 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = spa_test_find_action_widget (child, action_name);

      if (found)
        return found;
    }
  return NULL;
}

/**
 * spa_test_show_view:
 * @title: the view's title in the view switcher ("Today", "Calendar", "Clients")
 *
 * Clicks the view's button in the window's view switcher, with the mouse.
 */
void
spa_test_show_view (GtkWidget  *window,
                    const char *title)
{
  GtkWidget *button;

  gtk_test_widget_wait_for_draw (window);
  button = spa_test_find_labelled (window, GTK_TYPE_TOGGLE_BUTTON, title);
  g_assert_nonnull (button);
  spa_test_click (button, -1, -1);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
}

/* The first widget of @type in @root's tree, @root included (depth first). */
GtkWidget *
spa_test_find_widget (GtkWidget *root,
                      GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = spa_test_find_widget (child, type);

      if (found)
        return found;
    }
  return NULL;
}
