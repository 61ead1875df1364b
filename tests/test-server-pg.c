/* test-server-pg.c: several server processes on one PostgreSQL database
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "spa-json.h"
#include "spa-server-mail.h"
#include "spa-server-public.h"
#include "spa-util.h"
#include "spa-waitlist.h"
#include "spa-migrations.h"
#include "spa-server.h"
#include "spa-server-storage.h"
#include "spa-server-sync.h"
#include "spa-sync-test-util.h"
#include "spa-test-pg.h"
#include "spa-test-server.h"

/*
 * What only PostgreSQL's back-end has to get right: several processes (here, several
 * storages, each with its own connection and working copy, as each server process has)
 * writing and reading one database. Runs under build-aux/pg-run; skipped without it.
 */

/* An empty PostgreSQL for the test, or the test skipped where there is none. */
static gboolean
pg_ready (void)
{
  if (spa_test_pg_uri () == NULL)
    {
      g_test_skip ("no PostgreSQL: run under build-aux/pg-run");
      return FALSE;
    }
  spa_test_pg_reset ();
  return TRUE;
}

static SpaStore *
open_process (void)
{
  g_autoptr(GError) error = NULL;
  SpaStore *store = spa_server_storage_pg_open (spa_test_pg_uri (), &error);

  g_assert_no_error (error);
  return store;
}

static void
write_client (SpaStore   *store,
              const char *id,
              const char *name)
{
  g_autoptr(SpaRecord) client = spa_record_new_with_id ("client", id);
  g_autoptr(GError) error = NULL;

  spa_record_set_string (client, "first_name", name);
  spa_record_set_string (client, "last_name", "Lee");
  g_assert_true (spa_server_write_record (store, client, "desk", &error));
  g_assert_no_error (error);
}

/* One pull page from @since: the ids it carries go into @ids; returns its cursor. */
static gint64
pull (SpaStore   *store,
      gint64      since,
      GHashTable *ids)
{
  g_autofree char *since_text = g_strdup_printf ("%" G_GINT64_FORMAT, since);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *page;
  JsonArray *changes;

  g_assert_cmpuint (spa_server_pull (store, SPA_ROLE_MANAGER, since_text, "100", FALSE, &text),
                    ==, 200);
  node = spa_json_parse_strict (text, strlen (text), NULL, NULL);
  g_assert_nonnull (node);
  page = json_node_get_object (node);
  changes = json_object_get_array_member (page, "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      JsonObject *record = json_object_get_object_member (change, "record");

      g_hash_table_add (ids, g_strdup (json_object_get_string_member (record, "id")));
    }
  g_assert_false (json_object_get_boolean_member (page, "has_more"));
  return json_object_get_int_member (page, "cursor");
}

typedef struct
{
  SpaStore *store;
  gint      done;
} Writer;

static gpointer
write_b (gpointer data)
{
  Writer *writer = data;
  SpaServerStorage *storage = spa_server_storage_get (writer->store);
  g_autoptr(GError) error = NULL;

  spa_server_storage_begin (storage, &error);
  g_assert_no_error (error);
  write_client (writer->store, "c-b", "Bea");
  g_assert_true (spa_server_storage_commit (storage, &error));
  g_assert_no_error (error);
  g_atomic_int_set (&writer->done, 1);
  return NULL;
}

/*
 * The pull must never skip a change that commits after a higher sequence number was
 * already seen. Process A takes a sequence number and holds its transaction open;
 * process B writes and commits meanwhile; process C pulls in between, then again once
 * A has committed. Whatever the interleaving, C must end up with both changes: a
 * cursor moved past A's number before A committed would lose A's change for good.
 */
static void
test_pull_never_skips (void)
{
  g_autoptr(SpaStore) a = NULL;
  g_autoptr(SpaStore) b = NULL;
  g_autoptr(SpaStore) c = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  Writer writer = { NULL, 0 };
  GThread *thread;
  gint64 cursor;

  if (spa_test_pg_uri () == NULL)
    {
      g_test_skip ("no PostgreSQL: run under build-aux/pg-run");
      return;
    }

  spa_test_pg_reset ();
  a = open_process ();
  b = open_process ();
  c = open_process ();

  /* A: a change in the log, not committed. */
  g_assert_true (spa_server_storage_begin (spa_server_storage_get (a), &error));
  g_assert_no_error (error);
  write_client (a, "c-a", "Ann");

  /* B: a later change, committed if nothing holds it back (given a second). */
  writer.store = b;
  thread = g_thread_new ("writer-b", write_b, &writer);
  for (guint i = 0; i < 100 && !g_atomic_int_get (&writer.done); i++)
    g_usleep (10 * 1000);
  g_test_message ("B %s while A's transaction was open",
                  g_atomic_int_get (&writer.done) ? "committed" : "waited");

  /* C pulls in between. */
  cursor = pull (c, 0, ids);

  /* A commits; B is done after it. */
  g_assert_true (spa_server_storage_commit (spa_server_storage_get (a), &error));
  g_assert_no_error (error);
  g_thread_join (thread);

  /* C's next pull, from where it stood, brings what it has not had. */
  cursor = pull (c, cursor, ids);
  g_assert_true (g_hash_table_contains (ids, "c-b"));
  g_assert_true (g_hash_table_contains (ids, "c-a"));
  g_assert_cmpint (cursor, >=, 2);
}

/* A process that joins later copies everything; one that was there sees later writes. */
static void
test_processes_share_records (void)
{
  g_autoptr(SpaStore) a = NULL;
  g_autoptr(SpaStore) b = NULL;
  g_autoptr(SpaStore) late = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) record = NULL;

  if (spa_test_pg_uri () == NULL)
    {
      g_test_skip ("no PostgreSQL: run under build-aux/pg-run");
      return;
    }

  spa_test_pg_reset ();
  a = open_process ();
  b = open_process ();

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("c-%u", i);

      g_assert_true (spa_server_storage_begin (spa_server_storage_get (i % 2 ? b : a), &error));
      write_client (i % 2 ? b : a, id, "Ann");
      g_assert_true (spa_server_storage_commit (spa_server_storage_get (i % 2 ? b : a), &error));
    }

  late = open_process ();
  g_assert_cmpint (pull (late, 0, ids), ==, 3);
  g_assert_cmpuint (g_hash_table_size (ids), ==, 3);

  /* A's copy learns of B's write before A's next write is checked. */
  g_assert_true (spa_server_storage_begin (spa_server_storage_get (a), &error));
  record = spa_store_get (a, "client", "c-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (spa_record_get_version (record), ==, 2);
  spa_server_storage_rollback (spa_server_storage_get (a));
}

/* ---- calendar feeds ---- */

static void
exchange_start (SoupSession     *session,
                SpaTestExchange *exchange,
                const char      *method,
                const char      *url,
                const char      *body)
{
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  spa_test_exchange_start (session, exchange, msg);
}

/* The answer's body as text, its status in *status. */
static char *
exchange_finish (SpaTestExchange *exchange,
                 guint           *status)
{
  char *text = spa_test_exchange_finish (exchange, status);

  g_clear_object (&exchange->msg);
  return text;
}

/* One GET; the body as text (a feed is no JSON), its status in *status. */
static char *
get_text (const char *url,
          const char *path,
          guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *full = g_strconcat (url, path, NULL);
  SpaTestExchange exchange;

  exchange_start (session, &exchange, "GET", full, NULL);
  return exchange_finish (&exchange, status);
}

static SpaRecord *
write_named (SpaStore   *store,
             const char *entity,
             const char *name)
{
  SpaRecord *record = spa_record_new (entity);
  g_autoptr(GError) error = NULL;

  spa_record_set_string (record, "name", name);
  spa_record_set_boolean (record, "active", TRUE);
  g_assert_true (spa_server_write_record (store, record, "desk", &error));
  g_assert_no_error (error);
  return record;
}

/* A booking @days from now, for one hour, written by the process of @store. */
static char *
write_booking (SpaStore   *store,
               const char *client_id,
               const char *therapist_id,
               const char *room_id,
               int         days)
{
  g_autoptr(SpaRecord) booking = spa_record_new ("booking");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);
  g_autoptr(GDateTime) starts = g_date_time_new_utc (g_date_time_get_year (day),
                                                     g_date_time_get_month (day),
                                                     g_date_time_get_day_of_month (day), 18, 0,
                                                     0);
  g_autoptr(GDateTime) ends = g_date_time_add_hours (starts, 1);
  g_autofree char *starts_at = g_date_time_format (starts, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *ends_at = g_date_time_format (ends, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr(GError) error = NULL;

  spa_record_set_string (booking, "client_id", client_id);
  spa_record_set_string (booking, "therapist_id", therapist_id);
  spa_record_set_string (booking, "room_id", room_id);
  spa_record_set_string (booking, "service_id", spa_default_service_id (0));
  spa_record_set_string (booking, "starts_at", starts_at);
  spa_record_set_string (booking, "ends_at", ends_at);
  spa_record_set_string (booking, "status", "booked");
  g_assert_true (spa_server_storage_begin (spa_server_storage_get (store), &error));
  g_assert_true (spa_server_write_record (store, booking, "desk", &error));
  g_assert_no_error (error);
  g_assert_true (spa_server_storage_commit (spa_server_storage_get (store), &error));
  g_assert_no_error (error);
  return g_strconcat (spa_record_get_id (booking), "@spa-desk", NULL);
}

/* A server on 127.0.0.1 for @store, in time zone @zone (%NULL: the machine's). */
static SpaServer *
serve_in (SpaStore   *store,
          GTimeZone  *zone,
          char      **url)
{
  return spa_test_server_start (store, zone, url);
}

static SpaServer *
serve (SpaStore  *store,
       char     **url)
{
  return serve_in (store, NULL, url);
}

/* POST or DELETE /v1/calendar-feeds/ID; returns the reply, its status in *status. */
static JsonNode *
feeds_request (const char *url,
               const char *method,
               const char *therapist_id,
               const char *token,
               guint      *status)
{
  g_autofree char *full = g_strconcat (url, "/v1/calendar-feeds/", therapist_id, NULL);

  return spa_test_http (method, full, token, NULL, 0, status);
}

/*
 * Secret calendar feeds with two server processes on one database: a feed made
 * through one is served by the other, with the bookings every process wrote, and a
 * revocation through either ends it on both. Only the secret's hash is stored; the
 * therapist's own user may make her feed and no other's; bad bytes are a 404.
 */
static void
test_feeds_across_processes (void)
{
  g_autoptr(SpaStore) a = NULL;
  g_autoptr(SpaStore) b = NULL;
  g_autoptr(SpaServer) server_a = NULL;
  g_autoptr(SpaServer) server_b = NULL;
  g_autoptr(SpaRecord) claire = NULL;
  g_autoptr(SpaRecord) marcus = NULL;
  g_autoptr(SpaRecord) room = NULL;
  g_autoptr(SpaRecord) client = spa_record_new ("client");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) made = NULL;
  g_autoptr(JsonNode) revoked = NULL;
  g_autofree char *url_a = NULL;
  g_autofree char *url_b = NULL;
  g_autofree char *manager = NULL;
  g_autofree char *therapist = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *feed = NULL;
  g_autofree char *path = NULL;
  g_autofree char *secret = NULL;
  guint status = 0;

  if (!pg_ready ())
    return;
  a = open_process ();
  b = open_process ();
  server_a = serve (a, &url_a);
  server_b = serve (b, &url_b);

  g_assert_true (spa_server_storage_begin (spa_server_storage_get (a), &error));
  claire = write_named (a, "therapist", "Claire Dubois");
  marcus = write_named (a, "therapist", "Marcus Lee");
  room = write_named (a, "room", "Cedar room");
  spa_record_set_string (client, "first_name", "Ann");
  spa_record_set_string (client, "last_name", "Lee");
  g_assert_true (spa_server_write_record (a, client, "desk", &error));
  g_assert_true (spa_server_add_user (a, "maria", SPA_ROLE_MANAGER, &manager, &error));
  g_assert_true (spa_server_add_user (a, "claire", SPA_ROLE_THERAPIST, &therapist, &error));
  g_assert_true (spa_server_set_user_therapist (a, "claire", spa_record_get_id (claire),
                                                &error));
  g_assert_no_error (error);
  g_assert_true (spa_server_storage_commit (spa_server_storage_get (a), &error));
  first = write_booking (a, spa_record_get_id (client), spa_record_get_id (claire),
                         spa_record_get_id (room), 3);

  /* Made through B, whose copy has not yet seen A's records. */
  made = feeds_request (url_b, "POST", spa_record_get_id (claire), manager, &status);
  g_assert_cmpuint (status, ==, 201);
  path = g_strdup (json_object_get_string_member (json_node_get_object (made), "path"));
  g_assert_true (g_str_has_prefix (path, "/v1/feed/") && g_str_has_suffix (path, ".ics"));
  secret = g_strndup (path + strlen ("/v1/feed/"), strlen (path) - strlen ("/v1/feed/.ics"));
  g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_calendar_feed"
                                      " WHERE token_hash = $1", secret), ==, 0);
  g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_calendar_feed", NULL), ==, 1);

  /* Served by A, with a booking B writes afterwards. */
  second = write_booking (b, spa_record_get_id (client), spa_record_get_id (claire),
                          spa_record_get_id (room), 4);
  feed = get_text (url_a, path, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (feed, "BEGIN:VCALENDAR"));
  g_assert_nonnull (strstr (feed, first));
  g_assert_nonnull (strstr (feed, second));
  g_assert_nonnull (strstr (feed, "Ann"));
  g_clear_pointer (&feed, g_free);

  /* Claire's user makes her own feed, not Marcus's. */
  json_node_unref (feeds_request (url_a, "POST", spa_record_get_id (marcus), therapist,
                                  &status));
  g_assert_cmpuint (status, ==, 403);
  json_node_unref (feeds_request (url_a, "POST", spa_record_get_id (claire), therapist,
                                  &status));
  g_assert_cmpuint (status, ==, 201);
  json_node_unref (feeds_request (url_a, "POST", "no-such-therapist", manager, &status));
  g_assert_cmpuint (status, ==, 404);

  /* Bad bytes and a secret one character off: the answer for any unknown path. */
  {
    const char *paths[] = { "/v1/feed/%00%ff%fe.ics", "/v1/feed/.ics", "/v1/feed/x",
                            "/v1/feed/%2e%2e%2f%2e%2e.ics" };
    g_autofree char *altered = g_strdup (path);

    altered[strlen ("/v1/feed/")] = altered[strlen ("/v1/feed/")] == 'A' ? 'B' : 'A';
    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_free (get_text (url_b, paths[i], &status));
        g_assert_cmpuint (status, ==, 404);
      }
    g_free (get_text (url_b, altered, &status));
    g_assert_cmpuint (status, ==, 404);
  }

  /* Revoked through B: both feeds end, on A too. */
  revoked = feeds_request (url_b, "DELETE", spa_record_get_id (claire), manager, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (revoked), "revoked"), ==, 2);
  g_free (get_text (url_a, path, &status));
  g_assert_cmpuint (status, ==, 404);
}

/* `spa-desk-server --db PG COMMAND ARG...`, which must succeed; returns its output. */
static char *
command (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *arg;
  int wait_status;
  va_list args;

  g_assert_nonnull (g_getenv ("SPA_DESK_SERVER"));
  g_ptr_array_add (argv, (char *)g_getenv ("SPA_DESK_SERVER"));
  g_ptr_array_add (argv, (char *)"--db");
  g_ptr_array_add (argv, (char *)spa_test_pg_uri ());
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &wait_status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, NULL))
    g_error ("spa-desk-server %s failed: %s", first, err);
  return out;
}

/* The command line makes and revokes feeds on PostgreSQL too, under the public_url
 * setting kept there, and sets both kinds of setting. */
static void
test_feed_commands (void)
{
  g_autoptr(SpaStore) store = NULL;
  g_autoptr(SpaRecord) claire = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *settings = NULL;
  g_autofree char *revoked = NULL;

  if (!pg_ready ())
    return;
  store = open_process ();
  g_assert_true (spa_server_storage_begin (spa_server_storage_get (store), &error));
  claire = write_named (store, "therapist", "Claire Dubois");
  g_assert_true (spa_server_storage_commit (spa_server_storage_get (store), &error));

  g_free (command ("set", "public_url", "https://spa.example/", NULL));
  url = command ("calendar-url", spa_record_get_id (claire), NULL);
  g_assert_true (g_str_has_prefix (url, "https://spa.example/v1/feed/"));
  g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_calendar_feed"
                                      " WHERE therapist_id = $1 AND revoked_at IS NULL",
                                      spa_record_get_id (claire)), ==, 1);

  /* A booking rule goes into the synced record, through the change log; a later
   * process reads both kinds of setting back. */
  g_free (command ("set", "slot_minutes", "30", NULL));
  settings = command ("settings", NULL);
  g_assert_nonnull (strstr (settings, "\nslot_minutes=30\n"));
  g_assert_nonnull (strstr (settings, "\npublic_url=https://spa.example/\n"));
  g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_change"
                                      " WHERE entity = 'online_settings'", NULL), ==, 1);

  revoked = command ("calendar-revoke", spa_record_get_id (claire), NULL);
  g_assert_nonnull (strstr (revoked, "1 calendar feed revoked"));
  g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_calendar_feed"
                                      " WHERE revoked_at IS NULL", NULL), ==, 0);
}

/* ---- online booking ---- */

#define DAY_HOURS "[{\"start\": \"09:00\", \"end\": \"17:00\"}]"
#define WEEK_HOURS \
  "{\"mon\": " DAY_HOURS ", \"tue\": " DAY_HOURS ", \"wed\": " DAY_HOURS "," \
  " \"thu\": " DAY_HOURS ", \"fri\": " DAY_HOURS ", \"sat\": " DAY_HOURS "," \
  " \"sun\": " DAY_HOURS "}"

static void
post_start (SoupSession     *session,
            SpaTestExchange *post,
            const char      *url,
            const char      *body)
{
  g_autofree char *full = g_strconcat (url, "/v1/public/bookings", NULL);

  exchange_start (session, post, "POST", full, body);
}

/* The answer's JSON object; its status in *status. */
static JsonObject *
post_finish (SpaTestExchange *post,
             guint           *status)
{
  g_autofree char *text = exchange_finish (post, status);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static char *
booking_body (const char *starts_at,
              const char *therapist_id,
              const char *email,
              const char *key)
{
  return g_strdup_printf ("{\"service_id\": \"%s\", \"starts_at\": \"%s\","
                          " \"therapist_id\": \"%s\", \"client\": {\"first_name\": \"Ann\","
                          " \"last_name\": \"Lee\", \"email\": \"%s\","
                          " \"phone\": \"604-555-0101\"}, \"idempotency_key\": \"%s\"}",
                          spa_default_service_id (2), starts_at, therapist_id, email, key);
}

/* HH:00 three days from now in @zone, as UTC text. */
static char *
hour_in_three_days (GTimeZone *zone,
                    int        hour)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autoptr(GDateTime) local = g_date_time_new (zone, g_date_time_get_year (later),
                                                g_date_time_get_month (later),
                                                g_date_time_get_day_of_month (later), hour, 0,
                                                0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (local);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/*
 * The online booking on two server processes: the same slot asked of both at once is
 * one 201 and one 409 with the next free times, whichever wins (the slot is checked and
 * the booking written under the writers' lock, on what every process has committed);
 * one idempotency key sent to both books once and answers both with the same booking;
 * a third process's pull (a desk's) carries the online bookings. Three slots, each
 * raced once.
 */
static void
test_public_booking_race (void)
{
  g_autoptr(SpaStore) a = NULL;
  g_autoptr(SpaStore) b = NULL;
  g_autoptr(SpaStore) c = NULL;
  g_autoptr(SpaServer) server_a = NULL;
  g_autoptr(SpaServer) server_b = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(SpaRecord) claire = spa_record_new ("therapist");
  g_autoptr(SpaRecord) room = NULL;
  g_autoptr(GHashTable) pulled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) booked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) hours = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url_a = NULL;
  g_autofree char *url_b = NULL;
  SpaTestExchange one = { 0, };
  SpaTestExchange two = { 0, };

  if (!pg_ready ())
    return;
  a = open_process ();
  b = open_process ();
  server_a = serve_in (a, zone, &url_a);
  server_b = serve_in (b, zone, &url_b);

  hours = json_from_string (WEEK_HOURS, &error);
  g_assert_no_error (error);
  g_assert_true (spa_server_storage_begin (spa_server_storage_get (a), &error));
  spa_record_set_string (claire, "name", "Claire Dubois");
  spa_record_set_boolean (claire, "active", TRUE);
  spa_record_set_json (claire, "working_hours", hours);
  g_assert_true (spa_server_write_record (a, claire, "desk", &error));
  room = write_named (a, "room", "Cedar room");
  g_assert_true (spa_server_storage_commit (spa_server_storage_get (a), &error));
  g_assert_no_error (error);

  /* Two hours apart: a booking and its cleanup buffer leave the next slot free. */
  for (int hour = 9; hour < 15; hour += 2)
    {
      g_autofree char *starts_at = hour_in_three_days (zone, hour);
      g_autofree char *email_a = g_strdup_printf ("a%d@example.com", hour);
      g_autofree char *email_b = g_strdup_printf ("b%d@example.com", hour);
      g_autofree char *key_a = g_strdup_printf ("race-a-%d", hour);
      g_autofree char *key_b = g_strdup_printf ("race-b-%d", hour);
      g_autofree char *body_a = booking_body (starts_at, spa_record_get_id (claire), email_a,
                                              key_a);
      g_autofree char *body_b = booking_body (starts_at, spa_record_get_id (claire), email_b,
                                              key_b);
      g_autoptr(JsonObject) answer_a = NULL;
      g_autoptr(JsonObject) answer_b = NULL;
      JsonObject *won;
      JsonObject *lost;
      guint status_a = 0;
      guint status_b = 0;

      post_start (session, &one, url_a, body_a);
      post_start (session, &two, url_b, body_b);
      answer_a = post_finish (&one, &status_a);
      answer_b = post_finish (&two, &status_b);
      g_test_message ("%d:00: A %u, B %u", hour, status_a, status_b);
      g_assert_true ((status_a == 201 && status_b == 409) ||
                     (status_a == 409 && status_b == 201));
      won = status_a == 201 ? answer_a : answer_b;
      lost = status_a == 201 ? answer_b : answer_a;
      g_assert_cmpstr (json_object_get_string_member (won, "starts_at"), ==, starts_at);
      g_assert_cmpstr (json_object_get_string_member (lost, "error"), ==, "slot_taken");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (lost, "slots")), >,
                        0);
      g_ptr_array_add (booked, g_strdup (json_object_get_string_member (won, "booking_id")));
    }
  g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_record"
                                      " WHERE entity = 'booking' AND NOT deleted", NULL), ==, 3);

  /* One key to both processes at once: one booking, the same answer twice. */
  {
    g_autofree char *starts_at = hour_in_three_days (zone, 15);
    g_autofree char *body = booking_body (starts_at, spa_record_get_id (claire),
                                          "same@example.com", "race-same-key");
    g_autoptr(JsonObject) answer_a = NULL;
    g_autoptr(JsonObject) answer_b = NULL;
    guint status_a = 0;
    guint status_b = 0;

    post_start (session, &one, url_a, body);
    post_start (session, &two, url_b, body);
    answer_a = post_finish (&one, &status_a);
    answer_b = post_finish (&two, &status_b);
    g_assert_cmpuint (status_a, ==, 201);
    g_assert_cmpuint (status_b, ==, 201);
    g_assert_cmpstr (json_object_get_string_member (answer_a, "booking_id"), ==,
                     json_object_get_string_member (answer_b, "booking_id"));
    g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_public_request"
                                        " WHERE idempotency_key = $1", "race-same-key"), ==, 1);
    g_ptr_array_add (booked, g_strdup (json_object_get_string_member (answer_a, "booking_id")));
  }
  g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_record"
                                      " WHERE entity = 'booking' AND NOT deleted", NULL), ==, 4);

  /* Bad bytes are a clear HTTP error on PostgreSQL too, never a crash. */
  {
    static const struct
    {
      const char *path;
      guint       status;
    } gets[] = {
      { "/v1/public/availability?service_id=%ff%00&from=2026-13-45", 400 },
      { "/v1/public/bookings/%00%ff", 404 },
      { "/v1/public/intake/AAAA", 404 },
      { "/book/manage/%ff%fe%00", 404 },
      { "/book/intake/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 404 },
    };
    g_autoptr(JsonObject) answer = NULL;
    guint status = 0;

    post_start (session, &one, url_b, "{\"service_id\": \"\xff\xfe\", [");
    answer = post_finish (&one, &status);
    g_assert_cmpuint (status, ==, 400);
    for (guint i = 0; i < G_N_ELEMENTS (gets); i++)
      {
        g_free (get_text (url_a, gets[i].path, &status));
        g_test_message ("GET %s: %u", gets[i].path, status);
        g_assert_cmpuint (status, ==, gets[i].status);
      }
  }

  /* A desk's pull, from a third process, carries every online booking. */
  c = open_process ();
  pull (c, 0, pulled);
  for (guint i = 0; i < booked->len; i++)
    g_assert_true (g_hash_table_contains (pulled, booked->pdata[i]));
}

/* ---- the waitlist's offers ---- */

/* The secret of every queued message of @kind's link under @prefix, oldest first: the
 * messages read from PostgreSQL as a mail program would (the base64 parts decoded). */
static GPtrArray *
queued_links (const char *kind,
              const char *prefix)
{
  g_autofree char *sql = g_strdup_printf ("SELECT replace (message, E'\\r', '') FROM spa_mail"
                                          " WHERE kind = '%s' ORDER BY id", kind);
  const char *argv[] = { "psql", spa_test_pg_uri (), "-AtqX", "-c", sql, NULL };
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) part = g_string_new (NULL);
  int wait_status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  /* A base64 body is lines of 76 characters or fewer with no space, up to a boundary. */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean base64 = *lines[i] != '\0' && strlen (lines[i]) <= 76 &&
                        strspn (lines[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                          "0123456789+/=") == strlen (lines[i]);

      if (base64)
        g_string_append (part, lines[i]);
      if ((!base64 || lines[i + 1] == NULL) && part->len > 0)
        {
          gsize length = 0;
          g_autofree guchar *decoded = g_base64_decode (part->str, &length);
          g_autofree char *text = g_strndup ((const char *)decoded, length);
          const char *link = strstr (text, prefix);

          /* The text part; the HTML part has the same link again. */
          if (link != NULL && strstr (text, "<") == NULL)
            g_ptr_array_add (secrets, g_strndup (link + strlen (prefix), 43));
          g_string_truncate (part, 0);
        }
    }
  return g_steal_pointer (&secrets);
}

static SpaRecord *
write_waiting (SpaStore   *store,
               const char *name,
               const char *until)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) client = spa_record_new ("client");
  g_autofree char *email = g_strdup_printf ("%s@example.com", name);
  SpaRecord *entry = spa_record_new (SPA_WAITLIST_ENTITY);

  spa_record_set_string (client, "first_name", name);
  spa_record_set_string (client, "last_name", "Moss");
  spa_record_set_string (client, "email", email);
  g_assert_true (spa_server_write_record (store, client, "desk", &error));
  spa_record_set_string (entry, SPA_WAITLIST_CLIENT_ID, spa_record_get_id (client));
  spa_record_set_string (entry, "service_id", spa_default_service_id (2));
  spa_record_set_string (entry, "until", until);
  spa_record_set_string (entry, SPA_WAITLIST_STATUS, "waiting");
  g_assert_true (spa_server_write_record (store, entry, "desk", &error));
  g_assert_no_error (error);
  spa_record_clear_changed (entry);
  return entry;
}

/*
 * A time freed on a desk is offered by e-mail to two waiting clients, and both take it
 * at the same moment, each through another server process: one gets the time (200),
 * the other is told it is taken (409), whichever wins. The offers, the booking and the
 * messages are PostgreSQL's, so it is one booking, one offer booked and the other gone,
 * one "it has gone" message; and a link answered again says the same.
 */
static void
test_waitlist_offer_race (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 60);
  g_autofree char *until = g_date_time_format (later, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;

  if (spa_test_pg_uri () == NULL)
    {
      g_test_skip ("no PostgreSQL: run under build-aux/pg-run");
      return;
    }
  /* Three rounds, each on an emptied database. */
  for (int hour = 10; hour < 16; hour += 2)
    {
      g_autoptr(SpaStore) a = NULL;
      g_autoptr(SpaStore) b = NULL;
      g_autoptr(SpaServer) server_a = NULL;
      g_autoptr(SpaServer) server_b = NULL;
      g_autoptr(SpaRecord) claire = spa_record_new ("therapist");
      g_autoptr(SpaRecord) ann = spa_record_new ("client");
      g_autoptr(SpaRecord) freed = spa_record_new ("booking");
      g_autoptr(SpaRecord) bea = NULL;
      g_autoptr(SpaRecord) cy = NULL;
      g_autoptr(GPtrArray) links = NULL;
      g_autoptr(JsonNode) hours = json_from_string (WEEK_HOURS, &error);
      g_autofree char *starts_at = hour_in_three_days (zone, hour);
      g_autofree char *url_a = NULL;
      g_autofree char *url_b = NULL;
      g_autofree char *path_a = NULL;
      g_autofree char *path_b = NULL;
      g_autofree char *page_a = NULL;
      g_autofree char *page_b = NULL;
      g_autofree char *again = NULL;
      g_autoptr(GDateTime) starts = spa_time_parse_utc (starts_at);
      g_autoptr(GDateTime) ends = g_date_time_add_hours (starts, 1);
      g_autofree char *ends_at = spa_time_format_utc (ends);
      SpaTestExchange one = { 0, };
      SpaTestExchange two = { 0, };
      guint status_a = 0;
      guint status_b = 0;
      guint status = 0;

      spa_test_pg_reset ();
      a = open_process ();
      b = open_process ();
      /* Both processes send mail (--smtp): their writes queue it. */
      spa_server_mail_enable (a, "desk@cedar.example");
      spa_server_mail_enable (b, "desk@cedar.example");
      server_a = serve_in (a, zone, &url_a);
      server_b = serve_in (b, zone, &url_b);

      g_assert_true (spa_server_storage_begin (spa_server_storage_get (a), &error));
      spa_record_set_string (claire, "name", "Claire Dubois");
      spa_record_set_boolean (claire, "active", TRUE);
      spa_record_set_json (claire, "working_hours", hours);
      g_assert_true (spa_server_write_record (a, claire, "desk", &error));
      spa_record_set_string (ann, "first_name", "Ann");
      spa_record_set_string (ann, "last_name", "Lee");
      spa_record_set_string (ann, "email", "ann@example.com");
      g_assert_true (spa_server_write_record (a, ann, "desk", &error));
      spa_record_set_string (freed, "client_id", spa_record_get_id (ann));
      spa_record_set_string (freed, "therapist_id", spa_record_get_id (claire));
      spa_record_set_string (freed, "service_id", spa_default_service_id (2));
      spa_record_set_string (freed, "starts_at", starts_at);
      spa_record_set_string (freed, "ends_at", ends_at);
      spa_record_set_string (freed, "status", "booked");
      g_assert_true (spa_server_write_record (a, freed, "desk", &error));
      g_assert_no_error (error);
      spa_record_clear_changed (freed);
      bea = write_waiting (a, "bea", until);
      cy = write_waiting (a, "cy", until);
      g_assert_true (spa_server_storage_commit (spa_server_storage_get (a), &error));

      /* Cancelled on a desk, through process A: an offer to each. */
      g_assert_true (spa_server_storage_begin (spa_server_storage_get (a), &error));
      spa_record_set_string (freed, "status", "cancelled");
      g_assert_true (spa_server_write_record (a, freed, "desk", &error));
      g_assert_true (spa_server_storage_commit (spa_server_storage_get (a), &error));
      g_assert_no_error (error);
      links = queued_links ("waitlist_offer", "/book/waitlist/");
      g_assert_cmpuint (links->len, ==, 2);
      path_a = g_strconcat (url_a, "/book/waitlist/", links->pdata[0], NULL);
      path_b = g_strconcat (url_b, "/book/waitlist/", links->pdata[1], NULL);

      /* Process B, which did not make the offers, shows one; an unknown link is 404. */
      page_b = get_text (url_b, strstr (path_b, "/book/"), &status);
      g_assert_cmpuint (status, ==, 200);
      g_assert_nonnull (strstr (page_b, "id=\"offer\""));
      g_clear_pointer (&page_b, g_free);
      page_b = get_text (url_b, "/book/waitlist/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                         &status);
      g_assert_cmpuint (status, ==, 404);
      g_clear_pointer (&page_b, g_free);

      /* Both taken at once, each through another process. */
      exchange_start (session, &one, "POST", path_a, NULL);
      exchange_start (session, &two, "POST", path_b, NULL);
      page_a = exchange_finish (&one, &status_a);
      page_b = exchange_finish (&two, &status_b);
      g_test_message ("%d:00: A %u, B %u", hour, status_a, status_b);
      g_assert_true ((status_a == 200 && status_b == 409) ||
                     (status_a == 409 && status_b == 200));
      g_assert_nonnull (strstr (status_a == 200 ? page_a : page_b, "id=\"booked\""));
      g_assert_nonnull (strstr (status_a == 200 ? page_b : page_a, "id=\"taken\""));

      g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_record"
                                          " WHERE entity = 'booking' AND NOT deleted"
                                          " AND record->>'status' = 'booked'"
                                          " AND record->>'starts_at' = $1", starts_at), ==, 1);
      g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_waitlist_offer"
                                          " WHERE outcome = $1", "booked"), ==, 1);
      g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_waitlist_offer"
                                          " WHERE outcome = $1", "gone"), ==, 1);
      g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_waitlist_offer"
                                          " WHERE outcome IS NULL", NULL), ==, 0);
      g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_mail WHERE kind = $1",
                                          "waitlist_gone"), ==, 1);
      g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_record"
                                          " WHERE entity = 'waitlist_entry'"
                                          " AND record->>'status' = $1", "booked"), ==, 1);
      g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_record"
                                          " WHERE entity = 'waitlist_entry'"
                                          " AND record->>'status' = $1", "waiting"), ==, 1);

      /* The winner's link again, through the other process: booked, nothing new. */
      again = get_text (status_a == 200 ? url_b : url_a,
                        strstr (status_a == 200 ? path_a : path_b, "/book/"), &status);
      g_assert_cmpuint (status, ==, 200);
      g_assert_nonnull (strstr (again, "id=\"booked\""));
    }
}

/* ---- the mail queue ---- */

#define QUEUED 300

typedef struct
{
  SpaStore *store;
  char     *owner;
  GArray   *ids;
} Sender;

/* Claims until the queue has nothing due, as a process's sender does. */
static gpointer
claim_all (gpointer data)
{
  Sender *sender = data;
  SpaServerStorage *storage = spa_server_storage_get (sender->store);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *recipient = NULL;
      g_autofree char *message = NULL;
      gint64 id = 0;
      gint64 attempts = 0;

      g_assert_true (storage->klass->claim_mail (storage, sender->owner, "2030-01-01T00:00:00Z",
                                                 "2030-01-01T00:10:00Z", &id, &recipient,
                                                 &message, &attempts, &error));
      g_assert_no_error (error);
      if (id == 0)
        return NULL;
      g_assert_cmpint (attempts, ==, 1);
      g_array_append_val (sender->ids, id);
    }
}

static gpointer
claim_one (gpointer data)
{
  Sender *sender = data;
  SpaServerStorage *storage = spa_server_storage_get (sender->store);
  g_autoptr(GError) error = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *message = NULL;
  gint64 id = 0;
  gint64 attempts = 0;

  g_assert_true (storage->klass->claim_mail (storage, sender->owner, "2030-01-01T00:00:00Z",
                                             "2030-01-01T00:10:00Z", &id, &recipient, &message,
                                             &attempts, &error));
  g_assert_no_error (error);
  if (id != 0)
    g_array_append_val (sender->ids, id);
  return NULL;
}

/* A message queued through @store's process and claimed by it, for @owner until
 * @lease_until; returns its id. */
static gint64
queue_claimed (SpaStore   *store,
               const char *owner,
               const char *key,
               const char *lease_until)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(GError) error = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *message = NULL;
  gint64 id = 0;
  gint64 attempts = 0;

  g_assert_true (storage->klass->add_mail (storage, "reminder", key, NULL, NULL,
                                           "bea@example.com", "Subject: held\r\n\r\n",
                                           "2029-12-31T00:00:00Z", &error));
  g_assert_true (storage->klass->claim_mail (storage, owner, "2030-01-01T00:00:00Z", lease_until,
                                             &id, &recipient, &message, &attempts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, !=, 0);
  return id;
}

static const char *
mail_status (gint64 id)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  if (spa_test_pg_count ("SELECT count (*) FROM spa_mail WHERE id = $1::bigint"
                         " AND status = 'sending'", id_text) == 1)
    return "sending";
  if (spa_test_pg_count ("SELECT count (*) FROM spa_mail WHERE id = $1::bigint"
                         " AND status = 'interrupted'", id_text) == 1)
    return "interrupted";
  return "other";
}

/*
 * Two processes' senders claiming from one queue at once (threads in a tight loop, each
 * with its own connection): every message is claimed exactly once (SKIP LOCKED and the
 * claim's own check). Recovery leaves a live process's claim alone, and takes one whose
 * owner's connection is gone or whose lease has ended.
 */
static void
test_mail_claims (void)
{
  g_autoptr(SpaStore) a = NULL;
  g_autoptr(SpaStore) b = NULL;
  g_autoptr(SpaStore) c = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GError) error = NULL;
  Sender senders[2];
  GThread *threads[2];
  SpaServerStorage *storage;
  gint64 held;
  gint64 leased;

  if (!pg_ready ())
    return;
  a = open_process ();
  b = open_process ();
  c = open_process ();
  storage = spa_server_storage_get (c);
  for (guint i = 0; i < QUEUED; i++)
    {
      g_autofree char *key = g_strdup_printf ("reminder:%u", i);

      g_assert_true (storage->klass->add_mail (storage, "reminder", key, NULL, NULL,
                                               "ann@example.com", "Subject: hi\r\n\r\nhi\r\n",
                                               "2029-12-31T00:00:00Z", &error));
      /* The same key again is the same message. */
      g_assert_true (storage->klass->add_mail (storage, "reminder", key, NULL, NULL,
                                               "ann@example.com", "Subject: hi\r\n\r\nhi\r\n",
                                               "2029-12-31T00:00:00Z", &error));
      g_assert_no_error (error);
    }

  /* Another process's claim under way (its row locked, not yet committed): A's claim
   * passes over it to the next message at once, and never takes the same one after. */
  {
    PGconn *holder = PQconnectdb (spa_test_pg_uri ());
    PGresult *result;
    Sender sender = { a, (char *)"process-0", g_array_new (FALSE, FALSE, sizeof (gint64)) };
    GThread *thread;
    char *id_text;

    g_assert_cmpint (PQstatus (holder), ==, CONNECTION_OK);
    result = PQexec (holder, "BEGIN; UPDATE spa_mail SET status = 'sending', attempts = 1,"
                             " claimed_by = 'holder' WHERE dedupe_key = 'reminder:0'");
    g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
    PQclear (result);
    thread = g_thread_new ("sender", claim_one, &sender);
    g_usleep (G_USEC_PER_SEC / 2);
    result = PQexec (holder, "COMMIT");
    PQclear (result);
    g_thread_join (thread);
    PQfinish (holder);
    g_assert_cmpuint (sender.ids->len, ==, 1);
    id_text = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (sender.ids, gint64, 0));
    g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_mail WHERE id = $1::bigint"
                                        " AND dedupe_key = 'reminder:1'", id_text), ==, 1);
    g_free (id_text);
    g_array_unref (sender.ids);
  }

  for (guint i = 0; i < 2; i++)
    {
      senders[i].store = i == 0 ? a : b;
      senders[i].owner = g_strdup_printf ("process-%u", i);
      senders[i].ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("sender", claim_all, &senders[i]);
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);
  for (guint i = 0; i < 2; i++)
    {
      g_test_message ("%s claimed %u", senders[i].owner, senders[i].ids->len);
      for (guint j = 0; j < senders[i].ids->len; j++)
        {
          gint64 *id = &g_array_index (senders[i].ids, gint64, j);

          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, id);
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, QUEUED - 2);

  /* Finished by its owner only. */
  {
    gint64 id = g_array_index (senders[0].ids, gint64, 0);
    g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

    storage = spa_server_storage_get (b);
    g_assert_true (storage->klass->finish_mail (storage, id, "process-1", "sent",
                                                "2030-01-01T00:00:01Z", NULL, &error));
    g_assert_cmpstr (mail_status (id), ==, "sending");
    storage = spa_server_storage_get (a);
    g_assert_true (storage->klass->finish_mail (storage, id, "process-0", "sent",
                                                "2030-01-01T00:00:01Z", NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_mail WHERE id = $1::bigint"
                                        " AND status = 'sent' AND claimed_by IS NULL", id_text),
                     ==, 1);
  }

  /* A claim of A's until 00:20, one of B's until 00:10, and C's recovery: */
  held = queue_claimed (a, "process-0", "held", "2030-01-01T00:20:00Z");
  leased = queue_claimed (b, "process-1", "leased", "2030-01-01T00:10:00Z");
  storage = spa_server_storage_get (c);
  /* Both owners alive, leases running: nothing is recovered. */
  g_assert_true (storage->klass->recover_mail (storage, "2030-01-01T00:05:00Z", "stopped",
                                               &error));
  g_assert_cmpstr (mail_status (held), ==, "sending");
  g_assert_cmpstr (mail_status (leased), ==, "sending");
  /* B's lease has ended: its claim is recovered, though B lives; A's is not. */
  g_assert_true (storage->klass->recover_mail (storage, "2030-01-01T00:10:00Z", "stopped",
                                               &error));
  g_assert_cmpstr (mail_status (leased), ==, "interrupted");
  g_assert_cmpstr (mail_status (held), ==, "sending");
  g_assert_no_error (error);

  /* A process gone (its connection closed) before its lease ends. */
  g_clear_object (&a);
  /* Its backend ends a moment after the connection closes. */
  for (guint i = 0; i < 100 && g_strcmp0 (mail_status (held), "interrupted") != 0; i++)
    {
      g_usleep (G_USEC_PER_SEC / 20);
      g_assert_true (storage->klass->recover_mail (storage, "2030-01-01T00:10:00Z", "stopped",
                                                   &error));
    }
  g_assert_cmpstr (mail_status (held), ==, "interrupted");
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    {
      g_free (senders[i].owner);
      g_array_unref (senders[i].ids);
    }
}

/* The database connection breaks (PostgreSQL restarted, a failover): the request
 * that meets it gets a 503, never a 401 that would sign the desk out, nor a crash;
 * the next one connects again. */
static void
test_connection_lost (void)
{
  g_autoptr(SpaStore) store = NULL;
  g_autoptr(SpaServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *pull_url = NULL;
  guint status = 0;

  if (!pg_ready ())
    return;
  /* The server's log line about the broken connection is expected here. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  store = open_process ();
  g_assert_true (spa_server_add_user (store, "maria", SPA_ROLE_MANAGER, &token, &error));
  server = spa_server_new (store, NULL);
  spa_server_listen (server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  url = spa_server_get_url (server);
  pull_url = g_strconcat (url, "/v1/sync/pull?since=0", NULL);

  g_clear_pointer (&error, g_error_free);
  json_node_unref (spa_test_http ("GET", pull_url, token, NULL, 0, &status));
  g_assert_cmpuint (status, ==, 200);

  g_assert_cmpint (spa_test_pg_count ("SELECT count (pg_terminate_backend (pid))"
                                      " FROM pg_stat_activity"
                                      " WHERE application_name = 'spa-desk-server'", NULL),
                   ==, 1);

  {
    g_autoptr(JsonNode) reply = spa_test_http ("GET", pull_url, token, NULL, 0, &status);

    g_assert_cmpuint (status, ==, 503);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (reply), "error"), ==,
                     "server_error");
  }
  json_node_unref (spa_test_http ("GET", pull_url, token, NULL, 0, &status));
  g_assert_cmpuint (status, ==, 200);
}

/* A folder like a server process's working copy, owned by process @pid (0: no pid file). */
static char *
make_copy_folder (gint64 pid)
{
  g_autoptr(GError) error = NULL;
  char *folder = g_dir_make_tmp ("spa-desk-server-XXXXXX", &error);
  g_autofree char *db = g_build_filename (folder, "copy.db", NULL);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (db, "not really a database", -1, &error));
  if (pid > 0)
    {
      g_autofree char *pid_path = g_build_filename (folder, "pid", NULL);
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", pid);

      g_assert_true (g_file_set_contents (pid_path, text, -1, &error));
    }
  g_assert_no_error (error);
  return folder;
}

static void
remove_copy_folder (const char *folder)
{
  g_autofree char *db = g_build_filename (folder, "copy.db", NULL);
  g_autofree char *pid = g_build_filename (folder, "pid", NULL);

  g_unlink (db);
  g_unlink (pid);
  g_assert_cmpint (g_rmdir (folder), ==, 0);
}

/* A process killed with -9 leaves its working copy behind; the next one to start
 * removes it, and only it: not a live process's copy, nor one still being made. */
static void
test_stale_copies_removed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStore) store = NULL;
  g_autofree char *dead = NULL;
  g_autofree char *alive = NULL;
  g_autofree char *unnamed = NULL;
  const char *argv[] = { "true", NULL };
  GPid child;
  int status;

  /* The pid of a process that has exited and been reaped. */
  g_assert_true (g_spawn_async (NULL, (char **)argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &child, &error));
  g_assert_no_error (error);
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);

  dead = make_copy_folder (child);
  alive = make_copy_folder (getpid ());
  unnamed = make_copy_folder (0);
  store = open_process ();

  g_assert_false (g_file_test (dead, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (alive, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (unnamed, G_FILE_TEST_IS_DIR));
  remove_copy_folder (alive);
  remove_copy_folder (unnamed);
}

/* ---- the online booking's rate limit ---- */

/*
 * Two server processes share one rate window per client address: creates sent in
 * turn to each are accepted up to the rate_limit setting in all, not per process
 * (each process counting its own would accept twice the limit), and the rest are 429
 * with Retry-After. A window is a minute of the clock: a round that crossed a minute
 * is run again (three rounds at most).
 */
static void
test_rate_limit_shared (void)
{
  g_autoptr(SpaStore) a = NULL;
  g_autoptr(SpaStore) b = NULL;
  g_autoptr(SpaServer) server_a = NULL;
  g_autoptr(SpaServer) server_b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url_a = NULL;
  g_autofree char *url_b = NULL;
  guint accepted = 0;
  guint refused = 0;
  gboolean one_minute = FALSE;

  if (!pg_ready ())
    return;
  a = open_process ();
  b = open_process ();
  server_a = serve (a, &url_a);
  server_b = serve (b, &url_b);
  g_assert_true (spa_public_set_setting (a, "rate_limit", "4", &error));
  g_assert_no_error (error);

  for (guint round = 0; round < 3 && !one_minute; round++)
    {
      gint64 minute = g_get_real_time () / G_USEC_PER_SEC / 60;

      g_assert_null (spa_test_pg_exec ("DELETE FROM spa_rate_window"));
      accepted = refused = 0;
      for (guint i = 0; i < 10; i++)
        {
          g_autofree char *full = g_strconcat (i % 2 ? url_b : url_a, "/v1/public/bookings",
                                               NULL);
          g_autoptr(SoupSession) session = soup_session_new ();
          SpaTestExchange post;
          g_autofree char *text = NULL;
          const char *retry;
          guint status = 0;

          /* An empty booking: refused as a bad request once counted, so nothing books. */
          exchange_start (session, &post, "POST", full, "{}");
          retry = NULL;
          text = spa_test_exchange_finish (&post, &status);
          if (status == 429)
            {
              retry = soup_message_headers_get_one (soup_message_get_response_headers (post.msg),
                                                    "Retry-After");
              g_assert_nonnull (retry);
              g_assert_cmpint (atoi (retry), >=, 1);
              g_assert_cmpint (atoi (retry), <=, 60);
              g_assert_nonnull (strstr (text, "too_many_requests"));
              refused++;
            }
          else
            {
              g_assert_cmpuint (status, ==, 400);
              accepted++;
            }
          g_clear_object (&post.msg);
        }
      one_minute = g_get_real_time () / G_USEC_PER_SEC / 60 == minute;
      g_test_message ("round %u: %u accepted, %u refused%s", round, accepted, refused,
                      one_minute ? "" : " (across a minute)");
    }
  g_assert_true (one_minute);
  g_assert_cmpuint (accepted, ==, 4);
  g_assert_cmpuint (refused, ==, 6);
  /* One row: the address, in this minute, every attempt counted. */
  g_assert_cmpint (spa_test_pg_count ("SELECT count (*) FROM spa_rate_window", NULL), ==, 1);
  g_assert_cmpint (spa_test_pg_count ("SELECT count FROM spa_rate_window"
                                      " WHERE address = $1", "127.0.0.1"), ==, 10);
}

/*
 * PostgreSQL failing to count (here its table gone) neither refuses a create nor lets
 * them through unlimited: the process counts in its own memory and logs one warning.
 */
static void
test_rate_limit_fails_open (void)
{
  g_autoptr(SpaStore) a = NULL;
  g_autoptr(SpaServer) server_a = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url_a = NULL;
  g_autofree char *full = NULL;
  static const guint expected[] = { 400, 400, 429 };

  if (!pg_ready ())
    return;
  a = open_process ();
  server_a = serve (a, &url_a);
  full = g_strconcat (url_a, "/v1/public/bookings", NULL);
  g_assert_true (spa_public_set_setting (a, "rate_limit", "2", &error));
  g_assert_no_error (error);
  g_assert_null (spa_test_pg_exec ("DROP TABLE spa_rate_window"));

  g_test_expect_message ("spa-server-public", G_LOG_LEVEL_WARNING,
                         "could not count the rate limit in the database*");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(SoupSession) session = soup_session_new ();
      SpaTestExchange post;
      g_autofree char *text = NULL;
      guint status = 0;

      exchange_start (session, &post, "POST", full, "{}");
      text = exchange_finish (&post, &status);
      g_assert_cmpuint (status, ==, expected[i]);
    }
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-pg/pull-never-skips", test_pull_never_skips);
  g_test_add_func ("/server-pg/processes-share-records", test_processes_share_records);
  g_test_add_func ("/server-pg/feeds-across-processes", test_feeds_across_processes);
  g_test_add_func ("/server-pg/feed-commands", test_feed_commands);
  g_test_add_func ("/server-pg/public-booking-race", test_public_booking_race);
  g_test_add_func ("/server-pg/waitlist-offer-race", test_waitlist_offer_race);
  g_test_add_func ("/server-pg/rate-limit-shared", test_rate_limit_shared);
  g_test_add_func ("/server-pg/rate-limit-fails-open", test_rate_limit_fails_open);
  g_test_add_func ("/server-pg/mail-claims", test_mail_claims);
  g_test_add_func ("/server-pg/connection-lost", test_connection_lost);
  g_test_add_func ("/server-pg/stale-copies-removed", test_stale_copies_removed);
  return g_test_run ();
}
