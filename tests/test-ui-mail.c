/* test-ui-mail.c: the manager's Failed E-mail, from the real server, by real input
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-application.h"
#include "spa-mail-window.h"
#include "spa-migrations.h"
#include "spa-server.h"
#include "spa-server-mail.h"
#include "spa-server-sync.h"
#include "spa-store-private.h"
#include "spa-test-input.h"
#include "spa-test-ui-util.h"
#include "spa-test-util.h"
#include "spa-window.h"

/*
 * The real server on 127.0.0.1 with mail on: two bookings' confirmations queued, one
 * of them given up on (a 550 for the address). A desk not connected to a server has
 * no Failed E-mail in its primary menu. Signed in to the server as a manager, the item
 * is there; clicked, it opens a window listing the failed message (recipient, subject,
 * reason) and not the one still pending. When the other fails too, Ctrl+R lists both.
 */

static SpaApplication *app;

typedef struct
{
  SpaTestDesk desk;
  char       *server_dir;
  SpaStore   *server_store;
  SpaServer  *server;
  char       *url;
  char       *token;
} Fixture;

static void
book (Fixture    *f,
      const char *first,
      const char *email,
      int         days_ahead)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) client = spa_test_add_client (f->server_store, first, "Test", email, NULL);
  g_autoptr(SpaRecord) therapist = spa_test_add_named (f->server_store, "therapist", first, NULL);
  g_autoptr(SpaRecord) booking = spa_record_new ("booking");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) starts = g_date_time_add_days (now, days_ahead);
  g_autoptr(GDateTime) ends = g_date_time_add_hours (starts, 1);
  g_autofree char *s_starts = spa_time_format_utc (starts);
  g_autofree char *s_ends = spa_time_format_utc (ends);

  spa_record_set_string (booking, "client_id", spa_record_get_id (client));
  spa_record_set_string (booking, "therapist_id", spa_record_get_id (therapist));
  spa_record_set_string (booking, "service_id", spa_default_service_id (0));
  spa_record_set_string (booking, "starts_at", s_starts);
  spa_record_set_string (booking, "ends_at", s_ends);
  spa_record_set_string (booking, "status", "booked");
  spa_record_set_string (booking, "source", "desk");
  g_assert_true (spa_store_begin (f->server_store, &error));
  g_assert_true (spa_server_write_record (f->server_store, booking, "seed", &error));
  g_assert_no_error (error);
  g_assert_true (spa_store_commit (f->server_store, &error));
}

/* What the sender does at a permanent refusal, to @email's message. */
static void
give_up (Fixture    *f,
         const char *email)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStmt) stmt = spa_store_prepare (f->server_store,
      "UPDATE server_mail SET status = 'failed', attempts = 1,"
      " last_error = '550 5.1.1 <' || recipient || '>: no such mailbox' WHERE recipient = ?",
      &error);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  g_assert_true (spa_store_step_done (f->server_store, stmt, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server_store = spa_test_open_store (&f->server_dir);
  f->server = spa_server_new (f->server_store, NULL);
  spa_server_listen (f->server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  f->url = spa_server_get_url (f->server);
  spa_server_add_user (f->server_store, "maria", SPA_ROLE_MANAGER, &f->token, &error);
  g_assert_no_error (error);
  spa_server_mail_enable (f->server_store, "desk@cedar.example");
  book (f, "Bo", "bo@example.com", 3);
  book (f, "Lee", "lee@example.com", 4);
  give_up (f, "bo@example.com");

  spa_test_desk_open (&f->desk);
  g_settings_set_boolean (f->desk.settings, "sign-in", FALSE);
  g_settings_set_string (f->desk.settings, "server-url", "");
  spa_test_desk_show (&f->desk, GTK_APPLICATION (app), 1000, 760);
  spa_sync_engine_set_automatic (spa_context_get_sync_engine (f->desk.context), FALSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  spa_test_desk_tear_down (&f->desk);
  spa_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->server_store);
  spa_test_remove_dir (f->server_dir);
  g_free (f->server_dir);
  g_free (f->url);
  g_free (f->token);
}

static gboolean
mail_window_open (gpointer data)
{
  return spa_test_find_toplevel (SPA_TYPE_MAIL_WINDOW) != NULL;
}

typedef struct
{
  GtkWidget  *root;
  guint       rows;
} RowQuery;

static void
count_rows (GtkWidget *widget,
            RowQuery  *query)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (ADW_IS_ACTION_ROW (widget))
    query->rows++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    count_rows (child, query);
}

static gboolean
rows_shown (gpointer data)
{
  RowQuery *query = data;
  guint wanted = query->rows;
  gboolean done;

  query->rows = 0;
  count_rows (query->root, query);
  done = query->rows == wanted;
  query->rows = wanted;
  return done;
}

static AdwActionRow *
row_of (GtkWidget  *root,
        const char *title)
{
  GtkWidget *found = spa_test_find_labelled (root, ADW_TYPE_ACTION_ROW, title);

  g_assert_nonnull (found);
  return ADW_ACTION_ROW (found);
}

static void
test_failed_mail (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (f->desk.window);
  GtkWidget *mail;
  GtkWidget *item;
  AdwActionRow *row;
  RowQuery query;

  /* Not connected: no such item. */
  g_assert_null (spa_test_open_main_menu (window, "Failed E-mail"));
  spa_test_send_keys (window, "Escape");

  /* Signed in to the server: the item, and the failed message only. */
  spa_sync_engine_set_server (spa_context_get_sync_engine (f->desk.context), f->url, f->token);
  item = spa_test_open_main_menu (window, "Failed E-mail");
  g_assert_nonnull (item);
  spa_test_click (item, -1, -1);
  g_assert_true (spa_test_iterate_until (mail_window_open, NULL, 5000));
  mail = GTK_WIDGET (spa_test_find_toplevel (SPA_TYPE_MAIL_WINDOW));
  query = (RowQuery) { mail, 1 };
  g_assert_true (spa_test_iterate_until (rows_shown, &query, 10000));
  row = row_of (mail, "bo@example.com");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "Your booking at"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row),
                            "550 5.1.1 <bo@example.com>: no such mailbox"));
  g_assert_null (spa_test_find_labelled (mail, ADW_TYPE_ACTION_ROW, "lee@example.com"));
  spa_test_save_screenshot (mail, "failed-mail.png");

  /* The other is given up on too: Ctrl+R asks the server again. */
  give_up (f, "lee@example.com");
  spa_test_send_keys (mail, "ctrl+r");
  query = (RowQuery) { mail, 2 };
  g_assert_true (spa_test_iterate_until (rows_shown, &query, 10000));
  row_of (mail, "lee@example.com");
  row_of (mail, "bo@example.com");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = spa_test_application_new ();

  g_test_add ("/ui/mail/failed", Fixture, NULL, fixture_set_up, test_failed_mail,
              fixture_tear_down);

  return spa_test_run_application (&app);
}
