/* test-ui-clients.c: the Clients view, driven through its real widgets
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "spa-calendar-page.h"
#include "spa-client-dialog-private.h"
#include "spa-client-dialog.h"
#include "spa-client-page.h"
#include "spa-clients-page.h"
#include "spa-conflicts-window.h"
#include "spa-staff-window.h"
#include "spa-store-private.h"
#include "spa-test-input.h"
#include "spa-test-util.h"
#include "spa-test-ui-util.h"
#include "spa-window.h"

typedef struct
{
  char       *dir;
  SpaStore   *store;
  SpaContext *context;
  SpaWindow  *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  f->store = spa_test_open_store (&f->dir);
  f->context = spa_context_new (f->store, settings);
  f->window = spa_window_new (NULL, f->context);
  gtk_window_present (GTK_WINDOW (f->window));
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

static SpaClientDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SPA_IS_CLIENT_DIALOG (window))
        return SPA_CLIENT_DIALOG (window);
    }
  return NULL;
}

typedef gboolean (*WidgetMatch) (GtkWidget  *widget,
                                 const char *value);

/* The first shown widget under @widget (itself included) that @match accepts. */
static GtkWidget *
find_shown (GtkWidget   *widget,
            WidgetMatch  match,
            const char  *value)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (match (widget, value))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_shown (child, match, value);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_action_button (GtkWidget  *widget,
                  const char *action)
{
  return GTK_IS_ACTIONABLE (widget) && gtk_widget_is_sensitive (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static gboolean
is_toggle_with_label (GtkWidget  *widget,
                      const char *label)
{
  return GTK_IS_TOGGLE_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* The button a person would click: shown, sensitive, bound to @action. */
#define find_button(widget, action) find_shown ((widget), is_action_button, (action))
#define find_toggle_with_label(widget, label) find_shown ((widget), is_toggle_with_label, (label))

static gboolean
no_discard_button (gpointer data)
{
  return spa_test_find_message_button ("_Discard") == NULL;
}

static gboolean
no_client_dialog (gpointer data)
{
  return find_dialog () == NULL && spa_test_find_message_button (data) == NULL;
}

static gboolean
no_client_dialog_open (gpointer data)
{
  return find_dialog () == NULL;
}

/* Clicks the open client dialog's Cancel, and Discard if it asks. */
static void
close_dialog (void)
{
  SpaClientDialog *dialog = find_dialog ();

  g_assert_nonnull (dialog);
  spa_test_click (spa_test_find_action_widget (GTK_WIDGET (dialog), "window.close"), -1, -1);
  if (spa_test_find_message_button ("_Discard") != NULL)
    spa_test_click (spa_test_find_message_button ("_Discard"), -1, -1);
  g_assert_true (spa_test_iterate_until (no_client_dialog_open, NULL, 5000));
}

/* A click on the header bar's New Client button (what Ctrl+Shift+N also does). */
static void
click_new_client (SpaWindow *window)
{
  GtkWidget *button = spa_test_find_action_widget (GTK_WIDGET (window), "win.new-client");

  g_assert_nonnull (button);
  spa_test_click (button, -1, -1);
}

/* A click into the client list's search box. */
static void
click_search (SpaClientsPage *page)
{
  spa_test_click (GTK_WIDGET (spa_clients_page_get_search_entry (page)), -1, -1);
}

static void
test_create_client_through_dialog (Fixture *f, gconstpointer data)
{
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  GListModel *model = spa_clients_page_get_model (page);
  SpaClientDialog *dialog;
  GtkWidget *save;
  g_autoptr(SpaRecord) selected = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  /* New Client (clicked) opens the dialog on the Clients view. */
  click_new_client (f->window);
  g_assert_cmpstr (spa_window_get_view (f->window), ==, "clients");
  dialog = find_dialog ();
  g_assert_nonnull (dialog);

  /* Empty: Save is disabled. */
  g_assert_false (spa_client_dialog_can_save (dialog));

  spa_test_replace_text (spa_client_dialog_get_field (dialog, "first_name"), "Zoë");
  spa_test_replace_text (spa_client_dialog_get_field (dialog, "last_name"), "Tremblay");
  g_assert_true (spa_client_dialog_can_save (dialog));

  /* A bad e-mail: the message sits next to the field and Save is disabled. */
  spa_test_replace_text (spa_client_dialog_get_field (dialog, "email"), "zoe@nowhere");
  g_assert_false (spa_client_dialog_can_save (dialog));
  g_assert_nonnull (spa_client_dialog_get_error (dialog, "email"));
  g_assert_null (spa_client_dialog_get_error (dialog, "first_name"));
  save = spa_test_find_action_widget (GTK_WIDGET (dialog), "client-dialog.save");
  g_assert_nonnull (save);
  g_assert_false (gtk_widget_is_sensitive (save));
  g_assert_cmpint (spa_store_count (f->store, "client"), ==, 0);

  /* An impossible birth date likewise. */
  spa_test_replace_text (spa_client_dialog_get_field (dialog, "email"), "zoe@example.com");
  spa_test_replace_text (spa_client_dialog_get_field (dialog, "date_of_birth"), "1990-02-30");
  g_assert_nonnull (spa_client_dialog_get_error (dialog, "date_of_birth"));
  g_assert_null (spa_client_dialog_get_error (dialog, "email"));
  g_assert_false (spa_client_dialog_can_save (dialog));

  spa_test_replace_text (spa_client_dialog_get_field (dialog, "date_of_birth"), "1990-02-28");
  spa_test_replace_text (spa_client_dialog_get_field (dialog, "phone"), "+1 (604) 555-0101");
  spa_test_replace_text (spa_client_dialog_get_field (dialog, "allergies"), "Nut oils");
  g_assert_true (spa_client_dialog_can_save (dialog));
  spa_test_click (save, -1, -1);
  g_assert_true (spa_test_iterate_until (no_client_dialog_open, NULL, 5000));

  /* The database holds the row. */
  rows = spa_store_search_clients (f->store, "tremblay", 10, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (spa_record_get_string (rows->pdata[0], "first_name"), ==, "Zoë");
  g_assert_cmpstr (spa_record_get_string (rows->pdata[0], "email"), ==, "zoe@example.com");
  g_assert_cmpstr (spa_record_get_string (rows->pdata[0], "date_of_birth"), ==, "1990-02-28");
  g_assert_cmpstr (spa_record_get_string (rows->pdata[0], "allergies"), ==, "Nut oils");
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM sync_outbox WHERE record_id = ?",
                                        spa_record_get_id (rows->pdata[0])), ==, 1);

  /* It is listed and selected. */
  spa_test_wait_for_n_items (model, 1);
  selected = spa_clients_page_dup_selected (page);
  g_assert_nonnull (selected);
  g_assert_cmpstr (spa_record_get_id (selected), ==, spa_record_get_id (rows->pdata[0]));
}

static void
test_search_finds_client (Fixture *f, gconstpointer data)
{
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  GListModel *model = spa_clients_page_get_model (page);
  g_autoptr(SpaRecord) a = spa_test_add_client (f->store, "Zoë", "Tremblay", NULL, "+1 (604) 555-0101");
  g_autoptr(SpaRecord) b = spa_test_add_client (f->store, "Amélie", "Gagnon", NULL, "778 555 0102");
  g_autoptr(SpaRecord) c = spa_test_add_client (f->store, "José", "Álvarez", NULL, NULL);
  g_autoptr(SpaRecord) selected = NULL;

  spa_test_wait_for_n_items (model, 3);

  spa_test_show_view (GTK_WIDGET (f->window), "Clients");
  spa_test_replace_text (spa_clients_page_get_search_entry (page), "zoe");
  spa_test_wait_for_n_items (model, 1);
  selected = spa_clients_page_dup_selected (page);
  g_assert_cmpstr (spa_record_get_id (selected), ==, spa_record_get_id (a));
  g_assert_true (spa_client_page_get_client (SPA_CLIENT_PAGE (spa_clients_page_get_client_page (page))) != NULL);

  spa_test_replace_text (spa_clients_page_get_search_entry (page), "604 55");
  spa_test_wait_for_n_items (model, 1);
  spa_test_replace_text (spa_clients_page_get_search_entry (page), "nobody");
  spa_test_wait_for_n_items (model, 0);
  spa_test_replace_text (spa_clients_page_get_search_entry (page), "");
  spa_test_wait_for_n_items (model, 3);
}

static void
test_edit_and_delete_with_undo (Fixture *f, gconstpointer data)
{
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  GListModel *model = spa_clients_page_get_model (page);
  g_autoptr(SpaRecord) a = spa_test_add_client (f->store, "Liam", "MacDonald", NULL, NULL);
  GtkWidget *client_page = spa_clients_page_get_client_page (page);
  SpaClientDialog *dialog;
  g_autoptr(SpaRecord) read = NULL;
  gint64 outbox;

  spa_test_wait_for_n_items (model, 1);
  spa_test_open_client (GTK_WIDGET (f->window), "Liam MacDonald");
  g_assert_true (spa_test_iterate_until ((SpaTestCondition)gtk_widget_get_mapped, client_page,
                                         5000));

  spa_test_click (find_button (client_page, "client.edit"), -1, -1);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (spa_client_dialog_get_field (dialog, "first_name")), ==, "Liam");
  /* Nothing changed yet: nothing to save. */
  g_assert_false (spa_client_dialog_can_save (dialog));
  spa_test_replace_text (spa_client_dialog_get_field (dialog, "phone"), "604 555 0109");
  outbox = spa_store_outbox_pending (f->store);
  spa_test_click (spa_test_find_action_widget (GTK_WIDGET (dialog), "client-dialog.save"), -1, -1);
  g_assert_true (spa_test_iterate_until (no_client_dialog_open, NULL, 5000));
  g_assert_cmpint (spa_store_outbox_pending (f->store), ==, outbox + 1);
  read = spa_store_get (f->store, "client", spa_record_get_id (a), NULL);
  g_assert_cmpstr (spa_record_get_string (read, "phone"), ==, "604 555 0109");

  spa_test_click (find_button (client_page, "client.delete"), -1, -1);
  spa_test_wait_for_n_items (model, 0);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT deleted FROM client WHERE id = ?", spa_record_get_id (a)), ==, 1);

  g_assert_true (spa_store_restore (f->store, "client", spa_record_get_id (a), NULL));
  spa_test_wait_for_n_items (model, 1);
}

/* A client with clinical records is archived, never deleted, and can be restored. */
static void
test_delete_or_archive (Fixture *f, gconstpointer data)
{
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  GListModel *model = spa_clients_page_get_model (page);
  g_autoptr(SpaRecord) liam = spa_test_add_client (f->store, "Liam", "MacDonald", NULL, NULL);
  g_autoptr(SpaRecord) nora = spa_test_add_client (f->store, "Nora", "Nguyen", NULL, NULL);
  g_autoptr(SpaRecord) intake = spa_record_new ("intake");
  g_autoptr(SpaRecord) read = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *client_page;
  GtkWidget *archived;

  spa_test_show_view (GTK_WIDGET (f->window), "Clients");

  spa_record_set_string (intake, "client_id", spa_record_get_id (nora));
  spa_record_set_string (intake, "reason", "Neck pain");
  g_assert_true (spa_store_save (f->store, intake, &error));
  g_assert_no_error (error);
  spa_test_wait_for_n_items (model, 2);
  client_page = spa_clients_page_get_client_page (page);
  g_assert_true (spa_test_iterate_until ((SpaTestCondition)gtk_widget_get_mapped, client_page, 5000));

  /* No clinical record: the trash button deletes (with an undo toast). */
  spa_test_open_client (GTK_WIDGET (f->window), "Liam MacDonald");
  g_assert_null (find_button (client_page, "client.archive"));
  g_assert_nonnull (find_button (client_page, "client.delete"));
  spa_test_click (find_button (client_page, "client.delete"), -1, -1);
  spa_test_wait_for_n_items (model, 1);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT deleted FROM client WHERE id = ?", spa_record_get_id (liam)), ==, 1);

  /* An intake: no trash button, and the action is refused; Archive instead. */
  spa_test_open_client (GTK_WIDGET (f->window), "Nora Nguyen");
  g_assert_null (find_button (client_page, "client.delete"));
  g_assert_false (gtk_widget_activate_action (client_page, "client.delete", NULL) &&
                  spa_test_count_rows (f->store, "SELECT deleted FROM client WHERE id = ?", spa_record_get_id (nora)) == 1);
  g_assert_nonnull (find_button (client_page, "client.archive"));
  spa_test_click (find_button (client_page, "client.archive"), -1, -1);
  spa_test_wait_for_n_items (model, 0);
  read = spa_store_get (f->store, "client", spa_record_get_id (nora), &error);
  g_assert_false (spa_record_get_deleted (read));
  g_assert_true (spa_client_is_archived (read));
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM intake WHERE client_id = ? AND deleted = 0",
                                        spa_record_get_id (nora)), ==, 1);

  /* The Archived filter lists her; Restore brings her back. */
  archived = find_toggle_with_label (GTK_WIDGET (page), "Ar_chived");
  g_assert_nonnull (archived);
  spa_test_click (archived, -1, -1);
  spa_test_wait_for_n_items (model, 1);
  spa_test_open_client (GTK_WIDGET (f->window), "Nora Nguyen");
  g_assert_null (find_button (client_page, "client.archive"));
  g_assert_nonnull (find_button (client_page, "client.restore"));
  spa_test_click (find_button (client_page, "client.restore"), -1, -1);
  spa_test_wait_for_n_items (model, 0);
  spa_test_click (archived, -1, -1);
  spa_test_wait_for_n_items (model, 1);
  g_clear_object (&read);
  read = spa_store_get (f->store, "client", spa_record_get_id (nora), &error);
  g_assert_false (spa_client_is_archived (read));
}

static gboolean
dialog_is_open (gpointer data)
{
  return find_dialog () != NULL;
}

/* Ctrl+E edits the selected client wherever the focus is in the Clients view; a
 * dialog opens with the focus in its first field, not on Cancel. Real key presses. */
static void
test_keyboard_edit_and_dialog_focus (Fixture *f, gconstpointer data)
{
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  GListModel *model = spa_clients_page_get_model (page);
  g_autoptr(SpaRecord) a = spa_test_add_client (f->store, "Liam", "MacDonald", NULL, NULL);
  g_autoptr(SpaRecord) b = spa_test_add_client (f->store, "Zoë", "Tremblay", NULL, NULL);
  SpaClientDialog *dialog;
  GtkWidget *focus;

  spa_test_show_view (GTK_WIDGET (f->window), "Clients");
  spa_test_wait_for_n_items (model, 2);

  /* From the search box, after a search (the test window has no application, so no
   * Ctrl+F: a click into the search box). */
  click_search (page);
  spa_test_send_keys (GTK_WIDGET (f->window), "z o e");
  spa_test_wait_for_n_items (model, 1);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                         GTK_WIDGET (spa_clients_page_get_search_entry (page))));
  spa_test_send_keys (GTK_WIDGET (f->window), "ctrl+e");
  g_assert_true (spa_test_iterate_until (dialog_is_open, NULL, 3000));
  dialog = find_dialog ();
  g_assert_cmpstr (gtk_editable_get_text (spa_client_dialog_get_field (dialog, "first_name")), ==, "Zoë");
  /* The first field has the focus, so typing goes into it. */
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (spa_client_dialog_get_field (dialog, "first_name"))) ||
                 focus == GTK_WIDGET (spa_client_dialog_get_field (dialog, "first_name")));
  close_dialog ();

  /* From the list. */
  click_search (page);
  spa_test_send_keys (GTK_WIDGET (f->window), "BackSpace BackSpace BackSpace");
  spa_test_wait_for_n_items (model, 2);
  spa_test_send_keys (GTK_WIDGET (f->window), "Return");
  g_assert_false (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)),
                                          GTK_WIDGET (spa_clients_page_get_search_entry (page))));
  spa_test_send_keys (GTK_WIDGET (f->window), "ctrl+e");
  g_assert_true (spa_test_iterate_until (dialog_is_open, NULL, 3000));
  g_assert_cmpstr (gtk_editable_get_text (spa_client_dialog_get_field (find_dialog (), "first_name")), ==, "Liam");
  close_dialog ();

  /* A new client's dialog too: typing fills the first name. */
  click_new_client (f->window);
  g_assert_true (spa_test_iterate_until (dialog_is_open, NULL, 3000));
  spa_test_send_keys (GTK_WIDGET (find_dialog ()), "M e i");
  g_assert_cmpstr (gtk_editable_get_text (spa_client_dialog_get_field (find_dialog (), "first_name")), ==, "Mei");
  close_dialog ();
}

static GtkScrolledWindow *
find_mapped_scrolled_window (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_mapped_scrolled_window (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
can_scroll (gpointer data)
{
  GtkAdjustment *adjustment = data;

  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) + 50;
}

/* Moving to the next client with the keyboard shows their page from the top. */
static void
test_scroll_reset_between_clients (Fixture *f, gconstpointer data)
{
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  GListModel *model = spa_clients_page_get_model (page);
  g_autoptr(SpaRecord) a = spa_test_add_client (f->store, "Liam", "MacDonald", "liam@example.com", "604 555 0101");
  g_autoptr(SpaRecord) b = spa_test_add_client (f->store, "Zoë", "Tremblay", "zoe@example.com", "604 555 0102");
  g_autoptr(SpaRecord) selected = NULL;
  GtkScrolledWindow *scrolled;
  GtkAdjustment *adjustment;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 420);
  spa_test_show_view (GTK_WIDGET (f->window), "Clients");
  spa_test_wait_for_n_items (model, 2);
  spa_test_open_client (GTK_WIDGET (f->window), "Liam MacDonald");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  scrolled = find_mapped_scrolled_window (spa_clients_page_get_client_page (page));
  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  g_assert_true (spa_test_iterate_until (can_scroll, adjustment, 5000));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);

  click_search (page);
  spa_test_send_keys (GTK_WIDGET (f->window), "Return");
  spa_test_send_keys (GTK_WIDGET (f->window), "End");
  selected = spa_clients_page_dup_selected (page);
  g_assert_cmpstr (spa_record_get_id (selected), ==, spa_record_get_id (b));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, gtk_adjustment_get_lower (adjustment));
}

/* The label showing text that starts with @prefix, if shown. */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *prefix;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return find_label (wait->root, wait->prefix) != NULL;
}

static gboolean
has_width (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

/* @window shows text starting with @prefix on one ellipsized line, and is no wider
 * than a window on an ordinary screen. */
static void
assert_one_line (GtkWidget  *window,
                 const char *prefix)
{
  LabelWait wait = { window, prefix };
  GtkLabel *label;

  g_assert_true (spa_test_iterate_until (label_shown, &wait, 20000));
  label = find_label (window, prefix);
  g_assert_true (spa_test_iterate_until (has_width, label, 5000));
  g_test_message ("%s: %d px wide, label %d px, %d line(s)", prefix, gtk_widget_get_width (window),
                  gtk_widget_get_width (GTK_WIDGET (label)),
                  pango_layout_get_line_count (gtk_label_get_layout (label)));
  g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_END);
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (label)), ==, 1);
  g_assert_cmpint (gtk_widget_get_width (window), <=, 1000);
}

/* The window's minimum width is what any page asks of it: a long name must never raise it
 * past an ordinary desktop's width, nor the window grow past the width it was given. */
static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
assert_window_fits (SpaWindow *window)
{
  int minimum = 0;

  /* A few frames for the window to take the size its pages ask for. */
  spa_test_iterate_until (never, NULL, 300);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL,
                      NULL, NULL);
  g_test_message ("window: minimum %d px, %d px wide", minimum,
                  gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpint (minimum, <, 1000);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <, 1400);
}

static void
test_long_name_ellipsized (Fixture *f, gconstpointer data)
{
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  GListModel *model = spa_clients_page_get_model (page);
  g_autoptr(SpaRecord) client = spa_record_new ("client");
  g_autoptr(GString) name = g_string_new ("Longname");
  g_autoptr(GError) error = NULL;
  LabelWait wait = { GTK_WIDGET (f->window), "Longname" };
  GtkLabel *label;
  int natural = 0;

  /* The staff window and the conflicts window show a 200-character name (the most the
   * validation allows) on one ellipsized line, no wider than their usual width. */
  {
    g_autoptr(GString) long_name = g_string_new (NULL);
    g_autoptr(SpaRecord) therapist = NULL;
    g_autoptr(SpaRecord) service = NULL;
    g_autoptr(SpaRecord) conflicted = NULL;
    g_autofree char *conflict_sql = NULL;
    SpaStaffWindow *staff;
    SpaConflictsWindow *conflicts;
    GtkWidget *expander;

    /* "&": names are text, not Pango markup. */
    while (g_utf8_strlen (long_name->str, -1) < 186)
      g_string_append_c (long_name, 'B');
    g_string_prepend (long_name, "Longstaff & Co");
    therapist = spa_test_add_named (f->store, "therapist", long_name->str, NULL);
    g_string_overwrite (long_name, 0, "Longserv & Co ");
    service = spa_record_new ("service");
    spa_record_set_string (service, "name", long_name->str);
    spa_record_set_int (service, "duration_min", 60);
    g_assert_true (spa_store_save (f->store, service, &error));
    g_assert_no_error (error);

    staff = spa_staff_window_new (f->context);
    gtk_window_present (GTK_WINDOW (staff));
    assert_one_line (GTK_WIDGET (staff), "Longserv");
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (staff), "therapists");
    assert_one_line (GTK_WIDGET (staff), "Longstaff");
    /* Expanded, the therapist's services name the long one too. */
    expander = gtk_widget_get_ancestor (GTK_WIDGET (find_label (GTK_WIDGET (staff), "Longstaff")),
                                        ADW_TYPE_EXPANDER_ROW);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
    assert_one_line (GTK_WIDGET (staff), "Longserv");
    gtk_window_destroy (GTK_WINDOW (staff));

    /* A conflict over a long-named client, as a push reply leaves one. */
    g_string_overwrite (long_name, 0, "Longconf & Co ");
    conflicted = spa_test_add_client (f->store, long_name->str, "Lee", NULL, NULL);
    conflict_sql = g_strdup_printf ("INSERT INTO sync_conflict (mutation_id, entity, record_id,"
                                    " local_fields, server_record, created_at)"
                                    " VALUES (1, 'client', '%s', '{\"phone\": \"604-555-0100\"}',"
                                    " json_object('id', '%s', 'first_name', '%s',"
                                    " 'last_name', 'Lee', 'phone', '604-555-0199'),"
                                    " '2026-01-01T00:00:00Z')",
                                    spa_record_get_id (conflicted), spa_record_get_id (conflicted),
                                    long_name->str);
    g_assert_true (spa_store_exec (f->store, conflict_sql, &error));
    g_assert_no_error (error);
    conflicts = spa_conflicts_window_new (f->context);
    gtk_window_present (GTK_WINDOW (conflicts));
    g_assert_cmpuint (spa_conflicts_window_get_n_conflicts (conflicts), ==, 1);
    assert_one_line (GTK_WIDGET (conflicts), "Client: Longconf");
    gtk_window_destroy (GTK_WINDOW (conflicts));
  }

  /* 20 000 characters, as a record pulled from a server without the field limits
   * would hold (the desk's own validation refuses it). */
  while (name->len < 20000)
    g_string_append (name, "AAAAAAAAAA");
  spa_record_set_string (client, "first_name", name->str);
  spa_record_set_timestamps (client, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z");
  g_assert_true (spa_store_write_row (f->store, client, FALSE, &error));
  g_assert_no_error (error);
  spa_store_notify_changed (f->store, "client", NULL);

  spa_test_show_view (GTK_WIDGET (f->window), "Clients");
  spa_test_wait_for_n_items (model, 2);
  g_assert_true (spa_test_iterate_until (label_shown, &wait, 20000));

  /* Its row is one ellipsized line of bounded width, not 20 000 characters of layout. */
  label = find_label (GTK_WIDGET (f->window), "Longname");
  g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_END);
  g_assert_cmpint (gtk_label_get_max_width_chars (label), >, 0);
  gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (natural, <, 1000);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <, 2000);
  /* The client's page, open beside the list, wraps the name and keeps the window's
   * usual width (a name with no spaces used to hold it 3 000 px wide). */
  assert_window_fits (f->window);

  /* The long therapist's name in the calendar's filter leaves the wide toolbar room on
   * a wide window, and the reports' filters do not widen the window either. */
  spa_test_show_view (GTK_WIDGET (f->window), "Calendar");
  {
    GtkWidget *calendar = spa_test_find_widget (GTK_WIDGET (f->window), SPA_TYPE_CALENDAR_PAGE);
    AdwSqueezer *squeezer = ADW_SQUEEZER (spa_test_find_widget (calendar, ADW_TYPE_SQUEEZER));

    /* The week shows the therapist filter. */
    gtk_widget_activate_action (calendar, "calendar.mode", "s", "week");
    assert_window_fits (f->window);
    g_assert_true (adw_squeezer_get_visible_child (squeezer) ==
                   gtk_widget_get_first_child (GTK_WIDGET (squeezer)));
  }
  spa_test_show_view (GTK_WIDGET (f->window), "Reports");
  assert_window_fits (f->window);
}

static gboolean
is_folded (gpointer data)
{
  return spa_clients_page_get_folded (data);
}

static gboolean
shows_list (gpointer data)
{
  return g_strcmp0 (spa_clients_page_get_shown (data), "list") == 0;
}

static gboolean
is_unfolded (gpointer data)
{
  return !spa_clients_page_get_folded (data);
}

static gboolean
toggled_on (gpointer data)
{
  return gtk_toggle_button_get_active (data);
}

/* In a narrow window the list and the client's page fold into one column: Enter on a
 * client shows their page, its back button the list again. */
static void
test_narrow_folds (Fixture *f, gconstpointer data)
{
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  GListModel *model = spa_clients_page_get_model (page);
  g_autoptr(SpaRecord) a = spa_test_add_client (f->store, "Liam", "MacDonald", NULL, NULL);
  g_autoptr(SpaRecord) b = spa_test_add_client (f->store, "Zoë", "Tremblay", NULL, NULL);
  g_autoptr(SpaRecord) selected = NULL;
  GtkWidget *back;
  GtkWidget *tab;

  spa_test_show_view (GTK_WIDGET (f->window), "Clients");
  spa_test_wait_for_n_items (model, 2);
  g_assert_true (spa_test_iterate_until (is_unfolded, page, 5000));

  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  g_assert_true (spa_test_iterate_until (is_folded, page, 5000));
  g_assert_cmpstr (spa_clients_page_get_shown (page), ==, "list");

  click_search (page);
  spa_test_send_keys (GTK_WIDGET (f->window), "t r e m");
  spa_test_wait_for_n_items (model, 1);
  spa_test_send_keys (GTK_WIDGET (f->window), "Return");
  g_assert_cmpstr (spa_clients_page_get_shown (page), ==, "detail");
  selected = spa_clients_page_dup_selected (page);
  g_assert_cmpstr (spa_record_get_id (selected), ==, spa_record_get_id (b));

  back = spa_test_find_button_with_tooltip (GTK_WIDGET (page), "Back to the client list");
  g_assert_nonnull (back);
  spa_test_click (back, -1, -1);
  /* A button's activation shows the press, then clicks a moment later. */
  g_assert_true (spa_test_iterate_until (shows_list, page, 3000));

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  g_assert_true (spa_test_iterate_until (is_unfolded, page, 5000));

  /* At work in the client's page beside the list (a click on a section), then the window
   * narrows: that client stays in front, not the list. */
  tab = spa_test_find_labelled (spa_clients_page_get_client_page (page), GTK_TYPE_TOGGLE_BUTTON,
                                "Bookings");
  g_assert_nonnull (tab);
  spa_test_click (tab, -1, -1);
  g_assert_true (spa_test_iterate_until (toggled_on, tab, 3000));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  g_assert_true (spa_test_iterate_until (is_folded, page, 5000));
  g_assert_cmpstr (spa_clients_page_get_shown (page), ==, "detail");
  g_clear_object (&selected);
  selected = spa_clients_page_dup_selected (page);
  g_assert_cmpstr (spa_record_get_id (selected), ==, spa_record_get_id (b));
}

/* Closing a form with unsaved edits asks first; its Discard button closes both windows
 * cleanly (it used to destroy the asking dialog while that dialog was still emitting
 * its response, and GLib logged criticals about a freed object). */
static void
test_discard_changes (Fixture *f, gconstpointer data)
{
  SpaClientDialog *dialog;
  GtkWidget *discard;

  click_new_client (f->window);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  spa_test_replace_text (spa_client_dialog_get_field (dialog, "first_name"), "Zoë");

  /* Cancel clicked, then Escape pressed: each asks. */
  for (guint round = 0; round < 2; round++)
    {
      if (round == 0)
        spa_test_click (spa_test_find_action_widget (GTK_WIDGET (dialog), "window.close"), -1, -1);
      else
        spa_test_send_keys (GTK_WIDGET (dialog), "Escape");
      discard = spa_test_find_message_button ("_Discard");
      g_assert_nonnull (discard);
      if (round == 0)
        {
          /* Keep Editing leaves the form open with what was typed. */
          spa_test_click (spa_test_find_message_button ("_Keep Editing"), -1, -1);
          g_assert_true (spa_test_iterate_until (no_discard_button, NULL, 5000));
          g_assert_true (find_dialog () == dialog);
          continue;
        }
      spa_test_click (discard, -1, -1);
    }

  g_assert_true (spa_test_iterate_until (no_client_dialog, "_Discard", 5000));
  g_assert_cmpint (spa_store_count (f->store, "client"), ==, 0);
}

/* Whether the open client dialog shows its e-mail rows, laid out (a new window has no
 * size until it is drawn). */
static gboolean
email_rows_shown (gpointer data)
{
  GtkWidget *dialog = GTK_WIDGET (find_dialog ());

  return dialog != NULL &&
         spa_test_find_labelled (dialog, ADW_TYPE_COMBO_ROW, "Language for e-mails") != NULL;
}

/* A client's booking e-mails turned off and written in French, by clicking the rows of
 * the editor, as a person at the desk does; the database is the oracle. */
static void
test_email_preferences (Fixture *f, gconstpointer data)
{
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->window));
  g_autoptr(SpaRecord) a = spa_test_add_client (f->store, "Liam", "MacDonald", NULL, NULL);
  const char *id = spa_record_get_id (a);
  GtkWidget *dialog, *reminder_row, *language_row;

  spa_window_show_view (f->window, "clients");
  spa_test_wait_for_n_items (spa_clients_page_get_model (page), 1);
  g_assert_true (spa_clients_page_select_client (page, id));
  spa_test_click (find_button (spa_clients_page_get_client_page (page), "client.edit"), -1, -1);
  g_assert_true (spa_test_iterate_until (email_rows_shown, NULL, 5000));
  dialog = GTK_WIDGET (find_dialog ());

  reminder_row = spa_test_find_labelled (dialog, ADW_TYPE_ACTION_ROW,
                                         "Booking e-mails and reminders");
  g_assert_nonnull (reminder_row);
  language_row = spa_test_find_labelled (dialog, ADW_TYPE_COMBO_ROW, "Language for e-mails");
  g_assert_nonnull (language_row);
  /* A client never asked gets the e-mails, in English. */
  g_assert_true (spa_test_find_labelled (language_row, GTK_TYPE_LABEL, "English") != NULL);

  spa_test_click (reminder_row, -1, -1);
  spa_test_choose (language_row, "French");
  spa_test_send_keys (dialog, "ctrl+s");
  g_assert_true (spa_test_iterate_until (no_client_dialog, NULL, 5000));

  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT 1 FROM client WHERE id = ?"
                                        " AND reminder_opt_in = 0 AND language = 'fr'", id), ==, 1);

  /* Opened again, the editor shows what was saved. */
  spa_test_click (find_button (spa_clients_page_get_client_page (page), "client.edit"), -1, -1);
  g_assert_true (spa_test_iterate_until (email_rows_shown, NULL, 5000));
  dialog = GTK_WIDGET (find_dialog ());
  language_row = spa_test_find_labelled (dialog, ADW_TYPE_COMBO_ROW, "Language for e-mails");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (language_row)), ==, 1);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (spa_test_find_widget (
    spa_test_find_labelled (dialog, ADW_TYPE_ACTION_ROW, "Booking e-mails and reminders"),
    GTK_TYPE_SWITCH))));
  close_dialog ();
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/clients/create-through-dialog", test_create_client_through_dialog);
  ADD ("/ui/clients/search", test_search_finds_client);
  ADD ("/ui/clients/edit-delete-undo", test_edit_and_delete_with_undo);
  ADD ("/ui/clients/delete-or-archive", test_delete_or_archive);
  ADD ("/ui/clients/keyboard-edit-and-dialog-focus", test_keyboard_edit_and_dialog_focus);
  ADD ("/ui/clients/scroll-reset-between-clients", test_scroll_reset_between_clients);
  ADD ("/ui/clients/long-name-ellipsized", test_long_name_ellipsized);
  ADD ("/ui/clients/narrow-folds", test_narrow_folds);
  ADD ("/ui/clients/discard-changes", test_discard_changes);
  ADD ("/ui/clients/email-preferences", test_email_preferences);
#undef ADD

  return g_test_run ();
}
