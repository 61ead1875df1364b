/* test-audit.c: the append-only audit trail of clinical access
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-audit-fields.h"
#include "spa-audit.h"
#include "spa-store-private.h"
#include "spa-sync-local.h"
#include "spa-test-util.h"

typedef struct
{
  char       *dir;
  SpaStore   *store;
  SpaRecord  *client;
  SpaAccount *claire;
  SpaAccount *marcus;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = spa_test_open_store (&f->dir);
  f->client = spa_test_add_client (f->store, "Zoé", "Tremblay", NULL, NULL);
  f->claire = spa_account_create (f->store, "Claire Dubois", SPA_ROLE_THERAPIST, NULL, "1234",
                                  &error);
  g_assert_no_error (error);
  f->marcus = spa_account_create (f->store, "Marcus Lee", SPA_ROLE_MANAGER, NULL, "5678",
                                  &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->claire);
  g_clear_object (&f->marcus);
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  spa_test_remove_dir (f->dir);
  g_free (f->dir);
}

static void
record (Fixture    *f,
        SpaAccount *actor,
        const char *client_id,
        const char *action,
        const char *detail)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (spa_audit_record (f->store, actor, client_id, action, detail, &error));
  g_assert_no_error (error);
}

/* Who, which desk, what and when, listed per client and per user, newest first, each
 * with its outbox row. */
static void
test_record_and_list (Fixture       *f,
                      gconstpointer  data)
{
  const char *client_id = spa_record_get_id (f->client);
  g_autoptr(GPtrArray) by_client = NULL;
  g_autoptr(GPtrArray) by_claire = NULL;
  g_autoptr(GPtrArray) by_marcus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *desk_id = spa_sync_local_device_id (f->store, NULL);
  g_autoptr(GDateTime) occurred = NULL;
  SpaRecord *event;

  spa_store_set_clock_offset (f->store, 0);
  record (f, f->claire, client_id, SPA_AUDIT_INTAKE_OPENED, NULL);
  record (f, f->claire, client_id, SPA_AUDIT_PRINTED, "note");
  record (f, f->marcus, NULL, SPA_AUDIT_EXPORTED, "/tmp/spa-export");

  by_client = spa_audit_list_for_client (f->store, client_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_client->len, ==, 2);
  event = by_client->pdata[0];
  g_assert_cmpstr (spa_audit_event_get_action (event), ==, SPA_AUDIT_PRINTED);
  g_assert_cmpstr (spa_audit_event_get_detail (event), ==, "note");
  g_assert_cmpstr (spa_audit_event_get_actor_id (event), ==, spa_account_get_id (f->claire));
  g_assert_cmpstr (spa_audit_event_get_actor_name (event), ==, "Claire Dubois");
  g_assert_cmpstr (spa_audit_event_get_desk_id (event), ==, desk_id);
  occurred = g_date_time_new_from_iso8601 (spa_audit_event_get_occurred_at (event), NULL);
  g_assert_nonnull (occurred);
  g_assert_true (g_str_has_suffix (spa_audit_event_get_occurred_at (event), "Z"));
  g_assert_cmpstr (spa_audit_event_get_action (by_client->pdata[1]), ==,
                   SPA_AUDIT_INTAKE_OPENED);

  by_claire = spa_audit_list_for_actor (f->store, spa_account_get_id (f->claire), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_claire->len, ==, 2);
  by_marcus = spa_audit_list_for_actor (f->store, spa_account_get_id (f->marcus), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_marcus->len, ==, 1);
  g_assert_null (spa_audit_event_get_client_id (by_marcus->pdata[0]));

  g_assert_cmpint (spa_test_count_rows (f->store,
                                        "SELECT count(*) FROM sync_outbox WHERE entity = ?",
                                        "audit_event"),
                   ==, 3);
}

/* A desk without sign-in still records the desk, and an unknown action is refused. */
static void
test_without_account (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;

  record (f, NULL, spa_record_get_id (f->client), SPA_AUDIT_NOTES_OPENED, NULL);
  events = spa_audit_list_for_client (f->store, spa_record_get_id (f->client), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_null (spa_audit_event_get_actor_id (events->pdata[0]));
  g_assert_nonnull (spa_audit_event_get_desk_id (events->pdata[0]));

  g_assert_false (spa_audit_record (f->store, NULL, NULL, "peeked", NULL, &error));
  g_assert_nonnull (error);
}

static int
exec_sql (SpaStore   *store,
          const char *sql)
{
  return sqlite3_exec (spa_store_get_db (store), sql, NULL, NULL, NULL) & 0xff;
}

/* Never editable: the store refuses a second write, and raw SQL cannot change what an
 * event says nor delete it; the sync path's version may move. */
static void
test_append_only (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  SpaRecord *event;
  const char *sql_refused[] = {
    "UPDATE audit_event SET detail = 'nothing'",
    "UPDATE audit_event SET action = 'printed'",
    "UPDATE audit_event SET actor_id = NULL",
    "UPDATE audit_event SET client_id = 'someone-else'",
    "UPDATE audit_event SET occurred_at = '2020-01-01T00:00:00Z'",
    "UPDATE audit_event SET desk_id = 'other'",
    "UPDATE audit_event SET deleted = 1",
    "UPDATE audit_event SET id = 'x'",
    "DELETE FROM audit_event",
  };

  record (f, f->claire, spa_record_get_id (f->client), SPA_AUDIT_INTAKE_OPENED, "form");
  events = spa_audit_list_for_client (f->store, spa_record_get_id (f->client), &error);
  g_assert_no_error (error);
  event = events->pdata[0];

  for (guint i = 0; i < G_N_ELEMENTS (sql_refused); i++)
    {
      g_test_message ("%s", sql_refused[i]);
      g_assert_cmpint (exec_sql (f->store, sql_refused[i]), ==, SQLITE_CONSTRAINT);
    }
  g_assert_cmpint (spa_test_count_rows (f->store,
                                        "SELECT count(*) FROM audit_event WHERE detail = ?",
                                        "form"),
                   ==, 1);

  /* The pull writes the server's version back over the same content. */
  g_assert_cmpint (exec_sql (f->store, "UPDATE audit_event SET version = 3"), ==, SQLITE_OK);

  spa_record_set_string (event, SPA_AUDIT_EVENT_DETAIL, "changed");
  g_assert_false (spa_store_save (f->store, event, &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (spa_store_delete (f->store, SPA_AUDIT_EVENT_ENTITY, spa_record_get_id (event),
                                    &error));
  g_assert_nonnull (error);
  g_assert_cmpint (spa_test_count_rows (f->store,
                                        "SELECT count(*) FROM audit_event WHERE detail = ?",
                                        "form"),
                   ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/audit/record-and-list", Fixture, NULL, fixture_set_up, test_record_and_list,
              fixture_tear_down);
  g_test_add ("/audit/without-account", Fixture, NULL, fixture_set_up, test_without_account,
              fixture_tear_down);
  g_test_add ("/audit/append-only", Fixture, NULL, fixture_set_up, test_append_only,
              fixture_tear_down);

  return g_test_run ();
}
