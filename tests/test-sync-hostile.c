/* test-sync-hostile.c: the desk's sync engine against servers that misbehave
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-server.h"
#include "spa-server-sync.h"
#include "spa-store-private.h"
#include "spa-sync-http.h"
#include "spa-hostile-server.h"
#include "spa-sync-test-util.h"
#include "spa-test-util.h"

/*
 * Whatever a server (or anything posing as one) answers, the engine ends its run in
 * bounded time and bytes, keeps every unsent change, stores nothing it should not, and
 * says what happened. Each test drives the real engine over real HTTP on 127.0.0.1.
 */

typedef struct
{
  SpaHostileServer *server;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->server = spa_hostile_server_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->server, spa_hostile_server_free);
}

static SpaTestDevice *
device_for (Fixture    *f,
            const char *mode)
{
  g_autofree char *url = spa_hostile_server_url (f->server, mode);

  return spa_test_device_new (url, "spa_token");
}

static void
add_clients (SpaTestDevice *device,
             guint          n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *first = g_strdup_printf ("Local%u", i);
      g_autoptr(SpaRecord) client = spa_test_add_client (device->store, first, "Desk", NULL, NULL);
    }
}

/* Syncs, expecting a failure that leaves the engine in @state; returns the error. */
static GError *
sync_fails_in (SpaTestDevice *device,
               SpaSyncState   state)
{
  GError *error = NULL;

  g_assert_false (spa_test_device_sync (device, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_cmpint (spa_sync_engine_get_state (device->engine), ==, state);
  g_assert_cmpstr (spa_sync_engine_get_message (device->engine), ==, error->message);
  return error;
}

static GError *
sync_fails (SpaTestDevice *device)
{
  return sync_fails_in (device, SPA_SYNC_STATE_ERROR);
}

/* A 400 for the whole request (a proxy in the way) is no verdict on each change. */
static void
test_request_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SpaTestDevice) device = device_for (f, "e400");
  g_autoptr(GError) error = NULL;

  add_clients (device, 5);
  error = sync_fails (device);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "(400): always"));
  g_assert_nonnull (strstr (error->message, "stay on this desk"));
  g_assert_cmpint (spa_store_outbox_pending (device->store), ==, 5);
  g_assert_cmpint (spa_sync_local_count_rejected (device->store), ==, 0);
  g_assert_cmpint (spa_test_count_rows (device->store, "SELECT count(*) FROM sync_outbox WHERE status != 'pending'",
                                        NULL), ==, 0);
}

/* A push answered 200 with something else than JSON: said as such, nothing settled. */
static void
test_push_not_json (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SpaTestDevice) device = device_for (f, "pushgarbage");
  g_autoptr(GError) error = NULL;

  add_clients (device, 2);
  error = sync_fails (device);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL);
  g_assert_null (strstr (error->message, "refused"));
  g_assert_nonnull (strstr (error->message, "not a sync reply"));
  g_assert_cmpint (spa_store_outbox_pending (device->store), ==, 2);
}

/* A 200 that settles nothing ends the run at once instead of sending it all again. */
static void
test_push_settles_nothing (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SpaTestDevice) device = device_for (f, "pushnothing");
  g_autoptr(GError) error = NULL;

  add_clients (device, 2);
  error = sync_fails (device);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL);
  g_assert_cmpuint (spa_hostile_server_requests (f->server, "pushnothing", "POST"), ==, 1);
  g_assert_cmpint (spa_store_outbox_pending (device->store), ==, 2);
}

/* 410 to every pull: one full resync a run, then an error, not a loop. */
static void
test_gone_forever (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SpaTestDevice) device = device_for (f, "gone");
  g_autoptr(GError) error = NULL;

  error = sync_fails (device);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL);
  g_assert_cmpuint (spa_hostile_server_requests (f->server, "gone", "GET"), ==, 2);
}

/* A reply trickling a byte at a time ends at the deadline of the exchange. */
static void
test_trickle (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SpaTestDevice) device = device_for (f, "trickle");
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  add_clients (device, 1);
  spa_sync_engine_set_deadline (device->engine, 2);
  error = sync_fails_in (device, SPA_SYNC_STATE_NOT_ANSWERING);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "within 2 seconds"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  g_assert_cmpint (spa_store_outbox_pending (device->store), ==, 1);
}

/* A server that takes the request and never answers is "not answering", with the time
 * waited; a closed port is the network's failure; a 500 is the server's. The three
 * say different things, and nothing waiting is lost. */
static void
test_not_answering (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SpaTestDevice) silent = device_for (f, "silent");
  g_autoptr(SpaTestDevice) closed = spa_test_device_new ("http://127.0.0.1:9", "spa_token");
  g_autoptr(SpaTestDevice) failing = device_for (f, "e500");
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  add_clients (silent, 2);
  spa_sync_engine_set_timeout (silent->engine, 1);
  error = sync_fails_in (silent, SPA_SYNC_STATE_NOT_ANSWERING);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_TIMED_OUT);
  g_assert_cmpstr (error->message, ==,
                   "The sync server is not answering: nothing came for 1 second.");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  g_assert_cmpuint (spa_hostile_server_requests (f->server, "silent", "POST"), ==, 1);
  g_assert_cmpint (spa_store_outbox_pending (silent->store), ==, 2);
  g_clear_error (&error);

  add_clients (closed, 1);
  error = sync_fails_in (closed, SPA_SYNC_STATE_OFFLINE);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "cannot be reached"));
  g_clear_error (&error);

  error = sync_fails (failing);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "(500)"));
}

static gboolean
third_page_asked (gpointer data)
{
  Fixture *f = data;

  return spa_hostile_server_requests (f->server, "held", "GET") >= 3;
}

/* While the pull worker waits on the network for the next page, the desk saves at
 * once: the worker does not keep the database's write lock through the wait. */
static void
test_save_while_page_awaited (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(SpaTestDevice) device = device_for (f, "held");
  g_autoptr(SpaRecord) client = spa_record_new ("client");
  g_autoptr(GError) error = NULL;
  SpaTestSyncWait pulled;
  gint64 start;

  spa_sync_engine_set_batch_size (device->engine, 1, 1);
  spa_test_device_sync_start (device, &pulled);
  g_assert_true (spa_test_iterate_until (third_page_asked, f, 30000));
  /* The second page is applied meanwhile, well within this. */
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 300 * 1000)
    g_main_context_iteration (NULL, FALSE);

  spa_record_set_string (client, "first_name", "Walk");
  spa_record_set_string (client, "last_name", "In");
  spa_store_save (device->store, client, &error);
  g_assert_no_error (error);
  g_assert_false (pulled.done);

  g_assert_true (spa_hostile_server_release (f->server));
  spa_test_wait_for (&pulled.done, 60);
  g_assert_no_error (pulled.error);
  g_assert_true (pulled.ok);
  g_assert_cmpint (spa_sync_local_get_cursor (device->store), ==, 3);
  /* Three from the server, the one saved here. */
  g_assert_cmpint (spa_store_count (device->store, "client"), ==, 4);
}

/* "More" for ever with a rising cursor: the run ends after its share of pages, what
 * came is kept, and the next run goes on from there. */
static void
test_climb (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SpaTestDevice) device = device_for (f, "climb");
  g_autoptr(GError) error = NULL;
  gint64 cursor;

  spa_sync_engine_set_max_pages (device->engine, 30);
  error = sync_fails (device);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_SERVER);
  cursor = spa_sync_local_get_cursor (device->store);
  g_assert_cmpint (cursor, >=, 29);
  g_assert_cmpint (cursor, <=, 30);
  g_assert_cmpint (spa_store_count (device->store, "client"), ==, cursor);
  g_assert_cmpuint (spa_hostile_server_requests (f->server, "climb", "GET"), <=, 30 + 16);

  g_clear_error (&error);
  error = sync_fails (device);
  g_assert_cmpint (spa_sync_local_get_cursor (device->store), >=, cursor + 29);
}

/* "More" without moving on is an error, not "Synced". */
static void
test_stall (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SpaTestDevice) device = device_for (f, "stall");
  g_autoptr(GError) error = NULL;

  error = sync_fails (device);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL);
  g_assert_cmpint (spa_sync_engine_get_last_synced (device->engine), ==, 0);
  g_assert_cmpint (spa_sync_local_get_cursor (device->store), ==, 5);
  g_assert_cmpuint (spa_hostile_server_requests (f->server, "stall", "GET"), ==, 2);
}

/* A cursor that goes back is never stored. */
static void
test_backwards (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SpaTestDevice) device = device_for (f, "backwards");
  g_autoptr(GError) error = NULL;

  error = sync_fails (device);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL);
  g_assert_cmpint (spa_sync_local_get_cursor (device->store), ==, 0);
  g_assert_false (spa_sync_local_has_synced (device->store));
}

/* A page with more changes than asked for is refused whole. */
static void
test_page_larger_than_asked (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SpaTestDevice) device = device_for (f, "huge");
  g_autoptr(GError) error = NULL;

  spa_sync_engine_set_batch_size (device->engine, 100, 50);
  error = sync_fails (device);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "100 changes"));
  g_assert_cmpint (spa_store_count (device->store, "client"), ==, 0);
  g_assert_false (spa_sync_local_has_synced (device->store));
}

/* A reply larger than the desk reads: refused on its announced length, or once the
 * cap is read; the server never gets to send it all. */
static void
test_body_too_large (Fixture       *f,
                     gconstpointer  data)
{
  const char *modes[] = { "hugebody", "hugechunked" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(SpaTestDevice) device = device_for (f, modes[i]);
      g_autoptr(GError) error = NULL;

      error = sync_fails (device);
      g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL);
      g_assert_nonnull (strstr (error->message, "32.0"));
      g_assert_nonnull (strstr (error->message, "MiB"));
      g_assert_false (spa_sync_local_has_synced (device->store));
    }
  /* Both whole would be 80 MiB. */
  g_assert_cmpuint (spa_hostile_server_bytes_sent (f->server), <, SPA_SYNC_MAX_BODY + 16 * 1024 * 1024);
}

/* A redirect to another origin is followed neither for a push nor for a pull. */
static void
test_redirect (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SpaHostileServer) other = spa_hostile_server_new ();
  g_autofree char *elsewhere = spa_hostile_server_url (other, "ok");
  g_autoptr(SpaTestDevice) pusher = device_for (f, "redirect");
  g_autoptr(SpaTestDevice) puller = device_for (f, "redirect");
  g_autoptr(GError) error = NULL;

  spa_hostile_server_redirect_to (f->server, elsewhere);
  add_clients (pusher, 1);
  error = sync_fails (pusher);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, elsewhere));
  g_assert_nonnull (strstr (error->message, "307"));
  g_assert_cmpint (spa_store_outbox_pending (pusher->store), ==, 1);
  g_clear_error (&error);

  error = sync_fails (puller);
  g_assert_nonnull (strstr (error->message, "302"));
  g_assert_cmpuint (spa_hostile_server_requests (other, "ok", "GET"), ==, 0);
  g_assert_cmpuint (spa_hostile_server_requests (other, "ok", "POST"), ==, 0);
  g_assert_false (spa_sync_local_has_synced (puller->store));
}

/* Replies nested two hundred thousand deep, to a push and as the body of an error. */
static void
test_deep_replies (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SpaTestDevice) device = device_for (f, "deep");
  g_autoptr(GError) error = NULL;

  add_clients (device, 1);
  error = sync_fails (device);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL);
  g_assert_cmpint (spa_store_outbox_pending (device->store), ==, 1);
  g_clear_error (&error);

  /* Nothing to push: the pull's 500 carries the nesting. */
  g_assert_true (spa_store_exec (device->store, "UPDATE sync_outbox SET status = 'applied'", NULL));
  spa_sync_engine_refresh_counts (device->engine);
  error = sync_fails (device);
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_SERVER);
}

/* A page naming records nobody sent is refused whole; the cursor stays. */
static void
test_dangling_reference (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SpaTestDevice) device = device_for (f, "dangling");
  g_autoptr(GError) error = NULL;

  error = sync_fails (device);
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "did not send"));
  g_assert_false (spa_store_exists (device->store, "booking", "hb-1"));
  g_assert_false (spa_sync_local_has_synced (device->store));
}

/* The device id cannot be read (another process holds the database): nothing is sent,
 * the error says so; once it can be read, the changes go out under it. */
static void
test_device_id_unreadable (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *server_dir = NULL;
  g_autoptr(SpaStore) server_store = spa_test_open_store (&server_dir);
  g_autoptr(SpaServer) server = spa_server_new (server_store, NULL);
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(SpaSyncEngine) engine = NULL;
  g_autoptr(SpaRecord) client = NULL;
  g_autoptr(GError) error = NULL;
  SpaTestDevice device = { NULL, NULL, NULL };
  sqlite3 *other = NULL;

  spa_server_listen (server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  url = spa_server_get_url (server);
  spa_server_add_user (server_store, "maria", SPA_ROLE_MANAGER, &token, &error);
  g_assert_no_error (error);

  /* Another process holds the write lock while the app starts. */
  sqlite3_busy_timeout (spa_store_get_db (store), 50);
  g_assert_cmpint (sqlite3_open (spa_store_get_path (store), &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  engine = spa_sync_engine_new (store);
  spa_sync_engine_set_server (engine, url, token);
  device.store = store;
  device.engine = engine;

  g_assert_false (spa_test_device_sync (&device, &error));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "device id"));
  g_assert_cmpint (spa_test_count_rows (server_store, "SELECT count(*) FROM server_device", NULL), ==, 0);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  client = spa_test_add_client (store, "Ida", "Lock", NULL, NULL);
  spa_test_device_sync_ok (&device);
  g_assert_cmpint (spa_store_outbox_pending (store), ==, 0);
  g_assert_cmpint (spa_sync_local_count_rejected (store), ==, 0);
  g_assert_true (spa_store_exists (server_store, "client", spa_record_get_id (client)));

  g_clear_object (&engine);
  spa_test_remove_dir (dir);
  spa_test_remove_dir (server_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync-hostile/request-refused", test_request_refused);
  ADD ("/sync-hostile/push-not-json", test_push_not_json);
  ADD ("/sync-hostile/push-settles-nothing", test_push_settles_nothing);
  ADD ("/sync-hostile/gone-forever", test_gone_forever);
  ADD ("/sync-hostile/trickle", test_trickle);
  ADD ("/sync-hostile/not-answering", test_not_answering);
  ADD ("/sync-hostile/save-while-page-awaited", test_save_while_page_awaited);
  ADD ("/sync-hostile/climb", test_climb);
  ADD ("/sync-hostile/stall", test_stall);
  ADD ("/sync-hostile/backwards", test_backwards);
  ADD ("/sync-hostile/page-larger-than-asked", test_page_larger_than_asked);
  ADD ("/sync-hostile/body-too-large", test_body_too_large);
  ADD ("/sync-hostile/redirect", test_redirect);
  ADD ("/sync-hostile/deep-replies", test_deep_replies);
  ADD ("/sync-hostile/dangling-reference", test_dangling_reference);
  ADD ("/sync-hostile/device-id-unreadable", test_device_id_unreadable);
#undef ADD

  return g_test_run ();
}
