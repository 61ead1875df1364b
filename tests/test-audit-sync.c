/* test-audit-sync.c: audit events on the wire, against the real server on 127.0.0.1
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-audit-fields.h"
#include "spa-audit.h"
#include "spa-server.h"
#include "spa-server-sync.h"
#include "spa-store-private.h"
#include "spa-sync-local.h"
#include "spa-sync-test-util.h"
#include "spa-test-pg.h"
#include "spa-test-util.h"
#include "spa-test-server.h"

/*
 * Audit events (docs/audit.md) are pushed like other records but append-only: the
 * server keeps them, refuses a change or a delete, and sends them back on a pull to a
 * manager's desks only.
 */

typedef struct
{
  char      *dir;
  SpaStore  *store;
  SpaServer *server;
  char      *url;
  char      *manager;
  char      *therapist;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = spa_test_open_server_store (&f->dir);
  f->server = spa_test_server_start (f->store, NULL, &f->url);
  spa_server_add_user (f->store, "maria", SPA_ROLE_MANAGER, &f->manager, &error);
  g_assert_no_error (error);
  spa_server_add_user (f->store, "theo", SPA_ROLE_THERAPIST, &f->therapist, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->server);
  g_clear_object (&f->store);
  if (f->dir != NULL)
    spa_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->url);
  g_free (f->manager);
  g_free (f->therapist);
}

/* One mutation pushed as a desk would, whose result is returned. */
static JsonObject *
push (Fixture    *f,
      const char *token,
      gint64      mutation_id,
      const char *id,
      const char *op,
      gint64      base_version,
      const char *fields)
{
  g_autofree char *url = g_strconcat (f->url, "/v1/sync/push", NULL);
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *results;
  guint status;

  body = g_strdup_printf ("{\"device_id\": \"audit-test\", \"mutations\": [{\"mutation_id\": %"
                          G_GINT64_FORMAT ", \"entity\": \"audit_event\", \"id\": \"%s\","
                          " \"op\": \"%s\", \"base_version\": %" G_GINT64_FORMAT "%s%s}]}",
                          mutation_id, id, op, base_version, fields ? ", \"fields\": " : "",
                          fields ? fields : "");
  node = spa_test_http ("POST", url, token, body, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (node), "results");
  return json_object_ref (json_array_get_object_element (results, 0));
}

static void
assert_rejected (JsonObject *result,
                 const char *code)
{
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, code);
  g_assert_nonnull (json_object_get_string_member (result, "message"));
  json_object_unref (result);
}

static SpaRecord *
get_event (SpaTestDevice *device,
           const char    *id)
{
  return spa_store_get (device->store, SPA_AUDIT_EVENT_ENTITY, id, NULL);
}

/* A therapist's desk records an opening and syncs: a manager's desk receives the event
 * as written (who, which desk, what, when), another therapist's desk does not. */
static void
test_pushed_and_pulled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SpaTestDevice) theo = spa_test_device_new (f->url, f->therapist);
  g_autoptr(SpaTestDevice) maria = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) other = spa_test_device_new (f->url, f->therapist);
  g_autoptr(SpaRecord) client = spa_test_add_client (theo->store, "Ann", "Lee", NULL, NULL);
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(GPtrArray) received = NULL;
  g_autoptr(SpaRecord) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *theo_desk = spa_sync_local_device_id (theo->store, NULL);
  SpaRecord *event;

  g_assert_true (spa_audit_record (theo->store, NULL, spa_record_get_id (client),
                                   SPA_AUDIT_INTAKE_OPENED, NULL, &error));
  g_assert_no_error (error);
  spa_test_device_sync_ok (theo);
  g_assert_cmpint (spa_store_outbox_pending (theo->store), ==, 0);

  spa_test_device_sync_ok (maria);
  written = spa_audit_list_for_client (theo->store, spa_record_get_id (client), &error);
  received = spa_audit_list_for_client (maria->store, spa_record_get_id (client), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (received->len, ==, 1);
  event = received->pdata[0];
  g_assert_cmpstr (spa_record_get_id (event), ==, spa_record_get_id (written->pdata[0]));
  g_assert_cmpstr (spa_audit_event_get_action (event), ==, SPA_AUDIT_INTAKE_OPENED);
  g_assert_cmpstr (spa_audit_event_get_desk_id (event), ==, theo_desk);
  g_assert_cmpstr (spa_audit_event_get_occurred_at (event), ==,
                   spa_audit_event_get_occurred_at (written->pdata[0]));

  spa_test_device_sync_ok (other);
  g_assert_null (copy = get_event (other, spa_record_get_id (event)));
  g_assert_cmpint (spa_store_count (other->store, SPA_AUDIT_EVENT_ENTITY), ==, 0);
}

/* A manager's desk's own event comes back on its pull and applies: the triggers let the
 * version move, not what the event says. */
static void
test_own_event_comes_back (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SpaTestDevice) maria = spa_test_device_new (f->url, f->manager);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (spa_audit_record (maria->store, NULL, NULL, SPA_AUDIT_EXPORTED, "/media/usb",
                                   &error));
  spa_test_device_sync_ok (maria);
  spa_test_device_sync_ok (maria);
  g_assert_cmpint (spa_store_outbox_pending (maria->store), ==, 0);
  events = spa_store_list (maria->store, SPA_AUDIT_EVENT_ENTITY, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (spa_record_get_version (events->pdata[0]), >, 0);
  g_assert_cmpstr (spa_audit_event_get_detail (events->pdata[0]), ==, "/media/usb");
}

/* What the server holds is never changed: a change or a delete, even a manager's, is
 * rejected with a code and a message, and the pulled event is still as written. */
static void
test_server_refuses_edits (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SpaTestDevice) maria = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaRecord) event = NULL;
  const char *id = "a0d17000-0000-4000-8000-000000000001";
  JsonObject *result;

  result = push (f, f->therapist, 1, id, "upsert", 0,
                 "{\"occurred_at\": \"2026-12-01T17:00:00Z\", \"desk_id\": \"desk-1\","
                 " \"action\": \"notes-opened\", \"client_id\": \"c-1\"}");
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
  json_object_unref (result);

  assert_rejected (push (f, f->therapist, 2, id, "upsert", 1, "{\"action\": \"printed\"}"),
                   "immutable");
  assert_rejected (push (f, f->manager, 3, id, "upsert", 1, "{\"client_id\": \"c-2\"}"),
                   "immutable");
  assert_rejected (push (f, f->manager, 4, id, "delete", 1, NULL), "undeletable");

  spa_test_device_sync_ok (maria);
  event = get_event (maria, id);
  g_assert_nonnull (event);
  g_assert_cmpstr (spa_audit_event_get_action (event), ==, SPA_AUDIT_NOTES_OPENED);
  g_assert_cmpstr (spa_audit_event_get_client_id (event), ==, "c-1");
  g_assert_false (spa_record_get_deleted (event));
}

/* Whoever writes straight into the server's database, the event stays as written: the
 * desk's triggers on SQLite, a trigger on spa_record on PostgreSQL (which lets the
 * version move, as a write of the same event does, and leaves other records alone). */
static void
test_database_refuses_edits (Fixture       *f,
                             gconstpointer  data)
{
  const char *id = "a0d17000-0000-4000-8000-000000000002";
  g_autoptr(SpaRecord) event = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *result;

  result = push (f, f->therapist, 1, id, "upsert", 0,
                 "{\"occurred_at\": \"2026-12-01T17:00:00Z\", \"desk_id\": \"desk-1\","
                 " \"action\": \"intake-opened\", \"client_id\": \"c-1\"}");
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
  json_object_unref (result);

  if (spa_test_pg_uri () != NULL)
    {
      const char *refused[] = {
        "UPDATE spa_record SET record = json_build_object ('id', id, 'action', 'printed')"
        " WHERE entity = 'audit_event'",
        "UPDATE spa_record SET deleted = true WHERE entity = 'audit_event'",
        "UPDATE spa_record SET entity = 'booking' WHERE entity = 'audit_event'",
        "DELETE FROM spa_record WHERE entity = 'audit_event'",
      };

      for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
        {
          g_autofree char *message = spa_test_pg_exec (refused[i]);

          g_assert_nonnull (message);
          g_assert_nonnull (strstr (message, "audit events cannot be"));
        }
      g_assert_null (spa_test_pg_exec ("UPDATE spa_record SET version = version + 1000"
                                       " WHERE entity = 'audit_event'"));
      g_assert_null (spa_test_pg_exec ("UPDATE spa_record SET version = version"
                                       " WHERE entity <> 'audit_event'"));
      g_assert_cmpint (spa_test_pg_count ("SELECT count(*) FROM spa_record WHERE id = $1"
                                          " AND record->>'action' = 'intake-opened'"
                                          " AND NOT deleted",
                                          id),
                       ==, 1);
      return;
    }

  g_assert_false (spa_store_exec (f->store, "UPDATE audit_event SET action = 'printed'", &error));
  g_assert_nonnull (strstr (error->message, "audit events cannot be changed"));
  g_clear_error (&error);
  g_assert_false (spa_store_exec (f->store, "DELETE FROM audit_event", &error));
  g_assert_nonnull (strstr (error->message, "audit events cannot be deleted"));
  g_clear_error (&error);
  event = spa_store_get (f->store, SPA_AUDIT_EVENT_ENTITY, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_audit_event_get_action (event), ==, SPA_AUDIT_INTAKE_OPENED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/audit-sync/pushed-and-pulled", test_pushed_and_pulled);
  ADD ("/audit-sync/own-event-comes-back", test_own_event_comes_back);
  ADD ("/audit-sync/server-refuses-edits", test_server_refuses_edits);
  ADD ("/audit-sync/database-refuses-edits", test_database_refuses_edits);
#undef ADD

  return g_test_run ();
}
