/* spa-test-ui-util.c: helpers for the UI tests
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-client-row.h"
#include "spa-preferences-window.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-widget-util.h"

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
 * spa_test_application_new:
 *
 * The application for a UI test, registered: registering runs its startup (styles,
 * accelerators), and NON_UNIQUE keeps it off the bus name of a Spa Desk running there.
 *
 * Returns: (transfer full): the application
 */
SpaApplication *
spa_test_application_new (void)
{
  g_autoptr(SpaApplication) app = spa_application_new ();
  g_autoptr(GError) error = NULL;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&app);
}

/**
 * spa_test_run_application:
 * @app: (inout): the test's application, from spa_test_application_new(); the tests
 *   read it while they run
 *
 * Runs the tests added, then lets the application go.
 *
 * Returns: what g_test_run() returns, for main() to return
 */
int
spa_test_run_application (SpaApplication **app)
{
  int status = g_test_run ();

  g_clear_object (app);
  return status;
}

/**
 * spa_test_find_row:
 * @type: the row's type (ADW_TYPE_ENTRY_ROW, say)
 * @title: its title
 *
 * Returns: (nullable): the first shown row (an #AdwPreferencesRow) of @type under @root
 *   titled @title
 */
GtkWidget *
spa_test_find_row (GtkWidget  *root,
                   GType       type,
                   const char *title)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = spa_test_find_row (child, type, title);

      if (found)
        return found;
    }
  return NULL;
}

/**
 * spa_test_find_labelled:
 * @type: the widget's type (a button type, say)
 * @text: the text a person reads on it
 *
 * Returns: (nullable): the first shown widget of @type under @root that reads @text
 *   and has a size on the screen
 */
static GtkWidget *
find_labelled (GtkWidget  *root,
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
      GtkWidget *found = find_labelled (child, type, text);

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
static GtkWidget *
find_action_widget (GtkWidget  *root,
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
      GtkWidget *found = find_action_widget (child, action_name);

      if (found)
        return found;
    }
  return NULL;
}

/* The widgets have their sizes once the window has been drawn. */
static void
wait_for_draw (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (root != NULL && gtk_widget_get_visible (GTK_WIDGET (root)))
    gtk_test_widget_wait_for_draw (GTK_WIDGET (root));
}

GtkWidget *
spa_test_find_labelled (GtkWidget  *root,
                        GType       type,
                        const char *text)
{
  wait_for_draw (root);
  return find_labelled (root, type, text);
}

GtkWidget *
spa_test_find_action_widget (GtkWidget  *root,
                             const char *action_name)
{
  wait_for_draw (root);
  return find_action_widget (root, action_name);
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
  GtkWidget *button = spa_test_find_labelled (window, GTK_TYPE_TOGGLE_BUTTON, title);

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

/**
 * spa_test_toast_text:
 *
 * Returns: (nullable): the text of the toast shown in @root, or %NULL if none shows
 */
const char *
spa_test_toast_text (GtkWidget *root)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (root), "AdwToastWidget") && gtk_widget_get_mapped (root))
    {
      GtkWidget *label = spa_test_find_widget (root, GTK_TYPE_LABEL);

      return label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : "";
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = spa_test_toast_text (child);

      if (text != NULL)
        return text;
    }
  return NULL;
}

/**
 * spa_test_find_toplevel:
 * @type: a window type, such as %SPA_TYPE_CHECKOUT_DIALOG
 *
 * Returns: (transfer none) (nullable): the first shown toplevel of @type
 */
GtkWindow *
spa_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static gboolean
toplevel_shown (gpointer type)
{
  return spa_test_find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

/**
 * spa_test_wait_for_toplevel:
 * @type: a window type, such as %SPA_TYPE_PREFERENCES_WINDOW
 *
 * Waits (at most 5 s) for a window of @type to show, as one opens after a click.
 *
 * Returns: (transfer none): the window
 */
GtkWindow *
spa_test_wait_for_toplevel (GType type)
{
  g_assert_true (spa_test_iterate_until (toplevel_shown, GSIZE_TO_POINTER (type), 5000));
  return spa_test_find_toplevel (type);
}

/**
 * spa_test_save_screenshot:
 * @widget: a shown window or widget
 * @name: the PNG file's name ("import-preview.png")
 *
 * Saves @widget as drawn into $SPA_SCREENSHOT_DIR when it is set (to refresh
 * docs/screenshots/), and does nothing otherwise.
 */
void
spa_test_save_screenshot (GtkWidget  *widget,
                          const char *name)
{
  const char *dir = g_getenv ("SPA_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  gtk_test_widget_wait_for_draw (widget);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (spa_widget_save_png (widget, path, &error));
  g_assert_no_error (error);
}

/**
 * spa_test_desk_open:
 *
 * Opens @desk's store in a new data folder and its settings (the app's schema, in
 * the tests' memory backend), for the test to fill before spa_test_desk_show().
 */
void
spa_test_desk_open (SpaTestDesk *desk)
{
  memset (desk, 0, sizeof *desk);
  desk->store = spa_test_open_store (&desk->dir);
  desk->settings = g_settings_new (APP_ID);
}

/**
 * spa_test_desk_show:
 * @application: (nullable): the application the window belongs to
 *
 * Makes @desk's context (unless the test made it already, from @desk's store and
 * settings) and presents its main window at @width × @height.
 */
void
spa_test_desk_show (SpaTestDesk    *desk,
                    GtkApplication *application,
                    int             width,
                    int             height)
{
  if (desk->context == NULL)
    desk->context = spa_context_new (desk->store, desk->settings);
  desk->window = spa_window_new (application, desk->context);
  gtk_window_set_default_size (GTK_WINDOW (desk->window), width, height);
  gtk_window_present (GTK_WINDOW (desk->window));
}

/**
 * spa_test_desk_tear_down:
 *
 * Closes every window the test left open and the main window, puts back the settings
 * a test may change (sign-in, the server) and removes the data folder.
 */
void
spa_test_desk_tear_down (SpaTestDesk *desk)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

      if (window != G_OBJECT (desk->window))
        gtk_window_destroy (GTK_WINDOW (window));
    }
  if (desk->window != NULL)
    gtk_window_destroy (GTK_WINDOW (desk->window));
  g_settings_reset (desk->settings, "sign-in");
  g_settings_reset (desk->settings, "server-url");
  g_clear_object (&desk->context);
  g_clear_object (&desk->settings);
  g_clear_object (&desk->store);
  spa_test_remove_dir (desk->dir);
  g_clear_pointer (&desk->dir, g_free);
}

static gboolean
no_message_dialog (gpointer data)
{
  return spa_test_find_message_dialog () == NULL;
}

/* Clicks the open message dialog's button labelled @label (its suggested one if
 * %NULL), and waits for the dialog to close. */
void
spa_test_click_dialog_button (const char *label)
{
  AdwMessageDialog *dialog = spa_test_find_message_dialog ();
  GtkWidget *button;

  g_assert_nonnull (dialog);
  if (label == NULL)
    {
      const char *response = adw_message_dialog_get_default_response (dialog);

      label = adw_message_dialog_get_response_label (dialog, response);
    }
  button = spa_test_find_message_button (label);
  g_assert_nonnull (button);
  spa_test_click (button, -1, -1);
  g_assert_true (spa_test_iterate_until (no_message_dialog, NULL, 5000));
}

/* Picks item @index of a combo row's list with the keyboard: a click opens the list,
 * Home goes to its top, Down @index times, Enter. */
void
spa_test_pick_in_combo (AdwComboRow *row,
                        guint        index)
{
  g_autoptr(GString) keys = g_string_new ("Home");

  spa_test_click (GTK_WIDGET (row), -1, -1);
  for (guint i = 0; i < index; i++)
    g_string_append (keys, " Down");
  g_string_append (keys, " Return");
  spa_test_send_keys (GTK_WIDGET (row), keys->str);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, index);
}

/**
 * spa_test_open_client:
 * @name: the client's name as the list shows it
 *
 * Shows the Clients view and clicks @name's row in the list (scrolled to with the
 * mouse wheel), as the desk picks a client.
 */
void
spa_test_open_client (GtkWidget  *window,
                      const char *name)
{
  GtkWidget *row;

  spa_test_show_view (window, "Clients");
  row = spa_test_find_labelled (window, SPA_TYPE_CLIENT_ROW, name);
  g_assert_nonnull (row);
  spa_test_click (row, -1, -1);
}

static gboolean
is_primary_menu_button (GtkWidget *widget)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)) &&
         gtk_widget_get_mapped (widget);
}

static GtkWidget *
find_primary_menu_button (GtkWidget *root)
{
  if (is_primary_menu_button (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_primary_menu_button (child);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* A menu's items are model buttons, whose action the public API does not tell. */
static gboolean
preferences_laid_out (gpointer popover)
{
  return find_labelled (popover, g_type_from_name ("GtkModelButton"), "Preferences") != NULL;
}

/**
 * spa_test_open_main_menu:
 * @label: an item's text, without its mnemonic ("Failed E-mail")
 *
 * Opens @window's main menu with a click and looks for an item.
 *
 * Returns: (transfer none) (nullable): the item reading @label, shown in the open menu
 */
GtkWidget *
spa_test_open_main_menu (GtkWidget  *window,
                         const char *label)
{
  GtkWidget *button;
  GtkPopover *popover;
  GtkWidget *item;

  gtk_test_widget_wait_for_draw (window);
  button = find_primary_menu_button (window);
  g_assert_nonnull (button);
  spa_test_click (button, -1, -1);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_true (spa_test_iterate_until (widget_mapped, popover, 5000));
  g_assert_true (spa_test_iterate_until (preferences_laid_out, popover, 5000));
  item = find_labelled (GTK_WIDGET (popover), g_type_from_name ("GtkModelButton"), label);
  return item != NULL && gtk_widget_get_visible (item) ? item : NULL;
}

/**
 * spa_test_open_preferences:
 * @tab: the text of the page's tab ("Desk")
 *
 * Opens Preferences from @window's main menu with clicks, on the page @tab.
 *
 * Returns: (transfer none): the Preferences window
 */
GtkWidget *
spa_test_open_preferences (GtkWidget  *window,
                           const char *tab)
{
  GtkWidget *item = spa_test_open_main_menu (window, "Preferences");
  GtkWidget *preferences;
  GtkWidget *button;

  g_assert_nonnull (item);
  spa_test_click (item, -1, -1);
  preferences = GTK_WIDGET (spa_test_wait_for_toplevel (SPA_TYPE_PREFERENCES_WINDOW));
  button = spa_test_find_labelled (preferences, GTK_TYPE_TOGGLE_BUTTON, tab);
  g_assert_nonnull (button);
  spa_test_click (button, -1, -1);
  return preferences;
}

/**
 * spa_test_find_button_with_tooltip:
 * @tooltip: the tooltip of an icon button ("Back to the client list")
 *
 * Returns: (nullable): the first shown button under @root whose tooltip reads @tooltip
 */
GtkWidget *
spa_test_find_button_with_tooltip (GtkWidget  *root,
                                   const char *tooltip)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = spa_test_find_button_with_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}
