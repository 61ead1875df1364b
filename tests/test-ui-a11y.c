/* test-ui-a11y.c: keyboard and accessibility checks over the real window
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "spa-application.h"
#include "spa-client-dialog.h"
#include "spa-clients-page.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-widget-util.h"
#include "spa-window.h"

typedef struct
{
  char           *dir;
  SpaStore       *store;
  SpaContext     *context;
  SpaWindow      *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(SpaRecord) a = NULL;
  g_autoptr(SpaRecord) b = NULL;

  f->store = spa_test_open_store (&f->dir);
  a = spa_test_add_client (f->store, "Zoë", "Tremblay", NULL, "+1 (604) 555-0101");
  b = spa_test_add_client (f->store, "Amélie", "Gagnon", NULL, "778 555 0102");
  f->context = spa_context_new (f->store, settings);
  f->window = spa_window_new (NULL, f->context);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  spa_test_show_view (GTK_WIDGET (f->window), "Clients");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  spa_test_remove_dir (f->dir);
  g_free (f->dir);
}

static gboolean
is_laid_out (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

/* Lets the window lay itself out and draw, bounded in time. */
static void
wait_until_drawn (GtkWidget *widget)
{
  g_assert_true (spa_test_iterate_until (is_laid_out, widget, 3000));
  /* A few more turns so the list rows exist and the first frame is out. */
  for (guint i = 0; i < 50 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

/* With SPA_TEST_SCREENSHOT_DIR set, saves what the test sees, to look at it (dark
 * style, large text, another language) without changing the test. */
static void
maybe_save_png (GtkWidget  *widget,
                const char *name)
{
  const char *dir = g_getenv ("SPA_TEST_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  if (!spa_widget_save_png (widget, path, &error))
    g_test_message ("%s: %s", path, error->message);
}

static void
collect_widgets (GtkWidget *widget,
                 GPtrArray *out)
{
  g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, out);
}

static gboolean
is_icon_only (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget))
    return gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) != NULL &&
           gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) == NULL;
  if (GTK_IS_BUTTON (widget) && !GTK_IS_TOGGLE_BUTTON (widget))
    return gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL &&
           gtk_button_get_label (GTK_BUTTON (widget)) == NULL &&
           GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (widget)));
  return FALSE;
}

static const char *
describe (GtkWidget *widget)
{
  const char *action = GTK_IS_ACTIONABLE (widget) ? gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) : NULL;
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  return g_intern_string (g_strdup_printf ("%s (action %s, tooltip “%s”)", G_OBJECT_TYPE_NAME (widget),
                                           action ? action : "none", tooltip ? tooltip : ""));
}

/* Screen readers read nothing useful for a button that only shows an icon, or for a
 * list or search field without a name: each of ours carries an accessible label. */
static void
assert_accessible_names (GtkWidget *root)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  guint checked = 0;

  collect_widgets (root, widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *w = widgets->pdata[i];
      gboolean needs_label = is_icon_only (w);

      /* GTK's own inner widgets (the view switcher's buttons, the window controls, the
       * search fields and pop-up lists inside drop-downs and combo rows, which their
       * owners name) get their names from GTK; ours are the ones built in our .ui files. */
      if (GTK_IS_LIST_VIEW (w) || GTK_IS_SEARCH_ENTRY (w))
        needs_label = TRUE;
      if (gtk_widget_get_ancestor (w, ADW_TYPE_VIEW_SWITCHER) != NULL ||
          gtk_widget_get_ancestor (w, ADW_TYPE_VIEW_SWITCHER_TITLE) != NULL ||
          gtk_widget_get_ancestor (w, GTK_TYPE_WINDOW_CONTROLS) != NULL ||
          gtk_widget_get_ancestor (w, GTK_TYPE_DROP_DOWN) != NULL ||
          gtk_widget_get_ancestor (w, ADW_TYPE_COMBO_ROW) != NULL)
        needs_label = FALSE;
      if (!needs_label)
        continue;

      checked++;
      if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL) &&
          !gtk_test_accessible_has_relation (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
        g_error ("%s has no accessible label", describe (w));
    }
  g_assert_cmpuint (checked, >, 0);
}

static void
test_accessible_names (Fixture *f, gconstpointer data)
{
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  SpaClientDialog *dialog;
  g_autoptr(SpaRecord) selected = NULL;

  wait_until_drawn (GTK_WIDGET (f->window));
  selected = spa_clients_page_dup_selected (page);
  g_assert_true (selected != NULL ||
                 g_list_model_get_n_items (spa_clients_page_get_model (page)) == 2);
  maybe_save_png (GTK_WIDGET (f->window), "window.png");
  assert_accessible_names (GTK_WIDGET (f->window));

  spa_test_click (spa_test_find_action_widget (GTK_WIDGET (f->window), "win.new-client"), -1, -1);
  dialog = NULL;
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

        if (SPA_IS_CLIENT_DIALOG (w))
          dialog = SPA_CLIENT_DIALOG (w);
      }
  }
  g_assert_nonnull (dialog);
  wait_until_drawn (GTK_WIDGET (dialog));
  maybe_save_png (GTK_WIDGET (dialog), "client-dialog.png");
  assert_accessible_names (GTK_WIDGET (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Tab from the search field walks the Clients view in reading order: the list, then
 * the client's own buttons; the header's buttons are in the cycle too, and the cycle
 * comes back round (no focus trap). */
static void
test_focus_order (Fixture *f, gconstpointer data)
{
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  GtkWidget *search = GTK_WIDGET (spa_clients_page_get_search_entry (page));
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  int search_at = -1, list_at = -1, edit_at = -1, delete_at = -1, new_at = -1, menu_at = -1;
  gboolean cycled = FALSE;
  g_autoptr(SpaRecord) selected = NULL;

  wait_until_drawn (GTK_WIDGET (f->window));
  selected = spa_clients_page_dup_selected (page);
  g_assert_nonnull (selected);

  spa_test_click (search, -1, -1);
  g_assert_true (gtk_widget_is_focus (search) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), search));

  for (guint step = 0; step < 80 && !cycled; step++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD))
        gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD);  /* wrap */
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
      g_assert_nonnull (focus);
      g_assert_true (gtk_widget_is_drawable (focus));
      if (focus == search || gtk_widget_is_ancestor (focus, search))
        cycled = TRUE;
      g_ptr_array_add (order, focus);
    }
  g_assert_true (cycled);

  for (guint i = 0; i < order->len; i++)
    {
      GtkWidget *w = order->pdata[i];
      GtkWidget *button = GTK_IS_BUTTON (w) ? w : gtk_widget_get_ancestor (w, GTK_TYPE_BUTTON);
      const char *action = button && GTK_IS_ACTIONABLE (button) ?
                           gtk_actionable_get_action_name (GTK_ACTIONABLE (button)) : NULL;

      if (gtk_widget_get_ancestor (w, GTK_TYPE_LIST_VIEW) != NULL && list_at < 0)
        list_at = i;
      else if (g_strcmp0 (action, "client.edit") == 0 && edit_at < 0)
        edit_at = i;
      else if (g_strcmp0 (action, "client.delete") == 0 && delete_at < 0)
        delete_at = i;
      else if (g_strcmp0 (action, "win.new-client") == 0 && new_at < 0 &&
               gtk_widget_get_ancestor (w, ADW_TYPE_HEADER_BAR) != NULL)
        new_at = i;
      else if (gtk_widget_get_ancestor (w, GTK_TYPE_MENU_BUTTON) != NULL && menu_at < 0)
        menu_at = i;
    }
  search_at = order->len - 1;

  g_assert_cmpint (list_at, >=, 0);
  g_assert_cmpint (edit_at, >, list_at);
  g_assert_cmpint (delete_at, >, edit_at);
  g_assert_cmpint (new_at, >=, 0);
  g_assert_cmpint (menu_at, >=, 0);
  g_assert_cmpint (search_at, >, delete_at);
}

static gboolean
same_accel (const char *a,
            const char *b)
{
  guint ka = 0, kb = 0;
  GdkModifierType ma = 0, mb = 0;

  if (!gtk_accelerator_parse (a, &ka, &ma) || !gtk_accelerator_parse (b, &kb, &mb))
    return FALSE;
  return gdk_keyval_to_lower (ka) == gdk_keyval_to_lower (kb) && ma == mb;
}

typedef struct
{
  GPtrArray *actions;   /* action names listed */
  GPtrArray *accels;    /* accelerators listed (each may hold several) */
} Listed;

static Listed *
listed_shortcuts (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/gtk/help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  Listed *listed = g_new0 (Listed, 1);

  listed->actions = g_ptr_array_new_with_free_func (g_free);
  listed->accels = g_ptr_array_new_with_free_func (g_free);
  for (GSList *l = objects; l; l = l->next)
    {
      char *action = NULL, *accel = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "action-name", &action, "accelerator", &accel, NULL);
      if (action != NULL)
        g_ptr_array_add (listed->actions, action);
      if (accel != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (accel, " ", -1);

          for (guint i = 0; parts[i]; i++)
            if (*parts[i])
              g_ptr_array_add (listed->accels, g_strdup (parts[i]));
          g_free (accel);
        }
    }
  /* The window is a toplevel owned by GTK once built. */
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
  return listed;
}

static void
listed_free (Listed *listed)
{
  g_ptr_array_unref (listed->actions);
  g_ptr_array_unref (listed->accels);
  g_free (listed);
}

static gboolean
is_listed (Listed     *listed,
           const char *action,
           const char *accel)
{
  if (action != NULL && g_ptr_array_find_with_equal_func (listed->actions, action, g_str_equal, NULL))
    return TRUE;
  for (guint i = 0; i < listed->accels->len; i++)
    if (same_accel (listed->accels->pdata[i], accel))
      return TRUE;
  return FALSE;
}

/* Every keyboard shortcut the app sets, on the application or in our widget classes,
 * is listed in the Keyboard Shortcuts window (ui/shell/spa-shortcuts-window.ui). */
static void
check_widget_shortcuts (GtkWidget *root,
                        Listed    *listed)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();

  collect_widgets (root, widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *w = widgets->pdata[i];
      g_autoptr(GListModel) controllers = NULL;

      if (!g_str_has_prefix (G_OBJECT_TYPE_NAME (w), "Spa"))
        continue;
      controllers = gtk_widget_observe_controllers (w);
      for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint s = 0; s < g_list_model_get_n_items (G_LIST_MODEL (controller)); s++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), s);
              GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
              GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
              g_autofree char *accel = NULL;
              const char *name = NULL;

              /* Ours are named actions (gtk_widget_class_add_binding_action); GTK's own
               * class bindings (F10, the inspector) are signals or callbacks. */
              if (!GTK_IS_KEYVAL_TRIGGER (trigger) || !GTK_IS_NAMED_ACTION (action))
                continue;
              accel = gtk_accelerator_name (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                            gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)));
              name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
              if (!is_listed (listed, name, accel))
                g_error ("%s's shortcut %s (%s) is not in ui/shell/spa-shortcuts-window.ui",
                         G_OBJECT_TYPE_NAME (w), accel, name);
            }
        }
    }
}

static void
test_shortcuts_window_lists_everything (void)
{
  /* Registered: its startup has set the application's accelerators. */
  g_autoptr(SpaApplication) app = spa_test_application_new ();
  Listed *listed = listed_shortcuts ();
  g_auto(GStrv) actions = NULL;
  guint n_accels = 0;

  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  for (guint i = 0; actions[i]; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;

      g_assert_true (g_action_parse_detailed_name (actions[i], &name, &target, NULL));
      for (guint j = 0; accels[j]; j++)
        {
          n_accels++;
          /* A detailed action (win.show-view::today) can only be listed by its keys. */
          if (!is_listed (listed, strchr (actions[i], ':') ? NULL : name, accels[j]))
            g_error ("%s (%s) is not in ui/shell/spa-shortcuts-window.ui", accels[j], actions[i]);
        }
    }
  g_assert_cmpuint (n_accels, >=, 5);

  /* Class shortcuts of our widgets: the window and the client form. */
  {
    g_autofree char *dir = NULL;
    g_autoptr(SpaStore) store = spa_test_open_store (&dir);
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autoptr(SpaContext) context = spa_context_new (store, settings);
    SpaWindow *window = spa_window_new (NULL, context);
    SpaClientDialog *dialog = spa_client_dialog_new (context, NULL);

    SpaWindow *app_window = spa_window_new (GTK_APPLICATION (app), context);
    GtkShortcutsWindow *overlay;

    check_widget_shortcuts (GTK_WIDGET (window), listed);
    check_widget_shortcuts (GTK_WIDGET (dialog), listed);
    gtk_window_destroy (GTK_WINDOW (dialog));
    gtk_window_destroy (GTK_WINDOW (window));

    /* In a window of the application, Ctrl+? opens the listed window, with the
     * application's accelerators filled in. */
    overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (app_window));
    g_assert_nonnull (overlay);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app_window), "win.show-help-overlay", NULL));
    wait_until_drawn (GTK_WIDGET (overlay));
    maybe_save_png (GTK_WIDGET (overlay), "shortcuts.png");
    gtk_window_destroy (GTK_WINDOW (overlay));
    gtk_window_destroy (GTK_WINDOW (app_window));
    spa_test_remove_dir (dir);
  }

  listed_free (listed);
}

int
main (int   argc,
      char *argv[])
{
  /* The test AT context records accessible properties so they can be checked; the
   * usual GTK_A11Y=none of the test environment records nothing. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* SPA_DESK_LOCALEDIR=_build/po LANGUAGE=fr with SPA_TEST_SCREENSHOT_DIR shows the
   * French window and form, to look for clipped text. */
  if (g_getenv ("SPA_DESK_LOCALEDIR") != NULL)
    {
      setlocale (LC_ALL, "");   /* gtk_test_init pins en_US */
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SPA_DESK_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  g_test_add ("/a11y/accessible-names", Fixture, NULL, fixture_set_up, test_accessible_names, fixture_tear_down);
  g_test_add ("/a11y/focus-order", Fixture, NULL, fixture_set_up, test_focus_order, fixture_tear_down);
  g_test_add_func ("/a11y/shortcuts-window", test_shortcuts_window_lists_everything);

  return g_test_run ();
}
