/* test-ui-audit.c: the audit trail of clinical access, driven through the real window
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "spa-account.h"
#include "spa-audit-fields.h"
#include "spa-audit-window.h"
#include "spa-audit.h"
#include "spa-client-audit.h"
#include "spa-client-page.h"
#include "spa-clients-page.h"
#include "spa-lock-screen-private.h"
#include "spa-lock-screen.h"
#include "spa-sessions-section.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"

typedef struct
{
  SpaTestDesk desk;
  SpaRecord  *client;
  SpaAccount *claire;
  SpaAccount *maria;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  spa_test_desk_open (&f->desk);
  f->client = spa_test_add_client (f->desk.store, "Ethan", "Nguyen", NULL, NULL);
  f->claire = spa_account_create (f->desk.store, "Claire Dubois", SPA_ROLE_THERAPIST, NULL,
                                  "1234", &error);
  g_assert_no_error (error);
  f->maria = spa_account_create (f->desk.store, "Maria Lopez", SPA_ROLE_MANAGER, NULL, "5678",
                                 &error);
  g_assert_no_error (error);
  g_settings_set_boolean (f->desk.settings, "sign-in", TRUE);
  g_settings_set_string (f->desk.settings, "server-url", "");
  spa_test_desk_show (&f->desk, NULL, 1280, 800);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  spa_test_desk_tear_down (&f->desk);
  g_clear_object (&f->client);
  g_clear_object (&f->claire);
  g_clear_object (&f->maria);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static SpaLockScreen *
lock_screen (Fixture *f)
{
  return SPA_LOCK_SCREEN (spa_test_find_widget (GTK_WIDGET (f->desk.window),
                                                SPA_TYPE_LOCK_SCREEN));
}

static gboolean
account_chosen (gpointer f)
{
  return spa_lock_screen_get_chosen (lock_screen (f)) != NULL;
}

static gboolean
pin_typed (gpointer f)
{
  return strlen (gtk_editable_get_text (spa_lock_screen_get_pin_field (lock_screen (f)))) == 4;
}

static gboolean
unlocked (gpointer window)
{
  return !spa_window_is_locked (window);
}

/* The desk opens locked: @number picks the account (1 Claire, 2 Maria), then @pin
 * (keys) and Enter. */
static void
sign_in (Fixture    *f,
         const char *number,
         const char *pin)
{
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->desk.window));
  g_assert_true (spa_window_is_locked (f->desk.window));
  spa_test_send_keys (GTK_WIDGET (f->desk.window), number);
  g_assert_true (spa_test_iterate_until (account_chosen, f, 5000));
  spa_test_send_keys (GTK_WIDGET (f->desk.window), pin);
  g_assert_true (spa_test_iterate_until (pin_typed, f, 5000));
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "Return");
  g_assert_true (spa_test_iterate_until (unlocked, f->desk.window, 5000));
}

static GtkWidget *
find_tab (Fixture    *f,
          const char *section)
{
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->desk.window));

  return spa_test_find_labelled (spa_clients_page_get_client_page (page),
                                 GTK_TYPE_TOGGLE_BUTTON, section);
}

static void
click_tab (Fixture    *f,
           const char *section)
{
  GtkWidget *tab = find_tab (f, section);

  g_assert_nonnull (tab);
  spa_test_click (tab, -1, -1);
  spa_test_iterate_until (never, NULL, 300);
}

static gint64
count_events (Fixture    *f,
              const char *action)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_event WHERE action = ?"
                                          " AND client_id = '%s' AND actor_id = '%s'"
                                          " AND actor_name = 'Claire Dubois'",
                                          spa_record_get_id (f->client),
                                          spa_account_get_id (f->claire));

  return spa_test_count_rows (f->desk.store, sql, action);
}

/* Opening the client shows the overview: nothing clinical read. Clicking the Intake tab
 * and the Sessions tab each writes one event, naming Claire and the client; a tab
 * clicked again while shown writes none, and shown again after another does. */
static void
test_opening_tabs (Fixture       *f,
                   gconstpointer  data)
{
  sign_in (f, "1", "1 2 3 4");
  spa_test_open_client (GTK_WIDGET (f->desk.window), "Ethan Nguyen");
  spa_test_iterate_until (never, NULL, 300);
  g_assert_cmpint (spa_test_count_rows (f->desk.store, "SELECT count(*) FROM audit_event", NULL),
                   ==, 0);

  click_tab (f, "Intake");
  g_assert_cmpint (count_events (f, "intake-opened"), ==, 1);
  g_assert_cmpint (count_events (f, "notes-opened"), ==, 0);
  click_tab (f, "Intake");
  g_assert_cmpint (count_events (f, "intake-opened"), ==, 1);

  click_tab (f, "Sessions");
  g_assert_cmpint (count_events (f, "notes-opened"), ==, 1);
  click_tab (f, "Intake");
  g_assert_cmpint (count_events (f, "intake-opened"), ==, 2);
  g_assert_cmpint (spa_test_count_rows (f->desk.store,
                                        "SELECT count(*) FROM sync_outbox WHERE entity = ?",
                                        "audit_event"),
                   ==, 3);
}

/* Clicking a note in the Sessions list opens it and writes a note-opened event naming
 * the note; going back to the list and opening it again writes another. */
static void
test_opening_note (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SpaRecord) note = spa_record_new ("session_note");
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  GtkWidget *section;
  GtkWidget *row;

  spa_record_set_string (note, "client_id", spa_record_get_id (f->client));
  spa_record_set_string (note, "session_date", "2026-11-20");
  spa_record_set_string (note, "subjective", "Tight shoulders after a long drive");
  g_assert_true (spa_store_save (f->desk.store, note, &error));
  g_assert_no_error (error);
  detail = g_strconcat ("note ", spa_record_get_id (note), NULL);

  sign_in (f, "1", "1 2 3 4");
  spa_test_open_client (GTK_WIDGET (f->desk.window), "Ethan Nguyen");
  click_tab (f, "Sessions");
  g_assert_cmpint (count_events (f, "notes-opened"), ==, 1);
  g_assert_cmpint (count_events (f, "note-opened"), ==, 0);

  section = spa_test_find_widget (GTK_WIDGET (f->desk.window), SPA_TYPE_SESSIONS_SECTION);
  g_assert_nonnull (section);
  for (int i = 0; i < 2; i++)
    {
      row = gtk_widget_get_first_child (
        GTK_WIDGET (spa_sessions_section_get_list (SPA_SESSIONS_SECTION (section))));
      g_assert_true (ADW_IS_ACTION_ROW (row));
      spa_test_click (row, -1, -1);
      spa_test_wait_for_count (f->desk.store,
                               "SELECT count(*) FROM audit_event WHERE action = 'note-opened'"
                               " AND detail = ?",
                               detail, i + 1);
      spa_test_click (spa_test_find_action_widget (section, "sessions.show-list"), -1, -1);
      spa_test_iterate_until (never, NULL, 300);
    }
  g_assert_cmpint (spa_test_count_rows (f->desk.store,
                                        "SELECT count(*) FROM audit_event"
                                        " WHERE action = 'note-opened' AND client_id = ?",
                                        spa_record_get_id (f->client)),
                   ==, 2);
}

/* A therapist has no Access tab. */
static void
test_access_hidden_from_therapist (Fixture       *f,
                                   gconstpointer  data)
{
  sign_in (f, "1", "1 2 3 4");
  spa_test_open_client (GTK_WIDGET (f->desk.window), "Ethan Nguyen");
  spa_test_iterate_until (never, NULL, 300);
  g_assert_nonnull (find_tab (f, "Intake"));
  g_assert_null (find_tab (f, "Access"));
}

static gboolean
audit_window_gone (gpointer data)
{
  return spa_test_find_toplevel (SPA_TYPE_AUDIT_WINDOW) == NULL;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child;
       child = gtk_widget_get_next_sibling (child))
    n += ADW_IS_ACTION_ROW (child);
  return n;
}

/* Maria, a manager, signs in and clicks the client's Access tab: Claire's print and
 * opening are listed, newest first, with her name; Maria's own opening of the intake
 * then appears on top while the list is open elsewhere. */
static void
test_manager_sees_client_access (Fixture       *f,
                                 gconstpointer  data)
{
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->desk.window));
  const char *client_id = spa_record_get_id (f->client);
  g_autoptr(GError) error = NULL;
  SpaClientAudit *section;
  GtkListBox *list;
  GtkWidget *first;

  g_assert_true (spa_audit_record (f->desk.store, f->claire, client_id, SPA_AUDIT_INTAKE_OPENED,
                                   NULL, &error));
  g_assert_true (spa_audit_record (f->desk.store, f->claire, client_id, SPA_AUDIT_PRINTED,
                                   "intake", &error));
  g_assert_no_error (error);

  sign_in (f, "2", "5 6 7 8");
  spa_test_open_client (GTK_WIDGET (f->desk.window), "Ethan Nguyen");
  spa_test_iterate_until (never, NULL, 300);
  click_tab (f, "Access");
  section = SPA_CLIENT_AUDIT (spa_client_page_get_section (
    SPA_CLIENT_PAGE (spa_clients_page_get_client_page (page)), "access"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (section)));
  list = spa_client_audit_get_list (section);
  g_assert_cmpuint (count_rows (list), ==, 2);
  first = gtk_widget_get_first_child (GTK_WIDGET (list));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "Printed");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)),
                            "Claire Dubois"));
  spa_test_save_screenshot (GTK_WIDGET (f->desk.window), "client-access.png");

  click_tab (f, "Intake");
  g_assert_cmpint (spa_test_count_rows (f->desk.store,
                                        "SELECT count(*) FROM audit_event WHERE actor_id = ?",
                                        spa_account_get_id (f->maria)),
                   ==, 1);
  g_assert_cmpuint (count_rows (list), ==, 3);
}

/* Maria, a manager, opens Preferences' Desk page and clicks the button on Claire's
 * account row: Claire's access to every client's records is listed, newest first and
 * naming the client, and nobody else's; a therapist's Preferences has no such button. */
static void
test_manager_sees_person_access (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(SpaRecord) zoe = spa_test_add_client (f->desk.store, "Zoë", "Tremblay", NULL, NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *preferences;
  GtkWidget *button;
  SpaAuditWindow *window;
  GtkListBox *list;
  GtkWidget *first;

  g_assert_true (spa_audit_record (f->desk.store, f->claire, spa_record_get_id (f->client),
                                   SPA_AUDIT_INTAKE_OPENED, NULL, &error));
  g_assert_true (spa_audit_record (f->desk.store, f->claire, spa_record_get_id (zoe),
                                   SPA_AUDIT_NOTES_OPENED, NULL, &error));
  g_assert_true (spa_audit_record (f->desk.store, f->maria, spa_record_get_id (zoe),
                                   SPA_AUDIT_INTAKE_OPENED, NULL, &error));
  g_assert_no_error (error);

  sign_in (f, "2", "5 6 7 8");
  preferences = spa_test_open_preferences (GTK_WIDGET (f->desk.window), "Desk");
  button = spa_test_find_button_with_tooltip (preferences, "Access by Claire Dubois");
  g_assert_nonnull (button);
  spa_test_click (button, -1, -1);
  window = SPA_AUDIT_WINDOW (spa_test_wait_for_toplevel (SPA_TYPE_AUDIT_WINDOW));
  list = spa_audit_window_get_list (window);
  g_assert_cmpuint (count_rows (list), ==, 2);
  first = gtk_widget_get_first_child (GTK_WIDGET (list));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==,
                   "Opened the session notes");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)),
                            "Zoë Tremblay"));
  spa_test_save_screenshot (GTK_WIDGET (window), "person-access.png");
  spa_test_send_keys (GTK_WIDGET (window), "Escape");
  g_assert_true (spa_test_iterate_until (audit_window_gone, NULL, 5000));
}

static void
test_person_access_hidden_from_therapist (Fixture       *f,
                                          gconstpointer  data)
{
  GtkWidget *preferences;

  sign_in (f, "1", "1 2 3 4");
  preferences = spa_test_open_preferences (GTK_WIDGET (f->desk.window), "Desk");
  g_assert_nonnull (spa_test_find_row (preferences, ADW_TYPE_ACTION_ROW, "Claire Dubois"));
  g_assert_null (spa_test_find_button_with_tooltip (preferences, "Access by Claire Dubois"));
  g_assert_nonnull (spa_test_find_button_with_tooltip (preferences, "Remove Claire Dubois"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/audit/opening-tabs", Fixture, NULL, fixture_set_up, test_opening_tabs,
              fixture_tear_down);
  g_test_add ("/ui/audit/opening-note", Fixture, NULL, fixture_set_up, test_opening_note,
              fixture_tear_down);
  g_test_add ("/ui/audit/access-hidden-from-therapist", Fixture, NULL, fixture_set_up,
              test_access_hidden_from_therapist, fixture_tear_down);
  g_test_add ("/ui/audit/manager-sees-client-access", Fixture, NULL, fixture_set_up,
              test_manager_sees_client_access, fixture_tear_down);
  g_test_add ("/ui/audit/manager-sees-person-access", Fixture, NULL, fixture_set_up,
              test_manager_sees_person_access, fixture_tear_down);
  g_test_add ("/ui/audit/person-access-hidden-from-therapist", Fixture, NULL, fixture_set_up,
              test_person_access_hidden_from_therapist, fixture_tear_down);

  return g_test_run ();
}
