/* test-sync-protocol.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-migrations.h"
#include "spa-server.h"
#include "spa-server-sync.h"
#include "spa-store-private.h"
#include "spa-sync-test-util.h"
#include "spa-test-pg.h"
#include "spa-test-util.h"
#include "spa-test-server.h"

/*
 * Every rule of the sync protocol (docs/sync-protocol.md), against the real server on
 * 127.0.0.1 over real HTTP, with headless devices running the real engine.
 */

typedef struct
{
  char      *dir;
  SpaStore  *store;
  SpaServer *server;
  char      *url;
  char      *manager;
  char      *therapist;
  char      *front_desk;
} Fixture;

static char *
add_user (Fixture    *f,
          const char *name,
          SpaRole     role)
{
  g_autoptr(GError) error = NULL;
  char *token = NULL;

  spa_server_add_user (f->store, name, role, &token, &error);
  g_assert_no_error (error);
  return token;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = spa_test_open_server_store (&f->dir);
  f->server = spa_test_server_start (f->store, NULL, &f->url);
  f->manager = add_user (f, "maria", SPA_ROLE_MANAGER);
  f->therapist = add_user (f, "theo", SPA_ROLE_THERAPIST);
  f->front_desk = add_user (f, "fran", SPA_ROLE_FRONT_DESK);
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
  g_free (f->front_desk);
}

static JsonNode *
request (Fixture    *f,
         const char *method,
         const char *path,
         const char *token,
         const char *body,
         guint      *status)
{
  g_autofree char *url = g_strconcat (f->url, path, NULL);

  return spa_test_http (method, url, token, body, 0, status);
}

static const char *
error_code (JsonNode *node)
{
  g_assert_nonnull (node);
  return json_object_get_string_member (json_node_get_object (node), "error");
}

static JsonObject *
result_at (JsonNode *response,
           guint     index)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (response), "results");

  return json_array_get_object_element (results, index);
}

static gint64
server_count (Fixture    *f,
              const char *sql,
              const char *param)
{
  return spa_test_count_rows (f->store, sql, param);
}

/* A therapist, a room and a client, made on @device and synced. */
static void
seed_spa (SpaTestDevice *device,
          char         **therapist_id,
          char         **room_id,
          char         **client_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) therapist = spa_record_new ("therapist");
  g_autoptr(SpaRecord) room = spa_record_new ("room");
  g_autoptr(SpaRecord) client = NULL;

  spa_record_set_string (therapist, "name", "Theo Marsh");
  spa_store_save (device->store, therapist, &error);
  g_assert_no_error (error);
  spa_record_set_string (room, "name", "Cedar");
  spa_store_save (device->store, room, &error);
  g_assert_no_error (error);
  client = spa_test_add_client (device->store, "Ann", "Lee", "ann@example.org", NULL);
  spa_test_device_sync_ok (device);

  *therapist_id = g_strdup (spa_record_get_id (therapist));
  *room_id = g_strdup (spa_record_get_id (room));
  *client_id = g_strdup (spa_record_get_id (client));
}

static SpaRecord *
get (SpaTestDevice *device,
     const char    *entity,
     const char    *id)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *record = spa_store_get (device->store, entity, id, &error);

  g_assert_no_error (error);
  return record;
}

static JsonNode *
push_one (Fixture    *f,
          const char *token,
          const char *device_id,
          gint64      mutation_id,
          const char *entity,
          const char *id,
          const char *fields)
{
  g_autofree char *body = NULL;
  JsonNode *node;
  guint status;

  body = g_strdup_printf ("{\"device_id\": \"%s\", \"mutations\": [{\"mutation_id\": %" G_GINT64_FORMAT ","
                          " \"entity\": \"%s\", \"id\": \"%s\", \"op\": \"upsert\", \"base_version\": 0,"
                          " \"fields\": %s}]}",
                          device_id, mutation_id, entity, id, fields);
  node = request (f, "POST", "/v1/sync/push", token, body, &status);
  g_assert_cmpuint (status, ==, 200);
  return node;
}

static void
assert_push_status (JsonNode   *node,
                    const char *status,
                    const char *code)
{
  JsonObject *result = result_at (node, 0);

  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, status);
  if (code != NULL)
    g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, code);
  json_node_unref (node);
}

static void
test_auth_and_errors (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) big = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  node = request (f, "GET", "/v1/health", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&node, json_node_unref);

  node = request (f, "GET", "/v1/sync/pull?since=0", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (error_code (node), ==, "unauthorized");
  g_clear_pointer (&node, json_node_unref);

  node = request (f, "GET", "/v1/sync/pull?since=0", "spa_wrong", NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&node, json_node_unref);

  node = request (f, "POST", "/v1/sync/push", f->manager, "{not json", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (error_code (node), ==, "bad_json");
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (node), "message"));
  g_clear_pointer (&node, json_node_unref);

  node = request (f, "POST", "/v1/sync/push", f->manager,
                  "{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 1, \"entity\": \"spaceship\","
                  " \"id\": \"x\", \"op\": \"upsert\", \"fields\": {}}]}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (error_code (node), ==, "bad_request");
  g_clear_pointer (&node, json_node_unref);

  node = request (f, "POST", "/v1/sync/push", f->manager,
                  "{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 1, \"entity\": \"client\","
                  " \"id\": \"x\", \"op\": \"upsert\", \"fields\": {\"first_name\": 42}}]}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&node, json_node_unref);

  node = request (f, "POST", "/v1/sync/push", f->manager, "[1, 2]", &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&node, json_node_unref);

  node = request (f, "GET", "/v1/sync/pull?since=abc", f->manager, NULL, &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&node, json_node_unref);

  /* Over 500 mutations. */
  big = g_string_new ("{\"device_id\": \"d\", \"mutations\": [");
  for (guint i = 1; i <= 501; i++)
    g_string_append_printf (big, "%s{\"mutation_id\": %u, \"entity\": \"room\", \"id\": \"r%u\","
                            " \"op\": \"upsert\", \"fields\": {\"name\": \"R\"}}", i > 1 ? "," : "", i, i);
  g_string_append (big, "]}");
  node = request (f, "POST", "/v1/sync/push", f->manager, big->str, &status);
  g_assert_cmpuint (status, ==, 413);
  g_clear_pointer (&node, json_node_unref);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM room", NULL), ==, 0);

  /* Over 10 MiB. */
  g_string_assign (big, "{\"device_id\": \"d\", \"mutations\": [], \"pad\": \"");
  while (big->len < SPA_SERVER_MAX_BODY + 10)
    g_string_append (big, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (big, "\"}");
  node = request (f, "POST", "/v1/sync/push", f->manager, big->str, &status);
  g_assert_cmpuint (status, ==, 413);
  g_clear_pointer (&node, json_node_unref);

  /* Still serving after all that. */
  node = request (f, "GET", "/v1/health", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&node, json_node_unref);

  /* A revoked token is refused. */
  spa_server_revoke_user (f->store, "fran", &error);
  g_assert_no_error (error);
  node = request (f, "GET", "/v1/sync/pull?since=0", f->front_desk, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
}

static void
test_idempotent_replay (Fixture       *f,
                        gconstpointer  data)
{
  const char *body =
    "{\"device_id\": \"dev-1\", \"mutations\": ["
    " {\"mutation_id\": 1, \"entity\": \"room\", \"id\": \"room-1\", \"op\": \"upsert\","
    "  \"base_version\": 0, \"fields\": {\"name\": \"Cedar\"}},"
    " {\"mutation_id\": 2, \"entity\": \"room\", \"id\": \"room-2\", \"op\": \"upsert\","
    "  \"base_version\": 0, \"fields\": {}}]}";
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  guint status;

  first = request (f, "POST", "/v1/sync/push", f->manager, body, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (first, 0), "status"), ==, "applied");
  /* A room without a name is refused, with the field named. */
  g_assert_cmpstr (json_object_get_string_member (result_at (first, 1), "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result_at (first, 1), "code"), ==, "invalid");
  g_assert_cmpstr (json_object_get_string_member (result_at (first, 1), "field"), ==, "name");

  second = request (f, "POST", "/v1/sync/push", f->manager, body, &status);
  g_assert_cmpuint (status, ==, 200);
  a = json_to_string (first, FALSE);
  b = json_to_string (second, FALSE);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM server_change WHERE record_id = ?", "room-1"), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM room", NULL), ==, 1);
}

static void
save_ok (SpaTestDevice *device,
         SpaRecord     *record)
{
  g_autoptr(GError) error = NULL;

  spa_store_save (device->store, record, &error);
  g_assert_no_error (error);
}

static void
test_field_merge_and_conflict (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) b = spa_test_device_new (f->url, f->therapist);
  g_autoptr(SpaRecord) client = NULL;
  g_autoptr(SpaRecord) on_a = NULL;
  g_autoptr(SpaRecord) on_b = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  SpaSyncConflict *conflict;
  const char *id;

  client = spa_test_add_client (a->store, "Ann", "Lee", NULL, NULL);
  id = spa_record_get_id (client);
  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);

  /* Edits to different fields merge. */
  on_a = get (a, "client", id);
  on_b = get (b, "client", id);
  spa_record_set_string (on_a, "phone", "604-555-0101");
  save_ok (a, on_a);
  spa_record_set_string (on_b, "email", "ann@example.org");
  save_ok (b, on_b);
  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);
  spa_test_device_sync_ok (a);
  g_clear_object (&on_a);
  g_clear_object (&on_b);
  on_a = get (a, "client", id);
  on_b = get (b, "client", id);
  for (guint i = 0; i < 2; i++)
    {
      SpaRecord *r = i == 0 ? on_a : on_b;

      g_assert_cmpstr (spa_record_get_string (r, "phone"), ==, "604-555-0101");
      g_assert_cmpstr (spa_record_get_string (r, "email"), ==, "ann@example.org");
    }
  g_assert_cmpint (spa_sync_local_count_conflicts (a->store), ==, 0);
  g_assert_cmpint (spa_sync_local_count_conflicts (b->store), ==, 0);

  /* The same field changed on both: the server copy wins, the loser is kept. A's
   * unrelated change in the same save still merges. */
  spa_record_set_string (on_a, "notes", "Prefers mornings");
  spa_record_set_string (on_a, "pronouns", "she/her");
  save_ok (a, on_a);
  spa_record_set_string (on_b, "notes", "Prefers evenings");
  save_ok (b, on_b);
  spa_test_device_sync_ok (b);
  spa_test_device_sync_ok (a);

  g_assert_cmpint (spa_sync_engine_get_conflicts (a->engine), ==, 1);
  g_clear_object (&on_a);
  on_a = get (a, "client", id);
  g_assert_cmpstr (spa_record_get_string (on_a, "notes"), ==, "Prefers evenings");
  g_assert_cmpstr (spa_record_get_string (on_a, "pronouns"), ==, "she/her");

  conflicts = spa_sync_local_list_conflicts (a->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = conflicts->pdata[0];
  g_assert_cmpstr (conflict->entity, ==, "client");
  g_assert_cmpstr (json_object_get_string_member (conflict->local_fields, "notes"), ==, "Prefers mornings");
  g_assert_false (json_object_has_member (conflict->local_fields, "pronouns"));
  g_assert_cmpstr (json_object_get_string_member (conflict->server_record, "notes"), ==, "Prefers evenings");

  /* Keep mine: sent again on the new base, and it wins everywhere. */
  spa_sync_local_resolve_conflict (a->store, conflict->conflict_id, TRUE, &error);
  g_assert_no_error (error);
  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);
  g_assert_cmpint (spa_sync_engine_get_conflicts (a->engine), ==, 0);
  g_clear_object (&on_b);
  on_b = get (b, "client", id);
  g_assert_cmpstr (spa_record_get_string (on_b, "notes"), ==, "Prefers mornings");
  g_assert_cmpstr (spa_record_get_string (on_b, "pronouns"), ==, "she/her");
  g_assert_cmpint (spa_store_outbox_pending (a->store), ==, 0);
}

static void
test_delete_meets_edit (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) b = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaRecord) client = NULL;
  g_autoptr(SpaRecord) on_b = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  client = spa_test_add_client (a->store, "Bo", "Chan", NULL, NULL);
  id = spa_record_get_id (client);
  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);

  spa_store_delete (a->store, "client", id, &error);
  g_assert_no_error (error);
  on_b = get (b, "client", id);
  spa_record_set_string (on_b, "notes", "Allergic to almond oil");
  save_ok (b, on_b);

  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);
  /* B's edit is not lost: it waits in B's conflict list. */
  g_assert_cmpint (spa_sync_local_count_conflicts (b->store), ==, 1);
  g_clear_object (&on_b);
  on_b = get (b, "client", id);
  g_assert_true (spa_record_get_deleted (on_b));
}

/* A desk that deletes a client before another desk's intake for them arrives is
 * refused by the server (the same rule as the desk's), and gets the client back;
 * archiving syncs as a field. */
static void
test_client_with_records_archived (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) b = spa_test_device_new (f->url, f->therapist);
  g_autoptr(SpaRecord) client = NULL;
  g_autoptr(SpaRecord) intake = spa_record_new ("intake");
  g_autoptr(SpaRecord) on_a = NULL;
  g_autoptr(SpaRecord) on_server = NULL;
  g_autoptr(GArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  const char *id;

  client = spa_test_add_client (a->store, "Bo", "Chan", NULL, NULL);
  id = spa_record_get_id (client);
  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);

  spa_record_set_string (intake, "client_id", id);
  spa_record_set_string (intake, "reason", "Lower back pain");
  save_ok (b, intake);
  spa_test_device_sync_ok (b);

  g_assert_true (spa_store_delete (a->store, "client", id, &error));
  g_assert_no_error (error);
  spa_test_device_sync_ok (a);
  message = spa_sync_local_get_rejection (a->store, "client", id, &code);
  g_assert_cmpstr (code, ==, "has_clinical_records");
  g_assert_nonnull (message);
  on_server = spa_store_get (f->store, "client", id, &error);
  g_assert_false (spa_record_get_deleted (on_server));
  g_clear_object (&on_server);
  on_a = get (a, "client", id);
  g_assert_false (spa_record_get_deleted (on_a));

  /* Archived on one desk, hidden on the other. */
  g_assert_true (spa_client_set_archived (a->store, on_a, TRUE, &error));
  g_assert_no_error (error);
  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);
  on_server = spa_store_get (f->store, "client", id, &error);
  g_assert_true (spa_client_is_archived (on_server));
  listed = spa_store_client_rowids (b->store, NULL, &error);
  g_assert_cmpuint (listed->len, ==, 0);
  g_clear_pointer (&listed, g_array_unref);
  listed = spa_store_list_client_rowids (b->store, "chan", TRUE, &error);
  g_assert_cmpuint (listed->len, ==, 1);
}

static SpaRecord *
new_booking (SpaTestDevice *device,
             const char    *client_id,
             const char    *therapist_id,
             const char    *room_id,
             const char    *starts_at,
             const char    *ends_at)
{
  SpaRecord *booking = spa_record_new ("booking");

  spa_record_set_string (booking, "client_id", client_id);
  spa_record_set_string (booking, "therapist_id", therapist_id);
  spa_record_set_string (booking, "room_id", room_id);
  spa_record_set_string (booking, "service_id", spa_default_service_id (0));
  spa_record_set_string (booking, "starts_at", starts_at);
  spa_record_set_string (booking, "ends_at", ends_at);
  spa_record_set_string (booking, "status", "booked");
  return booking;
}

static void
test_booking_overlap (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) b = spa_test_device_new (f->url, f->front_desk);
  g_autofree char *therapist = NULL;
  g_autofree char *room = NULL;
  g_autofree char *client = NULL;
  g_autoptr(SpaRecord) first = NULL;
  g_autoptr(SpaRecord) second = NULL;
  g_autoptr(SpaRecord) touching = NULL;
  g_autoptr(SpaRecord) kept = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;

  seed_spa (a, &therapist, &room, &client);
  spa_test_device_sync_ok (b);

  /* Both book 10:00 offline; Swedish 60 has a 15 min buffer. */
  first = new_booking (a, client, therapist, room, "2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z");
  save_ok (a, first);
  second = new_booking (b, client, therapist, NULL, "2026-12-01T11:10:00Z", "2026-12-01T12:10:00Z");
  save_ok (b, second);
  /* Starting exactly at end + buffer only touches. */
  touching = new_booking (a, client, therapist, room, "2026-12-01T12:30:00Z", "2026-12-01T13:30:00Z");

  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);

  message = spa_sync_local_get_rejection (b->store, "booking", spa_record_get_id (second), &code);
  g_assert_cmpstr (code, ==, "booking_overlap");
  g_assert_nonnull (strstr (message, spa_record_get_id (first)));
  /* Never deleted for the user. */
  kept = get (b, "booking", spa_record_get_id (second));
  g_assert_false (spa_record_get_deleted (kept));
  g_assert_cmpint (spa_sync_local_count_rejected (b->store), ==, 1);
  g_assert_false (spa_store_exists (f->store, "booking", spa_record_get_id (second)));

  /* Rescheduling it to a free slot clears the flag. */
  spa_record_set_string (kept, "starts_at", "2026-12-01T14:00:00Z");
  spa_record_set_string (kept, "ends_at", "2026-12-01T15:00:00Z");
  save_ok (b, kept);
  save_ok (a, touching);
  spa_test_device_sync_ok (b);
  spa_test_device_sync_ok (a);
  g_assert_cmpint (spa_sync_local_count_rejected (b->store), ==, 0);
  g_assert_cmpint (spa_sync_local_count_rejected (a->store), ==, 0);
  g_assert_true (spa_store_exists (f->store, "booking", spa_record_get_id (touching)));
  g_assert_true (spa_store_exists (f->store, "booking", spa_record_get_id (second)));
}

static void
test_signed_note_and_roles (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, f->therapist);
  g_autoptr(SpaTestDevice) b = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) desk = spa_test_device_new (f->url, f->front_desk);
  g_autoptr(SpaRecord) client = NULL;
  g_autoptr(SpaRecord) note = spa_record_new ("session_note");
  g_autoptr(SpaRecord) on_b = NULL;
  g_autoptr(SpaRecord) amendment = spa_record_new ("note_amendment");
  g_autoptr(SpaRecord) intake = spa_record_new ("intake");
  g_autoptr(SpaRecord) desk_intake = NULL;
  g_autoptr(SpaRecord) desk_note = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *push = NULL;
  guint status;

  client = spa_test_add_client (a->store, "Cy", "Dove", NULL, NULL);
  spa_record_set_string (note, "client_id", spa_record_get_id (client));
  spa_record_set_string (note, "session_date", "2026-11-20");
  spa_record_set_string (note, "subjective", "Tight shoulders");
  save_ok (a, note);
  spa_record_set_string (intake, "client_id", spa_record_get_id (client));
  spa_record_set_string (intake, "allergies", "Nut oils");
  spa_record_set_string (intake, "consent_name", "Cy Dove");
  save_ok (a, intake);
  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);

  spa_record_set_string (note, "signed_at", "2026-11-20T18:00:00Z");
  spa_record_set_string (note, "signed_by", "theo");
  save_ok (a, note);
  spa_test_device_sync_ok (a);

  /* B had not seen the signature: its edit is refused and B gets the signed copy. */
  on_b = get (b, "session_note", spa_record_get_id (note));
  spa_record_set_string (on_b, "subjective", "Changed afterwards");
  save_ok (b, on_b);
  spa_test_device_sync_ok (b);
  message = spa_sync_local_get_rejection (b->store, "session_note", spa_record_get_id (note), &code);
  g_assert_cmpstr (code, ==, "note_locked");
  g_clear_object (&on_b);
  on_b = get (b, "session_note", spa_record_get_id (note));
  g_assert_cmpstr (spa_record_get_string (on_b, "subjective"), ==, "Tight shoulders");
  g_assert_nonnull (spa_record_get_string (on_b, "signed_at"));

  /* Corrections are amendments, which never conflict. */
  spa_record_set_string (amendment, "note_id", spa_record_get_id (note));
  spa_record_set_string (amendment, "author", "maria");
  spa_record_set_string (amendment, "text", "Left shoulder, not right.");
  save_ok (b, amendment);
  spa_test_device_sync_ok (b);
  spa_test_device_sync_ok (a);
  g_assert_true (spa_store_exists (a->store, "note_amendment", spa_record_get_id (amendment)));

  /* The front desk sees no notes and no intake health answers, and may not write notes. */
  spa_test_device_sync_ok (desk);
  g_assert_true (spa_store_exists (desk->store, "client", spa_record_get_id (client)));
  g_assert_false (spa_store_exists (desk->store, "session_note", spa_record_get_id (note)));
  desk_intake = get (desk, "intake", spa_record_get_id (intake));
  g_assert_null (spa_record_get_string (desk_intake, "allergies"));
  g_assert_cmpstr (spa_record_get_string (desk_intake, "consent_name"), ==, "Cy Dove");

  push = g_strdup_printf ("{\"device_id\": \"desk-x\", \"mutations\": [{\"mutation_id\": 1,"
                          " \"entity\": \"session_note\", \"id\": \"%s\", \"op\": \"upsert\","
                          " \"base_version\": 0, \"fields\": {\"plan\": \"x\"}}]}",
                          spa_record_get_id (note));
  node = request (f, "POST", "/v1/sync/push", f->front_desk, push, &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpstr (error_code (node), ==, "forbidden");
  g_clear_pointer (&node, json_node_unref);

  /* The engine settles a forbidden mutation as rejected and goes on. */
  desk_note = spa_record_new ("session_note");
  spa_record_set_string (desk_note, "client_id", spa_record_get_id (client));
  spa_record_set_string (desk_note, "session_date", "2026-11-21");
  save_ok (desk, desk_note);
  spa_test_device_sync_ok (desk);
  g_assert_cmpint (spa_store_outbox_pending (desk->store), ==, 0);
  g_clear_pointer (&code, g_free);
  g_clear_pointer (&message, g_free);
  message = spa_sync_local_get_rejection (desk->store, "session_note", spa_record_get_id (desk_note), &code);
  g_assert_cmpstr (code, ==, "forbidden");

  /* Notes are never deleted, even by a manager. */
  g_clear_pointer (&push, g_free);
  push = g_strdup_printf ("{\"device_id\": \"mgr-x\", \"mutations\": [{\"mutation_id\": 1,"
                          " \"entity\": \"session_note\", \"id\": \"%s\", \"op\": \"delete\","
                          " \"base_version\": 99}]}", spa_record_get_id (note));
  node = request (f, "POST", "/v1/sync/push", f->manager, push, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (node, 0), "status"), ==, "rejected");
  g_clear_pointer (&node, json_node_unref);

  /* The therapist's calendar feed carries the first name and service only. */
  {
    g_autoptr(SpaTestDevice) m = spa_test_device_new (f->url, f->manager);
    g_autofree char *therapist = NULL;
    g_autofree char *room = NULL;
    g_autofree char *client_id = NULL;
    g_autoptr(SpaRecord) booking = NULL;
    g_autofree char *path = NULL;
    g_autofree char *url = NULL;

    seed_spa (m, &therapist, &room, &client_id);
    booking = new_booking (m, client_id, therapist, room, "2026-12-02T17:00:00Z", "2026-12-02T18:00:00Z");
    save_ok (m, booking);
    spa_test_device_sync_ok (m);
    path = g_strdup_printf ("/v1/calendar/%s.ics", therapist);
    url = g_strconcat (f->url, path, NULL);
    node = spa_test_http ("GET", url, f->therapist, NULL, 0, &status);
    g_assert_cmpuint (status, ==, 200);
    g_assert_null (node);   /* not JSON */
  }
}

static void
test_paging_and_resync (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) b = spa_test_device_new (f->url, f->manager);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) local = NULL;
  JsonObject *page;
  guint status;

  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *name = g_strdup_printf ("Client%u", i);
      g_autoptr(SpaRecord) c = spa_test_add_client (a->store, name, "Page", NULL, NULL);

      g_ptr_array_add (ids, g_strdup (spa_record_get_id (c)));
    }
  spa_sync_engine_set_batch_size (a->engine, 7, 7);
  spa_test_device_sync_ok (a);

  node = request (f, "GET", "/v1/sync/pull?since=0&limit=10", f->manager, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  page = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (page, "has_more"));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (page, "changes")), ==, 10);
  g_assert_cmpint (json_object_get_int_member (page, "cursor"), ==, 10);
  g_clear_pointer (&node, json_node_unref);
  node = request (f, "GET", "/v1/sync/pull?since=20&limit=10", f->manager, NULL, &status);
  page = json_node_get_object (node);
  g_assert_false (json_object_get_boolean_member (page, "has_more"));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (page, "changes")), ==, 5);
  g_clear_pointer (&node, json_node_unref);

  spa_sync_engine_set_batch_size (b->engine, 3, 4);
  spa_test_device_sync_ok (b);
  g_assert_cmpint (spa_store_count (b->store, "client"), ==, 25);
  g_assert_cmpint (spa_sync_local_get_cursor (b->store), ==, 25);

  /* A deletes a client, the server compacts its log: B's cursor is too old. B also has
   * a change waiting, which survives the full resync. */
  spa_store_delete (a->store, "client", ids->pdata[3], &error);
  g_assert_no_error (error);
  spa_test_device_sync_ok (a);
  spa_server_compact (f->store, &error);
  g_assert_no_error (error);

  local = get (b, "client", ids->pdata[5]);
  spa_record_set_string (local, "notes", "Kept through a resync");
  save_ok (b, local);

  node = request (f, "GET", "/v1/sync/pull?since=25", f->manager, NULL, &status);
  g_assert_cmpuint (status, ==, 410);
  g_clear_pointer (&node, json_node_unref);

  spa_test_device_sync_ok (b);
  g_clear_object (&local);
  local = get (b, "client", ids->pdata[3]);
  g_assert_true (spa_record_get_deleted (local));
  g_assert_cmpint (spa_store_count (b->store, "client"), ==, 24);
  spa_test_device_sync_ok (a);
  g_clear_object (&local);
  local = get (a, "client", ids->pdata[5]);
  g_assert_cmpstr (spa_record_get_string (local, "notes"), ==, "Kept through a resync");
}

/* Rows of the first-visit table (migration 31) that differ from the bookings. */
#define FIRST_VISITS_WRONG \
  "SELECT count (*) FROM (" \
  " SELECT client_id, first_visit FROM client_first_visit EXCEPT" \
  " SELECT client_id, min (starts_at) FROM booking" \
  "  WHERE deleted = 0 AND status IN ('completed', 'checked_in') GROUP BY client_id)"
#define FIRST_VISITS_MISSING \
  "SELECT count (*) FROM (" \
  " SELECT client_id, min (starts_at) FROM booking" \
  "  WHERE deleted = 0 AND status IN ('completed', 'checked_in') GROUP BY client_id" \
  " EXCEPT SELECT client_id, first_visit FROM client_first_visit)"

static void
assert_first_visit (SpaTestDevice *device,
                    const char    *client_id,
                    const char    *first_visit)
{
  g_autofree char *sql =
                 g_strdup_printf ("SELECT count (*) FROM client_first_visit WHERE client_id = ?"
                                  " AND first_visit = '%s'", first_visit);

  g_assert_cmpint (spa_test_count_rows (device->store, sql, client_id), ==, 1);
  g_assert_cmpint (spa_test_count_rows (device->store, FIRST_VISITS_WRONG, NULL), ==, 0);
  g_assert_cmpint (spa_test_count_rows (device->store, FIRST_VISITS_MISSING, NULL), ==, 0);
}

/* The reports' first visits follow what a pull writes: a small pull row by row, a
 * first sync of many pages through the load, and later edits of the first visit. */
static void
test_pulled_first_visits (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) b = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) c = NULL;
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *therapist = NULL;
  g_autofree char *room = NULL;
  g_autofree char *client = NULL;
  g_autoptr(SpaRecord) first = NULL;
  g_autoptr(GError) error = NULL;

  seed_spa (a, &therapist, &room, &client);
  spa_test_device_sync_ok (b);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *starts = g_strdup_printf ("2026-11-%02uT18:00:00Z", 1 + i);
      g_autofree char *ends = g_strdup_printf ("2026-11-%02uT19:00:00Z", 1 + i);
      SpaRecord *booking = new_booking (a, client, therapist, room, starts, ends);

      /* The first two did not happen; the third is the first visit. */
      spa_record_set_string (booking, "status",
                             i == 0 ? "no_show" : i == 1 ? "cancelled" : "completed");
      save_ok (a, booking);
      g_ptr_array_add (bookings, booking);
    }
  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);
  assert_first_visit (b, client, "2026-11-03T18:00:00Z");

  /* A first sync in pages of three goes through the load, which skips the triggers. */
  c = spa_test_device_new (f->url, f->manager);
  spa_sync_engine_set_batch_size (c->engine, 3, 3);
  spa_test_device_sync_ok (c);
  assert_first_visit (c, client, "2026-11-03T18:00:00Z");

  /* The first visit is deleted, then an earlier visit is recorded: the first visit
   * moves later, then earlier, on every desk. */
  spa_store_delete (a->store, "booking", spa_record_get_id (bookings->pdata[2]), &error);
  g_assert_no_error (error);
  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);
  spa_test_device_sync_ok (c);
  assert_first_visit (b, client, "2026-11-04T18:00:00Z");
  assert_first_visit (c, client, "2026-11-04T18:00:00Z");
  first = new_booking (a, client, therapist, room, "2026-10-30T18:00:00Z", "2026-10-30T19:00:00Z");
  spa_record_set_string (first, "status", "completed");
  save_ok (a, first);
  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);
  assert_first_visit (b, client, "2026-10-30T18:00:00Z");
}

static void
test_unauthorized_keeps_outbox (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, "spa_not_a_token");
  g_autoptr(SpaRecord) client = NULL;
  g_autoptr(GError) error = NULL;

  client = spa_test_add_client (a->store, "Di", "Eng", NULL, NULL);
  g_assert_false (spa_test_device_sync (a, &error));
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_AUTH);
  g_assert_cmpint (spa_sync_engine_get_state (a->engine), ==, SPA_SYNC_STATE_NEEDS_SIGN_IN);
  g_assert_cmpint (spa_store_outbox_pending (a->store), ==, 1);

  /* Signing in again sends it. */
  spa_sync_engine_set_server (a->engine, f->url, f->manager);
  spa_test_device_sync_ok (a);
  g_assert_cmpint (spa_store_outbox_pending (a->store), ==, 0);
  g_assert_true (spa_store_exists (f->store, "client", spa_record_get_id (client)));
  g_assert_cmpint (spa_sync_engine_get_state (a->engine), ==, SPA_SYNC_STATE_IDLE);
}

static void
test_server_down_keeps_outbox (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new ("http://127.0.0.1:9", f->manager);
  g_autoptr(SpaRecord) client = NULL;
  g_autoptr(GError) error = NULL;

  client = spa_test_add_client (a->store, "Ed", "Fox", NULL, NULL);
  g_assert_false (spa_test_device_sync (a, &error));
  g_assert_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_NETWORK);
  g_assert_cmpint (spa_sync_engine_get_state (a->engine), ==, SPA_SYNC_STATE_OFFLINE);
  g_assert_cmpint (spa_sync_engine_get_pending (a->engine), ==, 1);
  g_assert_true (spa_sync_local_is_unconfirmed (a->store, "client", spa_record_get_id (client)));

  spa_sync_engine_set_server (a->engine, f->url, f->manager);
  spa_test_device_sync_ok (a);
  g_assert_false (spa_sync_local_is_unconfirmed (a->store, "client", spa_record_get_id (client)));
}

typedef struct
{
  GThread *main_thread;
  guint    clients;
  guint    off_main;
} Heard;

static void
heard_cb (SpaStore   *store,
          const char *entity,
          const char *id,
          Heard      *heard)
{
  if (g_thread_self () != heard->main_thread)
    heard->off_main++;
  if (g_strcmp0 (entity, "client") == 0)
    heard->clients++;
}

/* More than a page waiting: the engine pulls the rest on its worker thread, several
 * pages to a transaction, and tells the store's listeners on the main thread. */
static void
test_long_pull (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) b = spa_test_device_new (f->url, f->manager);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(SpaRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  Heard heard = { g_thread_self (), 0, 0 };
  const char *note = "Line one\n\"two\" \\ tab\t – Zoë ✓";

  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *first = g_strdup_printf ("%s%u", i % 2 ? "Zoë" : "Amélie", i);
      g_autoptr(SpaRecord) c = spa_test_add_client (a->store, first, "Côté", NULL, "+1 604 555 0100");

      if (i == 7)
        {
          spa_record_set_string (c, "notes", note);
          save_ok (a, c);
        }
      g_ptr_array_add (ids, g_strdup (spa_record_get_id (c)));
    }
  spa_test_device_sync_ok (a);

  g_signal_connect (b->store, "changed", G_CALLBACK (heard_cb), &heard);
  spa_sync_engine_set_batch_size (b->engine, 100, 10);
  spa_test_device_sync_ok (b);
  g_assert_cmpint (spa_store_count (b->store, "client"), ==, 150);
  g_assert_cmpint (spa_sync_local_get_cursor (b->store), ==, server_count (f, "SELECT max (seq) FROM server_change", NULL));
  g_assert_cmpuint (heard.clients, >, 0);
  g_assert_cmpuint (heard.off_main, ==, 0);

  /* Escapes and accents arrive as typed; the search index and sort keys are made. */
  record = get (b, "client", ids->pdata[7]);
  g_assert_cmpstr (spa_record_get_string (record, "notes"), ==, note);
  g_assert_cmpstr (spa_record_get_string (record, "first_name"), ==, "Zoë7");
  g_assert_cmpint (spa_record_get_version (record), >=, 1);
  found = spa_store_search_clients (b->store, "zoe", 200, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 75);

  /* A later round of more than a page goes the same way. */
  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(SpaRecord) c = get (a, "client", ids->pdata[i * 5]);

      spa_record_set_string (c, "notes", "Seen again");
      save_ok (a, c);
    }
  spa_test_device_sync_ok (a);
  heard.clients = 0;
  spa_test_device_sync_ok (b);
  g_assert_cmpuint (heard.clients, >, 0);
  g_clear_object (&record);
  record = get (b, "client", ids->pdata[145]);
  g_assert_cmpstr (spa_record_get_string (record, "notes"), ==, "Seen again");
  g_assert_cmpint (spa_sync_local_get_cursor (b->store), ==, server_count (f, "SELECT max (seq) FROM server_change", NULL));
}

/* A record of a page may name one whose latest change comes later in the log (a
 * booking moved to a client made after it; after a compaction, a client edited after
 * its bookings): the server sends that one in the same page, so every page is whole
 * for the device's check of references, however small the pages. */
static void
test_pages_carry_references (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SpaTestDevice) before = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) after = spa_test_device_new (f->url, f->manager);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) moved = NULL;
  gint64 m = 1;

  assert_push_status (push_one (f, f->manager, "mgr", m++, "therapist", "t-1", "{\"name\": \"Theo Marsh\"}"),
                      "applied", NULL);
  assert_push_status (push_one (f, f->manager, "mgr", m++, "room", "r-1", "{\"name\": \"Cedar\"}"),
                      "applied", NULL);
  assert_push_status (push_one (f, f->manager, "mgr", m++, "client", "c-1",
                                "{\"first_name\": \"Ann\", \"last_name\": \"Lee\"}"), "applied", NULL);
  for (guint i = 1; i <= 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("b-%u", i);
      g_autofree char *fields =
        g_strdup_printf ("{\"client_id\": \"c-1\", \"therapist_id\": \"t-1\", \"room_id\": \"r-1\","
                         " \"service_id\": \"%s\", \"starts_at\": \"2026-12-%02uT10:00:00Z\","
                         " \"ends_at\": \"2026-12-%02uT11:00:00Z\", \"status\": \"booked\"}",
                         spa_default_service_id (0), i, i);

      assert_push_status (push_one (f, f->manager, "mgr", m++, "booking", id, fields), "applied", NULL);
    }
  assert_push_status (push_one (f, f->manager, "mgr", m++, "client", "c-2",
                                "{\"first_name\": \"Bo\", \"last_name\": \"Chan\"}"), "applied", NULL);
  assert_push_status (push_one (f, f->manager, "mgr", m++, "booking", "b-1", "{\"client_id\": \"c-2\"}"),
                      "applied", NULL);
  assert_push_status (push_one (f, f->manager, "mgr", m++, "client", "c-1", "{\"notes\": \"Prefers mornings\"}"),
                      "applied", NULL);

  spa_sync_engine_set_batch_size (before->engine, 100, 3);
  spa_test_device_sync_ok (before);
  g_assert_cmpint (spa_store_count (before->store, "booking"), ==, 6);
  g_assert_cmpint (spa_store_count (before->store, "client"), ==, 2);
  moved = get (before, "booking", "b-1");
  g_assert_cmpstr (spa_record_get_string (moved, "client_id"), ==, "c-2");

  spa_server_compact (f->store, &error);
  g_assert_no_error (error);
  spa_sync_engine_set_batch_size (after->engine, 100, 3);
  spa_test_device_sync_ok (after);
  g_assert_cmpint (spa_store_count (after->store, "booking"), ==, 6);
  g_assert_cmpint (spa_store_count (after->store, "client"), ==, 2);
  g_assert_cmpint (spa_test_count_rows (after->store, "SELECT count(*) FROM pragma_foreign_key_check", NULL), ==, 0);
  g_assert_cmpint (spa_sync_local_get_cursor (after->store), ==,
                   server_count (f, "SELECT max (seq) FROM server_change", NULL));
}

/* A record naming one the server does not have, in the middle of a pull on the worker:
 * the group it is in is rolled back with its cursor, nothing dangling is kept. */
static void
test_long_pull_dangling_reference (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) b = spa_test_device_new (f->url, f->manager);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *therapist = NULL;
  g_autofree char *room = NULL;
  g_autofree char *client = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;
  gint64 cursor;

  seed_spa (a, &therapist, &room, &client);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *starts = g_strdup_printf ("2026-12-%02uT10:00:00Z", 1 + i);
      g_autofree char *ends = g_strdup_printf ("2026-12-%02uT11:00:00Z", 1 + i);
      g_autoptr(SpaRecord) booking = new_booking (a, client, therapist, room, starts, ends);

      save_ok (a, booking);
      g_ptr_array_add (ids, g_strdup (spa_record_get_id (booking)));
    }
  spa_test_device_sync_ok (a);

  /* The server's own data now names a client it does not have. */
  sql = g_strdup_printf ("PRAGMA foreign_keys = OFF; UPDATE booking SET client_id = 'ghost' WHERE id = '%s';"
                         " PRAGMA foreign_keys = ON", (char *)ids->pdata[20]);
  g_assert_true (spa_store_exec (f->store, sql, NULL));

  spa_sync_engine_set_batch_size (b->engine, 100, 5);
  g_assert_false (spa_test_device_sync (b, &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "A change from the sync server could not be stored: "));
  cursor = spa_sync_local_get_cursor (b->store);
  g_assert_cmpint (cursor, <, server_count (f, "SELECT max (seq) FROM server_change", NULL));
  g_assert_false (spa_store_exists (b->store, "booking", ids->pdata[20]));
  g_assert_cmpint (spa_test_count_rows (b->store, "SELECT count(*) FROM pragma_foreign_key_check", NULL), ==, 0);
  text = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);
  g_assert_cmpint (spa_store_count (b->store, "booking"), ==,
                   server_count (f, "SELECT count(*) FROM server_change WHERE entity = 'booking'"
                                 " AND seq <= CAST (?1 AS INTEGER)", text));
}

/* A record the device cannot take, in the middle of a pull on the worker: the group it
 * is in is rolled back with its cursor, the indexes the load left out are built all the
 * same, and once the server sends it right the next sync brings everything. */
static void
test_long_pull_bad_record (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) b = spa_test_device_new (f->url, f->manager);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *therapist = NULL;
  g_autofree char *room = NULL;
  g_autofree char *client = NULL;
  g_autofree char *sql = NULL;
  const char *indexes = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'booking'"
                        " AND sql IS NOT NULL";
  gint64 cursor;

  seed_spa (a, &therapist, &room, &client);
  for (guint i = 0; i < 40; i++)
    {
      /* Mornings of 28 days in the room, then afternoons without it: no overlaps. */
      guint hour = i < 28 ? 10 : 14;
      g_autofree char *starts = g_strdup_printf ("2026-12-%02uT%02u:00:00Z", 1 + i % 28, hour);
      g_autofree char *ends = g_strdup_printf ("2026-12-%02uT%02u:00:00Z", 1 + i % 28, hour + 1);
      g_autoptr(SpaRecord) booking = new_booking (a, client, therapist, i < 28 ? room : NULL, starts, ends);

      save_ok (a, booking);
      g_ptr_array_add (ids, g_strdup (spa_record_get_id (booking)));
    }
  spa_test_device_sync_ok (a);

  /* The server now sends one booking's history as a number. */
  sql = g_strdup_printf ("UPDATE booking SET status_history = '42' WHERE id = '%s'", (char *)ids->pdata[30]);
  g_assert_true (spa_store_exec (f->store, sql, NULL));

  spa_sync_engine_set_batch_size (b->engine, 100, 5);
  g_assert_false (spa_test_device_sync (b, &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  /* What the header's sync status shows. */
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "A change from the sync server could not be stored: "));
  g_assert_null (strstr (error->message, "status_history"));
  g_clear_error (&error);
  cursor = spa_sync_local_get_cursor (b->store);
  g_assert_cmpint (cursor, <, server_count (f, "SELECT max (seq) FROM server_change", NULL));
  g_assert_false (spa_store_exists (b->store, "booking", ids->pdata[39]));
  /* What is there is whole: exactly the bookings the cursor covers. */
  {
    g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);

    g_assert_cmpint (spa_store_count (b->store, "booking"), ==,
                     server_count (f, "SELECT count(*) FROM server_change WHERE entity = 'booking'"
                                   " AND seq <= CAST (?1 AS INTEGER)", text));
  }
  g_assert_cmpint (spa_test_count_rows (b->store, indexes, NULL), ==,
                   spa_test_count_rows (f->store, indexes, NULL));

  g_free (sql);
  sql = g_strdup_printf ("UPDATE booking SET status_history = NULL WHERE id = '%s'", (char *)ids->pdata[30]);
  g_assert_true (spa_store_exec (f->store, sql, NULL));
  spa_test_device_sync_ok (b);
  g_assert_cmpint (spa_store_count (b->store, "booking"), ==, 40);
  g_assert_cmpint (spa_sync_local_get_cursor (b->store), ==, server_count (f, "SELECT max (seq) FROM server_change", NULL));
  g_assert_cmpint (spa_test_count_rows (b->store, indexes, NULL), ==,
                   spa_test_count_rows (f->store, indexes, NULL));
}

static gboolean
apply_text (SpaStore    *store,
            const char  *text,
            GError     **error)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));
  gboolean has_more = TRUE;

  return spa_sync_local_apply_pull (store, body, &has_more, error);
}

#define WIRE_CLIENT(id, version, first, extra) \
  "{\"entity\": \"client\", \"op\": \"upsert\", \"record\": {\"id\": \"" id "\", \"version\": " #version "," \
  " \"created_at\": \"2026-01-02T10:00:00Z\", \"updated_at\": \"2026-01-02T10:00:00Z\", \"deleted\": false," \
  " \"first_name\": \"" first "\"" extra "}}"

/* A pulled page as the device applies it: rebased over unsent changes, older copies
 * ignored, and all or nothing. */
static void
test_apply_page (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaRecord) mine = NULL;
  g_autoptr(SpaRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *page = NULL;
  g_autofree char *mine_id = NULL;

  /* An unsent local client, which the server meanwhile has at version 3. */
  mine = spa_test_add_client (a->store, "Local", "Name", NULL, "+1 604 555 0111");
  mine_id = g_strdup (spa_record_get_id (mine));
  page = g_strdup_printf ("{\"changes\": ["
                          WIRE_CLIENT ("%s", 3, "Server", ", \"phone\": \"+1 604 555 0222\", \"notes\": \"from the server\"") ", "
                          WIRE_CLIENT ("c-new", 2, "Nadia", ", \"marketing_consent\": 1, \"phone\": null")
                          "], \"cursor\": 2, \"has_more\": false}", mine_id);
  g_assert_true (apply_text (a->store, page, &error));
  g_assert_no_error (error);
  record = get (a, "client", mine_id);
  g_assert_cmpint (spa_record_get_version (record), ==, 3);
  g_assert_cmpstr (spa_record_get_string (record, "first_name"), ==, "Local");
  g_assert_cmpstr (spa_record_get_string (record, "phone"), ==, "+1 604 555 0111");
  g_assert_cmpstr (spa_record_get_string (record, "notes"), ==, "from the server");
  g_clear_object (&record);
  record = get (a, "client", "c-new");
  g_assert_cmpstr (spa_record_get_string (record, "first_name"), ==, "Nadia");
  g_assert_true (spa_record_get_boolean (record, "marketing_consent"));
  g_assert_cmpint (spa_sync_local_get_cursor (a->store), ==, 2);

  /* An older copy than the one here changes nothing; a newer one replaces it. */
  g_assert_true (apply_text (a->store, "{\"changes\": [" WIRE_CLIENT ("c-new", 1, "Old", "")
                             "], \"cursor\": 3, \"has_more\": false}", &error));
  g_assert_no_error (error);
  g_clear_object (&record);
  record = get (a, "client", "c-new");
  g_assert_cmpstr (spa_record_get_string (record, "first_name"), ==, "Nadia");
  g_assert_true (apply_text (a->store, "{\"changes\": [" WIRE_CLIENT ("c-new", 4, "Nadine", "")
                             "], \"cursor\": 4, \"has_more\": false}", &error));
  g_assert_no_error (error);
  g_clear_object (&record);
  record = get (a, "client", "c-new");
  g_assert_cmpstr (spa_record_get_string (record, "first_name"), ==, "Nadine");
  g_assert_cmpint (spa_record_get_version (record), ==, 4);

  /* A bad record leaves the whole page out, the cursor where it was. */
  g_assert_false (apply_text (a->store, "{\"changes\": [" WIRE_CLIENT ("c-other", 1, "Otto", "") ", "
                              WIRE_CLIENT ("c-bad", 1, "Bad", ", \"shoe_size\": 42")
                              "], \"cursor\": 9, \"has_more\": false}", &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (apply_text (a->store, "{\"changes\": [" WIRE_CLIENT ("c-bad", 1, "Bad", ", \"marketing_consent\": \"yes\"")
                              "], \"cursor\": 9, \"has_more\": false}", &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (apply_text (a->store, "{\"changes\": [{\"entity\": \"spaceship\", \"record\": {\"id\": \"x\"}}],"
                              " \"cursor\": 9, \"has_more\": false}", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (apply_text (a->store, "{\"changes\": [" WIRE_CLIENT ("c-bad", 1, "Bad", "") "], \"cursor\": 9}", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_false (spa_store_exists (a->store, "client", "c-other"));
  g_assert_false (spa_store_exists (a->store, "client", "c-bad"));
  g_assert_cmpint (spa_sync_local_get_cursor (a->store), ==, 4);
}

/* The reply as text, for what it must or must not carry. */
static char *
reply_text (JsonNode *node)
{
  char *text = json_to_string (node, FALSE);

  json_node_unref (node);
  return text;
}

/* A device id is only a name a device gives itself: another account sending it reads
 * none of that device's stored results and cannot block it. */
static void
test_device_bound_to_account (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  /* The therapist's desk "dev-t": a client, a note, its signature, then an edit the
   * server refuses with the signed copy (the note's text) in the stored result. */
  assert_push_status (push_one (f, f->manager, "mgr", 1, "therapist", "t-theo", "{\"name\": \"Theo Marsh\"}"),
                      "applied", NULL);
  g_assert_true (spa_server_set_user_therapist (f->store, "theo", "t-theo", &error));
  g_assert_no_error (error);
  assert_push_status (push_one (f, f->therapist, "dev-t", 1, "client", "c-1",
                                "{\"first_name\": \"Cy\", \"last_name\": \"Dove\"}"), "applied", NULL);
  assert_push_status (push_one (f, f->therapist, "dev-t", 2, "session_note", "n-1",
                                "{\"client_id\": \"c-1\", \"therapist_id\": \"t-theo\", \"session_date\": \"2026-11-20\","
                                " \"subjective\": \"Tight shoulders after the fall\"}"), "applied", NULL);
  assert_push_status (push_one (f, f->therapist, "dev-t", 3, "session_note", "n-1",
                                "{\"signed_at\": \"2026-11-20T18:00:00Z\"}"), "applied", NULL);
  text = reply_text (push_one (f, f->therapist, "dev-t", 4, "session_note", "n-1", "{\"plan\": \"changed\"}"));
  g_assert_nonnull (strstr (text, "\"note_locked\""));
  g_assert_nonnull (strstr (text, "Tight shoulders"));
  g_clear_pointer (&text, g_free);

  /* The front desk sends the same device id and mutation id: its own change is
   * applied, and nothing of the therapist's results comes back. */
  text = reply_text (push_one (f, f->front_desk, "dev-t", 4, "client", "c-2",
                               "{\"first_name\": \"Di\", \"last_name\": \"Eng\"}"));
  g_test_message ("%s", text);
  g_assert_null (strstr (text, "Tight shoulders"));
  g_assert_nonnull (strstr (text, "\"applied\""));
  g_assert_true (spa_store_exists (f->store, "client", "c-2"));
  g_clear_pointer (&text, g_free);

  /* A leap of mutation ids on that device id changes nothing for the therapist. */
  assert_push_status (push_one (f, f->front_desk, "dev-t", G_GINT64_CONSTANT (9000000000000000), "client", "c-3",
                                "{\"first_name\": \"Ed\", \"last_name\": \"Fox\"}"), "rejected", "invalid");
  g_assert_false (spa_store_exists (f->store, "client", "c-3"));
  assert_push_status (push_one (f, f->therapist, "dev-t", 5, "client", "c-1", "{\"phone\": \"604-555-0101\"}"),
                      "applied", NULL);

  /* The therapist's own replay still gets its result, with the note's copy... */
  text = reply_text (push_one (f, f->therapist, "dev-t", 4, "session_note", "n-1", "{\"plan\": \"changed\"}"));
  g_assert_nonnull (strstr (text, "Tight shoulders"));
  g_clear_pointer (&text, g_free);
  /* ... but not as the answer to another record's mutation. */
  text = reply_text (push_one (f, f->therapist, "dev-t", 4, "session_note", "n-other", "{\"plan\": \"changed\"}"));
  g_assert_null (strstr (text, "Tight shoulders"));
  g_clear_pointer (&text, g_free);

  /* Mutation ids past 2^53 - 1 are refused. */
  node = request (f, "POST", "/v1/sync/push", f->front_desk,
                  "{\"device_id\": \"dev-f\", \"mutations\": [{\"mutation_id\": 9007199254740992,"
                  " \"entity\": \"client\", \"id\": \"c-4\", \"op\": \"upsert\", \"base_version\": 0,"
                  " \"fields\": {\"first_name\": \"Flo\"}}]}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_false (spa_store_exists (f->store, "client", "c-4"));
}

/* A signature names whoever the token belongs to: another therapist cannot sign a
 * colleague's open note, nor anyone sign or write an amendment under another name. */
static void
test_forged_signer (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tina = add_user (f, "tina", SPA_ROLE_THERAPIST);
  g_autoptr(SpaRecord) note = NULL;
  g_autoptr(SpaRecord) amendment = NULL;

  assert_push_status (push_one (f, f->manager, "mgr", 1, "therapist", "t-theo", "{\"name\": \"Theo Marsh\"}"), "applied", NULL);
  assert_push_status (push_one (f, f->manager, "mgr", 2, "therapist", "t-tina", "{\"name\": \"Tina Ther\"}"), "applied", NULL);
  assert_push_status (push_one (f, f->manager, "mgr", 3, "client", "c-1", "{\"first_name\": \"Zoé\"}"), "applied", NULL);
  g_assert_true (spa_server_set_user_therapist (f->store, "theo", "t-theo", &error));
  g_assert_true (spa_server_set_user_therapist (f->store, "tina", "t-tina", &error));
  g_assert_no_error (error);
  g_assert_false (spa_server_set_user_therapist (f->store, "tina", "t-nobody", &error));
  g_clear_error (&error);
  g_assert_false (spa_server_set_user_therapist (f->store, "nobody", "t-tina", &error));
  g_clear_error (&error);

  /* Theo's open note. */
  assert_push_status (push_one (f, f->therapist, "theo-desk", 1, "session_note", "n-1",
                                "{\"client_id\": \"c-1\", \"therapist_id\": \"t-theo\","
                                " \"session_date\": \"2026-11-20\", \"subjective\": \"Sore neck\"}"),
                      "applied", NULL);

  /* Tina signs it as "Tina Ther", as herself, or as Theo: refused each time. */
  assert_push_status (push_one (f, tina, "tina-desk", 1, "session_note", "n-1",
                                "{\"signed_at\": \"2026-11-20T18:00:00Z\", \"signed_by\": \"Tina Ther\"}"),
                      "rejected", "forbidden_signer");
  assert_push_status (push_one (f, tina, "tina-desk", 2, "session_note", "n-1",
                                "{\"signed_at\": \"2026-11-20T18:00:00Z\", \"signed_by\": \"tina\"}"),
                      "rejected", "forbidden_signer");
  assert_push_status (push_one (f, tina, "tina-desk", 3, "session_note", "n-1",
                                "{\"signed_at\": \"2026-11-20T18:00:00Z\", \"signed_by\": \"theo\"}"),
                      "rejected", "forbidden_signer");
  note = spa_store_get (f->store, "session_note", "n-1", &error);
  g_assert_no_error (error);
  g_assert_null (spa_record_get_string (note, "signed_at"));
  g_clear_object (&note);

  /* Theo signs it without naming himself: the server names him. */
  assert_push_status (push_one (f, f->therapist, "theo-desk", 2, "session_note", "n-1",
                                "{\"signed_at\": \"2026-11-20T18:00:00Z\"}"),
                      "applied", NULL);
  note = spa_store_get (f->store, "session_note", "n-1", &error);
  g_assert_cmpstr (spa_record_get_string (note, "signed_by"), ==, "theo");
  g_clear_object (&note);

  /* A note written with another's name in signed_by, even unsigned, is refused. */
  assert_push_status (push_one (f, tina, "tina-desk", 4, "session_note", "n-2",
                                "{\"client_id\": \"c-1\", \"therapist_id\": \"t-tina\","
                                " \"session_date\": \"2026-11-21\", \"signed_by\": \"theo\"}"),
                      "rejected", "forbidden_signer");
  /* Her own note, signed with her own name: fine. */
  assert_push_status (push_one (f, tina, "tina-desk", 5, "session_note", "n-3",
                                "{\"client_id\": \"c-1\", \"therapist_id\": \"t-tina\","
                                " \"session_date\": \"2026-11-21\", \"signed_at\": \"2026-11-21T18:00:00Z\","
                                " \"signed_by\": \"tina\"}"),
                      "applied", NULL);

  /* Amendments carry their author's name, whatever the desk sends. */
  assert_push_status (push_one (f, tina, "tina-desk", 6, "note_amendment", "a-1",
                                "{\"note_id\": \"n-1\", \"author\": \"Theo Marsh\", \"text\": \"Left side\"}"),
                      "rejected", "forbidden_signer");
  g_assert_false (spa_store_exists (f->store, "note_amendment", "a-1"));
  assert_push_status (push_one (f, tina, "tina-desk", 7, "note_amendment", "a-2",
                                "{\"note_id\": \"n-1\", \"text\": \"Left side\"}"),
                      "applied", NULL);
  amendment = spa_store_get (f->store, "note_amendment", "a-2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_string (amendment, "author"), ==, "tina");
}
/* The money's server rules, with the error shapes of booking_overlap: an issued invoice,
 * its lines and payments are invoice_locked; a gift card never goes below zero
 * (balance_exceeded); an invoice number is taken once (duplicate_number); only a
 * manager refunds. */
static void
test_money_rules (Fixture       *f,
                  gconstpointer  data)
{
  const char *draft = "{\"kind\": \"sale\", \"status\": \"draft\", \"subtotal_cents\": 3000,"
                      " \"total_cents\": 3000}";
  guint status;
  g_autoptr(JsonNode) node = NULL;

  assert_push_status (push_one (f, f->manager, "m", 1, "gift_card", "g-1",
                                "{\"code\": \"ABCD-EFGH-JKMN\", \"initial_cents\": 5000}"),
                      "applied", NULL);
  assert_push_status (push_one (f, f->manager, "m", 2, "invoice", "i-1", draft), "applied", NULL);
  assert_push_status (push_one (f, f->manager, "m", 3, "invoice_line", "l-1",
                                "{\"invoice_id\": \"i-1\", \"kind\": \"service\","
                                " \"description\": \"Swedish massage\", \"quantity\": 1,"
                                " \"unit_price_cents\": 3000, \"total_cents\": 3000}"),
                      "applied", NULL);
  assert_push_status (push_one (f, f->manager, "m", 4, "payment", "p-1",
                                "{\"invoice_id\": \"i-1\", \"method\": \"gift_card\","
                                " \"gift_card_id\": \"g-1\", \"amount_cents\": 3000,"
                                " \"received_at\": \"2026-12-01T18:00:00Z\"}"),
                      "applied", NULL);
  assert_push_status (push_one (f, f->manager, "m", 5, "invoice", "i-1",
                                "{\"status\": \"issued\", \"number\": \"AAAAA-000001\","
                                " \"issued_at\": \"2026-12-01T18:00:00Z\"}"),
                      "applied", NULL);

  /* The card has $20 left: a $30 payment from another desk is refused. */
  assert_push_status (push_one (f, f->front_desk, "d", 1, "invoice", "i-2", draft),
                      "applied", NULL);
  assert_push_status (push_one (f, f->front_desk, "d", 2, "payment", "p-2",
                                "{\"invoice_id\": \"i-2\", \"method\": \"gift_card\","
                                " \"gift_card_id\": \"g-1\", \"amount_cents\": 3000,"
                                " \"received_at\": \"2026-12-01T18:05:00Z\"}"),
                      "rejected", "balance_exceeded");
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM payment WHERE gift_card_id = ?", "g-1"),
                   ==, 1);
  g_assert_cmpint (spa_store_money_gift_card_balance (f->store, "g-1"), ==, 2000);

  /* The same number twice. */
  assert_push_status (push_one (f, f->front_desk, "d", 3, "invoice", "i-2",
                                "{\"status\": \"issued\", \"number\": \"AAAAA-000001\","
                                " \"issued_at\": \"2026-12-01T18:05:00Z\"}"),
                      "rejected", "duplicate_number");

  /* An issued invoice, its lines and its payments are locked; nothing is deleted. */
  assert_push_status (push_one (f, f->manager, "m", 6, "invoice", "i-1",
                                "{\"subtotal_cents\": 1000, \"total_cents\": 1000}"),
                      "rejected", "invoice_locked");
  assert_push_status (push_one (f, f->manager, "m", 7, "invoice_line", "l-1",
                                "{\"description\": \"Something else\"}"),
                      "rejected", "invoice_locked");
  assert_push_status (push_one (f, f->manager, "m", 8, "invoice_line", "l-2",
                                "{\"invoice_id\": \"i-1\", \"kind\": \"product\","
                                " \"description\": \"Oil\", \"quantity\": 1,"
                                " \"unit_price_cents\": 0, \"total_cents\": 0}"),
                      "rejected", "invoice_locked");
  assert_push_status (push_one (f, f->manager, "m", 9, "payment", "p-1", "{\"method\": \"cash\"}"),
                      "rejected", "invoice_locked");
  node = request (f, "POST", "/v1/sync/push", f->manager,
                  "{\"device_id\": \"m\", \"mutations\": [{\"mutation_id\": 10,"
                  " \"entity\": \"invoice\","
                  " \"id\": \"i-1\", \"op\": \"delete\", \"base_version\": 0}]}",
                  &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (node, 0), "code"), ==,
                   "invoice_locked");
  g_clear_pointer (&node, json_node_unref);
  g_assert_cmpint (server_count (f, "SELECT total_cents FROM invoice WHERE id = ?", "i-1"),
                   ==, 3000);

  /* The front desk sells but does not refund, nor set prices. */
  node = request (f, "POST", "/v1/sync/push", f->front_desk,
                  "{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 4,"
                  " \"entity\": \"invoice\","
                  " \"id\": \"r-1\", \"op\": \"upsert\", \"base_version\": 0, \"fields\":"
                  " {\"kind\": \"refund\", \"refund_of\": \"i-1\", \"status\": \"draft\"}}]}",
                  &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpstr (error_code (node), ==, "forbidden");
  g_clear_pointer (&node, json_node_unref);
  node = request (f, "POST", "/v1/sync/push", f->front_desk,
                  "{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 4,"
                  " \"entity\": \"product\","
                  " \"id\": \"o-1\", \"op\": \"upsert\", \"base_version\": 0, \"fields\":"
                  " {\"name\": \"Oil\", \"price_cents\": 1}}]}",
                  &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&node, json_node_unref);
  assert_push_status (push_one (f, f->manager, "m", 11, "invoice", "r-1",
                                "{\"kind\": \"refund\", \"refund_of\": \"i-1\","
                                " \"status\": \"draft\"}"),
                      "applied", NULL);
}

/* Two desks offline at once: their invoice numbers stay unique, and a gift card spent
 * on both beyond its balance is caught by the server and flagged on the desk that
 * lost, which keeps its records. */
static void
test_money_offline_desks (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) b = spa_test_device_new (f->url, f->front_desk);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) sold = NULL;
  g_autoptr(SpaRecord) spent_a = NULL;
  g_autoptr(SpaRecord) spent_b = NULL;
  g_autoptr(SpaRecord) card = NULL;
  g_autoptr(GPtrArray) payments_b = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autofree char *card_code = NULL;

  {
    g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (a->store);

    g_assert_true (spa_checkout_draft_add_gift_card (draft, 5000, NULL, &error));
    g_assert_true (spa_checkout_draft_add_payment (draft, "card", 5000, &error));
    sold = spa_checkout_draft_save (draft, "maria", &error);
    g_assert_no_error (error);
  }
  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);
  {
    g_autoptr(GPtrArray) cards = spa_store_query (b->store, "gift_card", NULL, NULL, &error);

    g_assert_cmpuint (cards->len, ==, 1);
    card = spa_store_money_find_gift_card (b->store,
                                           spa_record_get_string (cards->pdata[0], "code"));
  }
  g_assert_nonnull (card);
  card_code = g_strdup (spa_record_get_string (card, "code"));

  /* Offline, each desk takes $40 and $30 from the $50 card. */
  {
    g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (a->store);

    g_assert_true (spa_checkout_draft_add_gift_card (draft, 4000, NULL, &error));
    g_assert_true (spa_checkout_draft_add_gift_card_payment (draft, card_code, 4000, &error));
    spent_a = spa_checkout_draft_save (draft, "maria", &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (b->store);

    g_assert_true (spa_checkout_draft_add_gift_card (draft, 3000, NULL, &error));
    g_assert_true (spa_checkout_draft_add_gift_card_payment (draft, card_code, 3000, &error));
    spent_b = spa_checkout_draft_save (draft, "fran", &error);
    g_assert_no_error (error);
  }
  g_assert_cmpstr (spa_record_get_string (spent_a, "number"), !=,
                   spa_record_get_string (spent_b, "number"));

  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);
  spa_test_device_sync_ok (a);

  /* On the server: both invoices, the card never below zero. */
  g_assert_true (spa_store_exists (f->store, "invoice", spa_record_get_id (spent_a)));
  g_assert_true (spa_store_exists (f->store, "invoice", spa_record_get_id (spent_b)));
  g_assert_cmpint (spa_store_money_gift_card_balance (f->store, spa_record_get_id (card)),
                   ==, 1000);
  g_assert_cmpint (server_count (f, "SELECT count(DISTINCT number) FROM invoice"
                                    " WHERE number IS NOT ?", NULL), ==, 3);

  /* On B: its payment flagged, kept. */
  payments_b = spa_store_money_payments (b->store, spa_record_get_id (spent_b), &error);
  g_assert_cmpuint (payments_b->len, ==, 1);
  message = spa_sync_local_get_rejection (b->store, "payment",
                                          spa_record_get_id (payments_b->pdata[0]), &code);
  g_assert_cmpstr (code, ==, "balance_exceeded");
  g_assert_nonnull (message);
  g_assert_cmpint (spa_sync_local_count_rejected (b->store), ==, 1);
}

/* Two desks that draw the same invoice series (a copied database, say) issue the same
 * number offline: the server refuses the second; that desk starts a new series and
 * issues its invoice again under it, so both invoices end up issued, numbered apart,
 * everywhere, the second naming the number it first bore, and the desk's next sale is in
 * the new series. */
static void
test_money_duplicate_number (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) b = spa_test_device_new (f->url, f->front_desk);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) sold_a = NULL;
  g_autoptr(SpaRecord) sold_b = NULL;
  g_autoptr(SpaRecord) on_b = NULL;
  g_autoptr(SpaRecord) on_a = NULL;
  g_autoptr(SpaRecord) next = NULL;
  g_autofree char *series = spa_store_money_get_series (a->store, &error);
  g_autofree char *copied = g_strdup_printf ("INSERT OR REPLACE INTO sync_state (key, value)"
                                             " VALUES ('invoice_series', '%s')", series);
  g_autofree char *series_b = NULL;
  SpaRecord **sold[] = { &sold_a, &sold_b };
  SpaTestDevice *desks[] = { a, b };

  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);
  g_assert_true (spa_store_exec (b->store, copied, &error));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (desks[i]->store);

      g_assert_true (spa_checkout_draft_add_gift_card (draft, 2500, NULL, &error));
      g_assert_true (spa_checkout_draft_add_payment (draft, "card", 2500, &error));
      *sold[i] = spa_checkout_draft_save (draft, "maria", &error);
      g_assert_no_error (error);
    }
  g_assert_cmpstr (spa_record_get_string (sold_a, "number"), ==,
                   spa_record_get_string (sold_b, "number"));

  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);
  spa_test_device_sync_ok (b);
  spa_test_device_sync_ok (a);

  on_b = get (b, "invoice", spa_record_get_id (sold_b));
  g_assert_cmpstr (spa_record_get_string (on_b, "status"), ==, "issued");
  g_assert_cmpstr (spa_record_get_string (on_b, "issued_at"), ==,
                   spa_record_get_string (sold_b, "issued_at"));
  g_assert_false (g_str_has_prefix (spa_record_get_string (on_b, "number"), series));
  /* It keeps the number its first receipt bore, on both desks. */
  g_assert_cmpstr (spa_record_get_string (on_b, "previous_number"), ==,
                   spa_record_get_string (sold_b, "number"));
  on_a = get (a, "invoice", spa_record_get_id (sold_b));
  g_assert_cmpstr (spa_record_get_string (on_a, "number"), ==,
                   spa_record_get_string (on_b, "number"));
  g_assert_cmpstr (spa_record_get_string (on_a, "previous_number"), ==,
                   spa_record_get_string (sold_b, "number"));
  g_clear_object (&on_a);
  on_a = get (a, "invoice", spa_record_get_id (sold_a));
  g_assert_null (spa_record_get_string (on_a, "previous_number"));
  g_assert_cmpint (server_count (f, "SELECT count(DISTINCT number) FROM invoice"
                                    " WHERE status = 'issued' AND number IS NOT ?", NULL), ==, 2);
  g_assert_cmpint (spa_store_outbox_pending (b->store), ==, 0);
  g_assert_cmpint (spa_sync_local_count_rejected (b->store), ==, 0);

  series_b = spa_store_money_get_series (b->store, &error);
  g_assert_cmpstr (series_b, !=, series);
  {
    g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (b->store);

    g_assert_true (spa_checkout_draft_add_gift_card (draft, 2500, NULL, &error));
    g_assert_true (spa_checkout_draft_add_payment (draft, "card", 2500, &error));
    next = spa_checkout_draft_save (draft, "fran", &error);
    g_assert_no_error (error);
  }
  g_assert_true (g_str_has_prefix (spa_record_get_string (next, "number"), series_b));
}

/* A sale of one massage by @therapist_id with a tip, paid by card, on @device. */
static SpaRecord *
sell_massage (SpaTestDevice *device,
              const char    *therapist_id,
              gint64         tip)
{
  g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (device->store);
  g_autoptr(GError) error = NULL;
  SpaRecord *invoice;

  g_assert_true (spa_checkout_draft_add_service (draft, spa_default_service_id (0), therapist_id,
                                                 &error));
  spa_checkout_draft_set_tip (draft, tip);
  g_assert_true (spa_checkout_draft_add_payment (draft, "card",
                                                 spa_checkout_draft_get_balance (draft), &error));
  invoice = spa_checkout_draft_save (draft, "maria", &error);
  g_assert_no_error (error);
  return invoice;
}

typedef struct
{
  gboolean             done;
  gboolean             ok;
  SpaTherapistTakings  takings;
  char                *therapist_id;
  GError              *error;
} TakingsWait;

static void
takings_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  TakingsWait *wait = user_data;

  wait->ok = spa_sync_engine_my_takings_finish (SPA_SYNC_ENGINE (source), result, &wait->takings,
                                                &wait->therapist_id, &wait->error);
  wait->done = TRUE;
}

/* What a desk signed in with @token is told by spa_sync_engine_my_takings_async(). */
static void
ask_my_takings (Fixture     *f,
                const char  *token,
                TakingsWait *wait)
{
  g_autoptr(SpaTestDevice) desk = spa_test_device_new (f->url, token);

  spa_sync_engine_my_takings_async (desk->engine, "2000-01-01T00:00:00Z",
                                    "2100-01-01T00:00:00Z", NULL, takings_cb, wait);
  spa_test_wait_for (&wait->done, 30);
}

/* GET /v1/money/mine: a therapist, whose desk pulls none of the till's records, asks the
 * server what they took in: their own services, sales before tax and tips, less what
 * was refunded, and nobody else's. Another account gets 403, a bad period 400. */
static void
test_money_therapist_takings (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(SpaTestDevice) m = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaRecord) tina = spa_record_new ("therapist");
  g_autoptr(SpaRecord) service = NULL;
  g_autoptr(SpaRecord) kept = NULL;
  g_autoptr(SpaRecord) others = NULL;
  g_autoptr(SpaRecord) refunded = NULL;
  g_autoptr(SpaRecord) refund = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *theo = NULL;
  g_autofree char *room = NULL;
  g_autofree char *client = NULL;
  const char *line_ids[2] = { NULL, NULL };
  const char *period = "/v1/money/mine?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";
  TakingsWait mine = { 0 };
  TakingsWait refused = { 0 };
  JsonObject *body;
  guint status;

  seed_spa (m, &theo, &room, &client);
  spa_record_set_string (tina, "name", "Tina Ther");
  save_ok (m, tina);
  service = get (m, "service", spa_default_service_id (0));
  spa_record_set_int (service, "price_cents", 11000);
  save_ok (m, service);
  g_assert_true (spa_server_set_user_therapist (f->store, "theo", theo, &error));
  g_assert_no_error (error);

  kept = sell_massage (m, theo, 1500);
  others = sell_massage (m, spa_record_get_id (tina), 2500);
  refunded = sell_massage (m, theo, 700);
  lines = spa_store_money_refundable_lines (m->store, spa_record_get_id (refunded), &error);
  line_ids[0] = spa_record_get_id (lines->pdata[0]);
  refund = spa_store_money_refund (m->store, SPA_ROLE_MANAGER, spa_record_get_id (refunded),
                                   line_ids, "card", "maria", &error);
  g_assert_no_error (error);
  spa_test_device_sync_ok (m);

  node = request (f, "GET", period, f->therapist, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  body = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (body, "therapist_id"), ==, theo);
  g_assert_cmpint (json_object_get_int_member (body, "services"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (body, "sales_cents"), ==, 11000);
  /* The refund gives back the visit's line, not its tip. */
  g_assert_cmpint (json_object_get_int_member (body, "tips_cents"), ==,
                   1500 + 700 - spa_record_get_int (refund, "tip_cents", 0));
  g_clear_pointer (&node, json_node_unref);

  /* A period before any sale. */
  node = request (f, "GET", "/v1/money/mine?from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z",
                  f->therapist, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "sales_cents"), ==, 0);
  g_clear_pointer (&node, json_node_unref);

  node = request (f, "GET", period, f->front_desk, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&node, json_node_unref);
  node = request (f, "GET", "/v1/money/mine?from=yesterday&to=2100-01-01T00:00:00Z",
                  f->therapist, NULL, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "field"), ==,
                   "from");
  g_clear_pointer (&node, json_node_unref);
  node = request (f, "GET", "/v1/money/mine", f->therapist, NULL, &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&node, json_node_unref);
  node = request (f, "GET", period, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 401);

  /* The same through a desk's sync engine: the figures, or a front desk's account refused. */
  ask_my_takings (f, f->therapist, &mine);
  g_assert_no_error (mine.error);
  g_assert_true (mine.ok);
  g_assert_cmpstr (mine.therapist_id, ==, theo);
  g_assert_cmpint (mine.takings.services, ==, 1);
  g_assert_cmpint (mine.takings.sales_cents, ==, 11000);
  g_free (mine.therapist_id);
  ask_my_takings (f, f->front_desk, &refused);
  g_assert_false (refused.ok);
  g_assert_error (refused.error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_FORBIDDEN);
  g_clear_error (&refused.error);
}

/* Two managers offline refund the same line: the server takes the first credit note;
 * the second's line, its money back and its issue are refused, so the money goes back
 * once, and the desk that lost keeps its records, flagged. */
static void
test_money_offline_refunds (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) b = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaRecord) product = spa_record_new ("product");
  g_autoptr(SpaRecord) sale = NULL;
  g_autoptr(SpaRecord) refund_a = NULL;
  g_autoptr(SpaRecord) refund_b = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  const char *line_ids[2] = { NULL, NULL };

  spa_record_set_string (product, "name", "Arnica oil");
  spa_record_set_int (product, "price_cents", 2400);
  save_ok (a, product);
  {
    g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (a->store);

    g_assert_true (spa_checkout_draft_add_product (draft, spa_record_get_id (product), 1, &error));
    g_assert_true (spa_checkout_draft_add_payment (draft, "card",
                                                   spa_checkout_draft_get_total (draft), &error));
    sale = spa_checkout_draft_save (draft, "maria", &error);
    g_assert_no_error (error);
  }
  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);
  lines = spa_store_money_refundable_lines (b->store, spa_record_get_id (sale), &error);
  g_assert_cmpuint (lines->len, ==, 1);
  line_ids[0] = spa_record_get_id (lines->pdata[0]);

  refund_a = spa_store_money_refund (a->store, SPA_ROLE_MANAGER, spa_record_get_id (sale),
                                     line_ids, "card", "maria", &error);
  g_assert_no_error (error);
  refund_b = spa_store_money_refund (b->store, SPA_ROLE_MANAGER, spa_record_get_id (sale),
                                     line_ids, "cash", "maria", &error);
  g_assert_no_error (error);
  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);
  spa_test_device_sync_ok (a);

  g_assert_cmpint (server_count (f, "SELECT count(*) FROM invoice_line WHERE refund_of_line = ?",
                                 line_ids[0]), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT count(*) FROM invoice WHERE kind = 'refund'"
                                    " AND status = 'issued' AND refund_of = ?",
                                 spa_record_get_id (sale)), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT coalesce (sum (p.amount_cents), 0) FROM payment p"
                                    " JOIN invoice i ON i.id = p.invoice_id"
                                    " WHERE i.refund_of = ?", spa_record_get_id (sale)),
                   ==, spa_record_get_int (sale, "total_cents", 0));

  /* B keeps its credit note's line, flagged. */
  {
    g_autoptr(GPtrArray) kept = spa_store_money_lines (b->store, spa_record_get_id (refund_b),
                                                       &error);

    g_assert_cmpuint (kept->len, ==, 1);
    message = spa_sync_local_get_rejection (b->store, "invoice_line",
                                            spa_record_get_id (kept->pdata[0]), &code);
    g_assert_cmpstr (code, ==, "balance_exceeded");
  }
  g_assert_cmpint (spa_sync_local_count_rejected (b->store), >=, 2);
  g_assert_cmpint (spa_sync_local_count_rejected (a->store), ==, 0);
}

/* The till's records go to the front desk and managers; a therapist's desk gets none of
 * them (no sale, tip or gift-card code), still gets the price list, and may write none
 * of them. */
static void
test_money_roles (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SpaTestDevice) m = spa_test_device_new (f->url, f->manager);
  g_autoptr(SpaTestDevice) t = spa_test_device_new (f->url, f->therapist);
  g_autoptr(SpaTestDevice) d = spa_test_device_new (f->url, f->front_desk);
  static const char * const till[] = {
    "invoice", "invoice_line", "payment", "stock_movement", "gift_card", "client_package", NULL
  };
  g_autoptr(SpaRecord) product = spa_record_new ("product");
  g_autoptr(SpaRecord) package = spa_record_new ("package");
  g_autoptr(SpaRecord) sale = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *therapist = NULL;
  g_autofree char *room = NULL;
  g_autofree char *client = NULL;
  JsonArray *changes;
  guint status;

  seed_spa (m, &therapist, &room, &client);
  spa_record_set_string (product, "name", "Arnica oil");
  spa_record_set_int (product, "price_cents", 2400);
  save_ok (m, product);
  spa_record_set_string (package, "name", "5 × deep tissue");
  spa_record_set_int (package, "sessions", 5);
  spa_record_set_int (package, "price_cents", 45000);
  save_ok (m, package);
  {
    g_autoptr(SpaCheckoutDraft) draft = spa_checkout_draft_new (m->store);

    spa_checkout_draft_set_client_id (draft, client);
    g_assert_true (spa_checkout_draft_add_product (draft, spa_record_get_id (product), 1, &error));
    g_assert_true (spa_checkout_draft_add_package (draft, spa_record_get_id (package), &error));
    g_assert_true (spa_checkout_draft_add_gift_card (draft, 5000, NULL, &error));
    spa_checkout_draft_set_tip (draft, 1000);
    g_assert_true (spa_checkout_draft_add_payment (draft, "card",
                                                   spa_checkout_draft_get_total (draft), &error));
    sale = spa_checkout_draft_save (draft, "maria", &error);
    g_assert_no_error (error);
  }
  spa_test_device_sync_ok (m);
  spa_test_device_sync_ok (t);
  spa_test_device_sync_ok (d);

  g_assert_true (spa_store_exists (t->store, "client", client));
  g_assert_true (spa_store_exists (t->store, "product", spa_record_get_id (product)));
  g_assert_true (spa_store_exists (t->store, "package", spa_record_get_id (package)));
  for (guint i = 0; till[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE deleted IS NOT ?",
                                              till[i]);

      g_assert_cmpint (spa_test_count_rows (d->store, sql, NULL), >, 0);
      g_assert_cmpint (spa_test_count_rows (t->store, sql, NULL), ==, 0);
    }
  g_assert_true (spa_store_exists (d->store, "invoice", spa_record_get_id (sale)));

  /* The page itself, not only what the desk kept: no till record in it. */
  node = request (f, "GET", "/v1/sync/pull?since=0", f->therapist, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  changes = json_object_get_array_member (json_node_get_object (node), "changes");
  g_assert_cmpuint (json_array_get_length (changes), >, 0);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    g_assert_false (g_strv_contains (till, json_object_get_string_member (
                                       json_array_get_object_element (changes, i), "entity")));
  g_clear_pointer (&node, json_node_unref);

  /* Nor does a therapist write them: a tip, a sale, a gift card. */
  for (guint i = 0; till[i] != NULL; i++)
    {
      g_autofree char *push =
        g_strdup_printf ("{\"device_id\": \"theo-desk\", \"mutations\": [{\"mutation_id\": 1,"
                         " \"entity\": \"%s\", \"id\": \"x-%u\", \"op\": \"upsert\","
                         " \"base_version\": 0, \"fields\": {}}]}",
                         till[i], i);

      node = request (f, "POST", "/v1/sync/push", f->therapist, push, &status);
      g_assert_cmpuint (status, ==, 403);
      g_assert_cmpstr (error_code (node), ==, "forbidden");
      g_clear_pointer (&node, json_node_unref);
    }
}


/* A signed note's session note, as the shared desk's note editor saves it. */
static SpaRecord *
desk_note (SpaTestDevice *desk,
           const char    *therapist_id,
           const char    *subjective)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) note = spa_record_new ("session_note");

  spa_record_set_string (note, "client_id", "c-1");
  spa_record_set_string (note, "therapist_id", therapist_id);
  spa_record_set_string (note, "session_date", "2026-11-20");
  spa_record_set_string (note, "subjective", subjective);
  spa_store_save (desk->store, note, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&note);
}

static SpaAccount *
desk_sign_in (SpaTestDevice *desk,
              const char    *name,
              const char    *pin)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strconcat ("server:", name, NULL);
  g_autoptr(SpaAccount) account = spa_account_lookup (desk->store, id, &error);

  g_assert_no_error (error);
  g_assert_true (spa_account_is_from_server (account));
  g_assert_true (spa_account_sign_in (desk->store, account, pin, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&account);
}

/* A front desk shared by several therapists, under one token: the desk takes the
 * server's users as its accounts, and a note signed there with a therapist's PIN
 * reaches the server signed by that therapist, proved by the key derived from the PIN.
 * A name without a proof, a proof made for another note or content, or a signer who
 * may not sign is refused as before. */
static void
test_shared_desk_signer (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tina_token = add_user (f, "tina", SPA_ROLE_THERAPIST);
  g_autofree char *desk_token = add_user (f, "front", SPA_ROLE_THERAPIST);
  g_autoptr(SpaTestDevice) desk = NULL;
  g_autoptr(SpaAccount) theo = NULL;
  g_autoptr(SpaAccount) tina = NULL;
  g_autoptr(SpaRecord) note = NULL;
  g_autoptr(SpaRecord) other = NULL;
  g_autoptr(SpaRecord) stored = NULL;
  g_autoptr(SpaRecord) amendment = NULL;
  g_autoptr(JsonNode) users = NULL;
  g_autofree char *forged = NULL;
  JsonArray *list;
  JsonObject *user;
  const char *proof;
  const char *other_id;
  guint status;

  assert_push_status (push_one (f, f->manager, "mgr", 1, "therapist", "t-theo",
                                "{\"name\": \"Theo Marsh\"}"), "applied", NULL);
  assert_push_status (push_one (f, f->manager, "mgr", 2, "therapist", "t-tina",
                                "{\"name\": \"Tina Ther\"}"), "applied", NULL);
  assert_push_status (push_one (f, f->manager, "mgr", 3, "client", "c-1",
                                "{\"first_name\": \"Zoé\"}"), "applied", NULL);
  g_assert_true (spa_server_set_user_therapist (f->store, "theo", "t-theo", &error));
  g_assert_true (spa_server_set_user_therapist (f->store, "tina", "t-tina", &error));
  g_assert_true (spa_server_set_user_pin (f->store, "theo", "1111", &error));
  g_assert_true (spa_server_set_user_pin (f->store, "tina", "2222", &error));
  g_assert_true (spa_server_set_user_pin (f->store, "fran", "3333", &error));
  g_assert_no_error (error);

  /* The users a desk gets: those with a PIN, with hash and salt, never the key. */
  users = request (f, "GET", "/v1/sync/users", desk_token, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  list = json_object_get_array_member (json_node_get_object (users), "users");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  user = json_array_get_object_element (list, 1);
  g_assert_cmpstr (json_object_get_string_member (user, "name"), ==, "theo");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (user, "pin_hash"), "$argon2id$"));
  g_assert_false (json_object_has_member (user, "sign_key"));
  g_clear_pointer (&users, json_node_unref);
  users = request (f, "GET", "/v1/sync/users", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 401);

  /* The shared desk syncs: Theo, Tina and Fran are its accounts, read-only. */
  desk = spa_test_device_new (f->url, desk_token);
  spa_test_device_sync_ok (desk);
  g_assert_cmpint (spa_test_count_rows (desk->store,
                                        "SELECT count(*) FROM desk_account WHERE source = 'server'"
                                        " AND active = 1 AND sign_salt IS NOT NULL", NULL), ==, 3);
  theo = desk_sign_in (desk, "theo", "1111");
  g_assert_cmpstr (spa_account_get_therapist_id (theo), ==, "t-theo");
  g_assert_false (spa_account_set_pin (desk->store, spa_account_get_id (theo), "9999", &error));
  g_assert_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* Theo signs his note at the shared desk with his PIN: the server takes it as his. */
  note = desk_note (desk, "t-theo", "Sore neck");
  g_assert_false (spa_clinical_sign_note_as (desk->store, note, theo, "1212", &error));
  g_assert_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_null (spa_record_get_string (note, "signature"));
  g_assert_true (spa_clinical_sign_note_as (desk->store, note, theo, "1111", &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (spa_record_get_string (note, "signature"), "v1:"));
  spa_test_device_sync_ok (desk);
  stored = spa_store_get (f->store, "session_note", spa_record_get_id (note), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_string (stored, "signed_by"), ==, "theo");
  g_assert_nonnull (spa_record_get_string (stored, "signed_at"));
  proof = spa_record_get_string (note, "signature");
  g_assert_cmpstr (spa_record_get_string (stored, "signature"), ==, proof);
  g_clear_object (&stored);

  /* Tina, signed in after him, adds an amendment under her own name. */
  tina = desk_sign_in (desk, "tina", "2222");
  amendment = spa_clinical_add_amendment_as (desk->store, spa_record_get_id (note), tina,
                                             "Left side", &error);
  g_assert_no_error (error);
  spa_test_device_sync_ok (desk);
  stored = spa_store_get (f->store, "note_amendment", spa_record_get_id (amendment), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_string (stored, "author"), ==, "tina");
  g_clear_object (&stored);

  /* The same proof on another note, or on the note with other content: refused. */
  forged = g_strdup_printf ("{\"client_id\": \"c-1\", \"therapist_id\": \"t-theo\","
                            " \"session_date\": \"2026-11-20\", \"subjective\": \"Sore neck\","
                            " \"signed_at\": \"%s\", \"signed_by\": \"theo\","
                            " \"signature\": \"%s\"}",
                            spa_record_get_string (note, "signed_at"), proof);
  assert_push_status (push_one (f, desk_token, "front-2", 1, "session_note", "n-copy", forged),
                      "rejected", "forbidden_signer");
  other = desk_note (desk, "t-theo", "Nothing wrong");
  g_free (forged);
  forged = g_strdup_printf ("{\"signed_at\": \"%s\", \"signed_by\": \"theo\","
                            " \"signature\": \"%s\"}",
                            spa_record_get_string (note, "signed_at"), proof);
  spa_test_device_sync_ok (desk);
  other_id = spa_record_get_id (other);
  assert_push_status (push_one (f, desk_token, "front-2", 2, "session_note", other_id, forged),
                      "rejected", "forbidden_signer");
  /* A name alone, or a garbled proof, is refused as before. */
  assert_push_status (push_one (f, desk_token, "front-2", 3, "session_note", other_id,
                                "{\"signed_at\": \"2026-11-20T18:00:00Z\","
                                " \"signed_by\": \"theo\"}"),
                      "rejected", "forbidden_signer");
  assert_push_status (push_one (f, desk_token, "front-2", 4, "session_note", other_id,
                                "{\"signed_at\": \"2026-11-20T18:00:00Z\", \"signed_by\": \"theo\","
                                " \"signature\": \"v1:zz\"}"),
                      "rejected", "forbidden_signer");
  stored = spa_store_get (f->store, "session_note", spa_record_get_id (other), &error);
  g_assert_no_error (error);
  g_assert_null (spa_record_get_string (stored, "signed_at"));
  g_clear_object (&stored);

  /* Fran (front desk) may not sign, PIN or not; Tina may not sign Theo's note. */
  {
    g_autoptr(SpaAccount) fran = desk_sign_in (desk, "fran", "3333");

    g_assert_false (spa_clinical_sign_note_as (desk->store, other, fran, "3333", &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_false (spa_clinical_sign_note_as (desk->store, other, tina, "2222", &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  /* Revoked, Theo's proofs count no more; his account leaves the desk's lock screen. */
  g_assert_true (spa_server_revoke_user (f->store, "theo", &error));
  g_assert_no_error (error);
  g_assert_true (spa_clinical_sign_note_as (desk->store, other, theo, "1111", &error));
  g_assert_no_error (error);
  spa_test_device_sync_ok (desk);
  stored = spa_store_get (f->store, "session_note", spa_record_get_id (other), &error);
  g_assert_no_error (error);
  g_assert_null (spa_record_get_string (stored, "signed_at"));
  g_assert_cmpint (spa_test_count_rows (desk->store,
                                        "SELECT count(*) FROM desk_account WHERE id = 'server:theo'"
                                        " AND active = 1", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync/auth-and-errors", test_auth_and_errors);
  ADD ("/sync/idempotent-replay", test_idempotent_replay);
  ADD ("/sync/field-merge-and-conflict", test_field_merge_and_conflict);
  ADD ("/sync/delete-meets-edit", test_delete_meets_edit);
  ADD ("/sync/client-with-records-archived", test_client_with_records_archived);
  ADD ("/sync/booking-overlap", test_booking_overlap);
  ADD ("/sync/money-rules", test_money_rules);
  ADD ("/sync/money-offline-desks", test_money_offline_desks);
  ADD ("/sync/money-offline-refunds", test_money_offline_refunds);
  ADD ("/sync/money-duplicate-number", test_money_duplicate_number);
  ADD ("/sync/money-therapist-takings", test_money_therapist_takings);
  ADD ("/sync/money-roles", test_money_roles);
  ADD ("/sync/long-pull", test_long_pull);
  ADD ("/sync/long-pull-bad-record", test_long_pull_bad_record);
  ADD ("/sync/long-pull-dangling-reference", test_long_pull_dangling_reference);
  ADD ("/sync/pages-carry-references", test_pages_carry_references);
  ADD ("/sync/apply-page", test_apply_page);
  ADD ("/sync/signed-note-and-roles", test_signed_note_and_roles);
  ADD ("/sync/forged-signer", test_forged_signer);
  ADD ("/sync/shared-desk-signer", test_shared_desk_signer);
  ADD ("/sync/paging-and-resync", test_paging_and_resync);
  ADD ("/sync/pulled-first-visits", test_pulled_first_visits);
  ADD ("/sync/device-bound-to-account", test_device_bound_to_account);
  ADD ("/sync/unauthorized-keeps-outbox", test_unauthorized_keeps_outbox);
  ADD ("/sync/server-down-keeps-outbox", test_server_down_keeps_outbox);
#undef ADD

  return g_test_run ();
}
