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
#include "spa-clients-page.h"
#include "spa-lock-screen-private.h"
#include "spa-lock-screen.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"

typedef struct
{
  SpaTestDesk desk;
  SpaRecord  *client;
  SpaAccount *claire;
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

/* The desk opens locked: 1 picks Claire, the one account, then her PIN and Enter. */
static void
sign_in (Fixture *f)
{
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->desk.window));
  g_assert_true (spa_window_is_locked (f->desk.window));
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "1");
  g_assert_true (spa_test_iterate_until (account_chosen, f, 5000));
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "1 2 3 4");
  g_assert_true (spa_test_iterate_until (pin_typed, f, 5000));
  spa_test_send_keys (GTK_WIDGET (f->desk.window), "Return");
  g_assert_true (spa_test_iterate_until (unlocked, f->desk.window, 5000));
}

static void
click_tab (Fixture    *f,
           const char *section)
{
  SpaClientsPage *page = SPA_CLIENTS_PAGE (spa_window_get_clients_page (f->desk.window));
  GtkWidget *tab = spa_test_find_labelled (spa_clients_page_get_client_page (page),
                                           GTK_TYPE_TOGGLE_BUTTON, section);

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
  sign_in (f);
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

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/audit/opening-tabs", Fixture, NULL, fixture_set_up, test_opening_tabs,
              fixture_tear_down);

  return g_test_run ();
}
