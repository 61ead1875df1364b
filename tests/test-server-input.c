/* test-server-input.c: the server against hostile bytes
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-server.h"
#include "spa-server-mail.h"
#include "spa-server-proxy.h"
#include "spa-server-sync.h"
#include "spa-sync-test-util.h"
#include "spa-test-util.h"
#include "spa-test-server.h"

/*
 * The server accepts only what the protocol allows, and whatever it accepts every desk
 * can pull and apply. Each push here comes from a signed-in account, over real HTTP to
 * the real server on 127.0.0.1; the hostile ones are kept in tests/fixtures/hostile/.
 */

typedef struct
{
  char      *dir;
  SpaStore  *store;
  SpaServer *server;
  char      *url;
  char      *tokens[3];   /* by the role byte of the fixtures: manager, therapist, front desk */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static const struct { const char *name; SpaRole role; } users[] = {
    { "maria", SPA_ROLE_MANAGER }, { "theo", SPA_ROLE_THERAPIST }, { "fran", SPA_ROLE_FRONT_DESK },
  };
  g_autoptr(GError) error = NULL;

  f->store = spa_test_open_store (&f->dir);
  f->server = spa_test_server_start (f->store, NULL, &f->url);
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      spa_server_add_user (f->store, users[i].name, users[i].role, &f->tokens[i], &error);
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->server);
  g_clear_object (&f->store);
  spa_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->url);
  for (guint i = 0; i < G_N_ELEMENTS (f->tokens); i++)
    g_free (f->tokens[i]);
}

typedef struct
{
  gboolean  done;
  GBytes   *bytes;
} Wait;

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  wait->done = TRUE;
}

/* One exchange; the raw response body, so that its bytes can be checked. */
static GBytes *
exchange (Fixture     *f,
          const char  *method,
          const char  *path,
          const char  *token,
          const char  *body,
          gsize        len,
          guint       *status,
          const char  *second_token)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (f->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  Wait wait = { 0 };

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_append (headers, "Authorization", auth);
    }
  if (second_token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", second_token, NULL);

      soup_message_headers_append (headers, "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, len);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &wait);
  spa_test_wait_for (&wait.done, 60);
  *status = soup_message_get_status (msg);
  g_assert_nonnull (wait.bytes);
  return wait.bytes;
}

/* Every answer is strict JSON, whatever the request held. */
static JsonNode *
answer_json (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = spa_json_parse_bytes (bytes, NULL, &error);

  g_assert_no_error (error);
  return node;
}

static JsonNode *
push (Fixture    *f,
      guint       role,
      const char *body,
      gsize       len,
      guint      *status)
{
  g_autoptr(GBytes) bytes = exchange (f, "POST", "/v1/sync/push", f->tokens[role], body,
                                      len, status, NULL);

  return answer_json (bytes);
}

static const char *
error_code (JsonNode *node)
{
  return json_object_get_string_member_with_default (json_node_get_object (node), "error", NULL);
}

static void
assert_server_alive (Fixture *f)
{
  g_autoptr(GBytes) bytes = NULL;
  guint status;

  bytes = exchange (f, "GET", "/v1/health", NULL, NULL, 0, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
}

/* The property: a new desk pulls everything the server holds and applies it. */
static void
assert_desk_pulls_everything (Fixture *f)
{
  g_autoptr(SpaTestDevice) desk = spa_test_device_new (f->url, f->tokens[0]);
  g_autoptr(GError) error = NULL;
  const SpaEntityInfo **entities;
  guint n_entities;

  spa_test_device_sync (desk, &error);
  g_assert_no_error (error);

  entities = spa_entity_list (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", entities[i]->name);

      g_assert_cmpint (spa_test_count_rows (desk->store, sql, NULL), ==,
                       spa_test_count_rows (f->store, sql, NULL));
    }
}

static void
test_hostile_fixtures (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fixtures", "hostile", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(JsonNode) answer = NULL;
      gsize len;
      guint role = 2;
      guint status;
      const char *body;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      body = contents;
      /* srv_*.bin: the first byte is the role (0 manager, 1 therapist, 2 front desk). */
      if (g_str_has_suffix (name, ".bin"))
        {
          g_assert_cmpuint (len, >, 0);
          role = (guchar)contents[0] % 3;
          body++;
          len--;
        }
      g_test_message ("%s", name);
      answer = push (f, role, body, len, &status);
      g_assert_true (status == 200 || status == 400);
      assert_server_alive (f);
      n++;
    }
  g_assert_cmpuint (n, >=, 15);
  assert_desk_pulls_everything (f);
}

static void
test_deep_push (Fixture       *f,
                gconstpointer  data)
{
  gsize depth = 100000;
  g_autoptr(GString) body = g_string_new ("{\"device_id\":\"x\",\"mutations\":");
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  for (gsize i = 0; i < depth; i++)
    g_string_append_c (body, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c (body, ']');
  g_string_append_c (body, '}');

  /* From the least trusted role: the server neither crashes nor stores anything. */
  answer = push (f, 2, body->str, body->len, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (error_code (answer), ==, "bad_json");
  assert_server_alive (f);
}

static void
test_lenient_json (Fixture       *f,
                   gconstpointer  data)
{
  static const char *bodies[] = {
    /* single quotes */
    "{'device_id': 'd', 'mutations': []}",
    "{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 1, \"entity\": \"room\","
    " \"id\": \"r1\", \"op\": \"upsert\", \"fields\": {\"name\": 'Cedar'}}]}",
    /* comments */
    "{\"device_id\": \"d\", /* c */ \"mutations\": [{\"mutation_id\": 1, \"entity\": \"room\","
    " \"id\": \"r1\", \"op\": \"upsert\", \"fields\": {\"name\": \"Cedar\"}}]}",
    "// c\n{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 1, \"entity\": \"room\","
    " \"id\": \"r1\", \"op\": \"upsert\", \"fields\": {\"name\": \"Cedar\"}}]}",
    /* a byte order mark */
    "\xEF\xBB\xBF{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 1, \"entity\": \"room\","
    " \"id\": \"r1\", \"op\": \"upsert\", \"fields\": {\"name\": \"Cedar\"}}]}",
    /* a second document */
    "{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 1, \"entity\": \"room\","
    " \"id\": \"r1\", \"op\": \"upsert\", \"fields\": {\"name\": \"Cedar\"}}]} {\"x\": 1}",
    /* NUL cutting an id or a name short */
    "{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 1, \"entity\": \"room\","
    " \"id\": \"r1\\u0000evil\", \"op\": \"upsert\", \"fields\": {\"name\": \"Cedar\"}}]}",
    "{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 1, \"entity\": \"room\","
    " \"id\": \"r1\", \"op\": \"upsert\", \"fields\": {\"name\": \"Ce\\u0000dar\"}}]}",
    /* 2^63, which used to wrap to a negative mutation id */
    "{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 9223372036854775808, \"entity\": \"room\","
    " \"id\": \"r1\", \"op\": \"upsert\", \"fields\": {\"name\": \"Cedar\"}}]}",
    /* octal and broken escapes, lone surrogates */
    "{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 1, \"entity\": \"room\","
    " \"id\": \"r1\", \"op\": \"upsert\", \"fields\": {\"name\": \"\\101\"}}]}",
    "{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 1, \"entity\": \"room\","
    " \"id\": \"r1\", \"op\": \"upsert\", \"fields\": {\"name\": \"\\ud800\"}}]}",
    /* a repeated member: which one would count? */
    "{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 1, \"entity\": \"room\","
    " \"id\": \"r1\", \"op\": \"upsert\", \"fields\": {\"name\": \"A\", \"name\": \"B\"}}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      guint status;

      answer = push (f, 0, bodies[i], strlen (bodies[i]), &status);
      if (status != 400)
        g_error ("accepted (%u): %s", status, bodies[i]);
      g_assert_cmpstr (error_code (answer), ==, "bad_json");
    }
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM room", NULL), ==, 0);
}

static void
test_strict_query (Fixture       *f,
                   gconstpointer  data)
{
  static const char *bad[] = {
    "since=%00", "since=", "since=%001", "since=1%00", "since=-1", "since=+1", "since=%201",
    "since=1e3", "since=99999999999999999999", "limit=%00", "limit=", "limit=0",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strconcat ("/v1/sync/pull?", bad[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(JsonNode) answer = NULL;
      guint status;

      bytes = exchange (f, "GET", path, f->tokens[0], NULL, 0, &status, NULL);
      answer = answer_json (bytes);
      if (status != 400)
        g_error ("%s gave %u", bad[i], status);
      g_assert_cmpstr (error_code (answer), ==, "bad_request");
    }

  {
    g_autoptr(GBytes) bytes = exchange (f, "GET", "/v1/sync/pull?since=0&limit=5", f->tokens[0],
                                        NULL, 0, &(guint){ 0 }, NULL);
    g_autoptr(JsonNode) answer = answer_json (bytes);

    g_assert_true (json_object_has_member (json_node_get_object (answer), "changes"));
  }
}

static void
test_two_authorization_headers (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  /* Neither "the first wins" nor "the last wins": refused. */
  bytes = exchange (f, "GET", "/v1/sync/pull?since=0", f->tokens[2], NULL, 0, &status, f->tokens[0]);
  answer = answer_json (bytes);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (error_code (answer), ==, "bad_request");
  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_pointer (&answer, json_node_unref);

  bytes = exchange (f, "GET", "/v1/sync/pull?since=0", "spa_wrong", NULL, 0, &status, f->tokens[0]);
  g_assert_cmpuint (status, ==, 400);
}

static void
test_answers_escaped (Fixture       *f,
                      gconstpointer  data)
{
  /* Messages that quote what was sent still escape every control character. */
  const char *body =
    "{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 1, \"entity\": \"room\","
    " \"id\": \"r1\", \"op\": \"upsert\", \"fields\": {\"a\\u001fb\\u0001\": \"x\"}}]}";
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  answer = push (f, 0, body, strlen (body), &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (answer), "message"),
                            "a\x1f" "b\x01"));
}

/* A therapist, a service, a room and a client, pushed by the manager. */
static void
seed (Fixture *f)
{
  const char *body =
    "{\"device_id\": \"seed\", \"mutations\": ["
    " {\"mutation_id\": 1, \"entity\": \"therapist\", \"id\": \"t-1\", \"op\": \"upsert\","
    "  \"fields\": {\"name\": \"Theo Marsh\", \"active\": true}},"
    " {\"mutation_id\": 2, \"entity\": \"service\", \"id\": \"s-1\", \"op\": \"upsert\","
    "  \"fields\": {\"name\": \"Swedish 60\", \"duration_min\": 60, \"buffer_min\": 0, \"active\": true}},"
    " {\"mutation_id\": 3, \"entity\": \"room\", \"id\": \"r-1\", \"op\": \"upsert\","
    "  \"fields\": {\"name\": \"Cedar\"}},"
    " {\"mutation_id\": 4, \"entity\": \"client\", \"id\": \"c-1\", \"op\": \"upsert\","
    "  \"fields\": {\"first_name\": \"Ann\", \"last_name\": \"Lee\"}}]}";
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *results;
  guint status;

  answer = push (f, 0, body, strlen (body), &status);
  g_assert_cmpuint (status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (answer), "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, i), "status"),
                     ==, "applied");
}

static JsonObject *
result_at (JsonNode *answer,
           guint     index)
{
  return json_array_get_object_element (json_object_get_array_member (json_node_get_object (answer),
                                                                     "results"), index);
}

/* One booking for t-1 from the front desk; its status in the answer. */
static char *
push_booking (Fixture    *f,
              gint64      mutation_id,
              const char *id,
              const char *starts_at,
              const char *ends_at,
              const char *extra)
{
  g_autofree char *body = g_strdup_printf (
    "{\"device_id\": \"front\", \"mutations\": [{\"mutation_id\": %" G_GINT64_FORMAT ","
    " \"entity\": \"booking\", \"id\": \"%s\", \"op\": \"upsert\", \"fields\": {"
    " \"client_id\": \"c-1\", \"therapist_id\": \"t-1\", \"service_id\": \"s-1\","
    " \"starts_at\": \"%s\", \"ends_at\": \"%s\", \"status\": \"booked\"%s}}]}",
    mutation_id, id, starts_at, ends_at, extra ? extra : "");
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *result;
  guint status;

  answer = push (f, 2, body, strlen (body), &status);
  g_assert_cmpuint (status, ==, 200);
  result = result_at (answer, 0);
  if (g_str_equal (json_object_get_string_member (result, "status"), "rejected"))
    return g_strdup_printf ("rejected %s %s", json_object_get_string_member (result, "code"),
                            json_object_get_string_member_with_default (result, "field", ""));
  return g_strdup (json_object_get_string_member (result, "status"));
}

static void
test_time_formats (Fixture       *f,
                   gconstpointer  data)
{
  static const char *other_forms[] = {
    "2027-01-06T12:00:00+02:00", "20270106T100000Z", "2027-006T10:00:00Z", "2027-W01-3T10:00:00Z",
    "2027-01-06T10:00:00.000Z", "2027-01-06T10:00:60Z", "0001-01-06T10:00:00Z", "2027-01-06T10:00Z",
  };
  g_autofree char *first = NULL;

  seed (f);
  first = push_booking (f, 1, "b-1", "2027-01-06T10:30:00Z", "2027-01-06T11:30:00Z", NULL);
  g_assert_cmpstr (first, ==, "applied");

  /* The same instant written another way was a second booking of the same therapist:
   * only the one form is accepted, with the field named. */
  for (guint i = 0; i < G_N_ELEMENTS (other_forms); i++)
    {
      g_autofree char *id = g_strdup_printf ("b-%u", i + 2);
      g_autofree char *outcome = push_booking (f, i + 2, id, other_forms[i], "2027-01-06T11:00:00Z", NULL);

      if (!g_str_equal (outcome, "rejected invalid starts_at"))
        g_error ("%s: %s", other_forms[i], outcome);
    }
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM booking", NULL), ==, 1);

  /* In the one form, an overlap is an overlap. */
  {
    g_autofree char *outcome = push_booking (f, 20, "b-20", "2027-01-06T11:00:00Z", "2027-01-06T12:00:00Z", NULL);

    g_assert_cmpstr (outcome, ==, "rejected booking_overlap starts_at");
  }
  assert_desk_pulls_everything (f);
}

static void
test_poisoned_history (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fixtures", "hostile", NULL);
  g_autofree char *path = g_build_filename (dir, "poison_deep_status_history.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GString) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  /* The reproducer, with references that exist here: front desk may write bookings,
   * but not a status history deeper than its shape. */
  seed (f);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  body = g_string_new (contents);
  g_string_replace (body, "0194cc44-9a82-40ee-af70-a866499ed6cd", "c-1", 0);
  g_string_replace (body, "5ba0d35c-0000-4000-8000-000000000001", "s-1", 0);
  g_string_replace (body, "1388f0af-3a32-44c4-b1ea-c21951a829f6", "t-1", 0);
  answer = push (f, 2, body->str, body->len, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (error_code (answer), ==, "bad_json");
  g_clear_pointer (&answer, json_node_unref);

  /* Within the protocol's depth, the history still has one shape. */
  g_string_replace (body, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "", 1);
  g_string_replace (body, "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "", 1);
  answer = push (f, 2, body->str, body->len, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (answer, 0), "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result_at (answer, 0), "field"), ==, "status_history");
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM booking", NULL), ==, 0);
  assert_desk_pulls_everything (f);
}

static void
test_long_fields (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("{\"device_id\": \"d\", \"mutations\": [{\"mutation_id\": 1,"
                                          " \"entity\": \"client\", \"id\": \"c-9\", \"op\": \"upsert\","
                                          " \"fields\": {\"first_name\": \"");
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  for (guint i = 0; i < 20000; i++)
    g_string_append_c (body, 'A');
  g_string_append (body, "\"}}]}");
  answer = push (f, 2, body->str, body->len, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (answer, 0), "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result_at (answer, 0), "field"), ==, "first_name");
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM client", NULL), ==, 0);
}

static void
test_bad_reference_rejects_one (Fixture       *f,
                                gconstpointer  data)
{
  const char *body =
    "{\"device_id\": \"manager-desk\", \"mutations\": ["
    " {\"mutation_id\": 1, \"entity\": \"booking\", \"id\": \"b-1\", \"op\": \"upsert\", \"fields\": {"
    "  \"client_id\": \"c-1\", \"therapist_id\": \"t-1\", \"service_id\": \"s-1\", \"room_id\": \"\","
    "  \"starts_at\": \"2027-01-06T10:00:00Z\", \"ends_at\": \"2027-01-06T11:00:00Z\", \"status\": \"booked\"}},"
    " {\"mutation_id\": 2, \"entity\": \"session_note\", \"id\": \"n-1\", \"op\": \"upsert\", \"fields\": {"
    "  \"client_id\": \"c-1\", \"therapist_id\": \" \", \"session_date\": \"2027-01-06\"}},"
    " {\"mutation_id\": 3, \"entity\": \"booking\", \"id\": \"b-2\", \"op\": \"upsert\", \"fields\": {"
    "  \"client_id\": \"c-1\", \"therapist_id\": \"t-1\", \"service_id\": \"s-1\", \"room_id\": \"no-such-room\","
    "  \"starts_at\": \"2027-01-07T10:00:00Z\", \"ends_at\": \"2027-01-07T11:00:00Z\", \"status\": \"booked\"}},"
    " {\"mutation_id\": 4, \"entity\": \"session_note\", \"id\": \"n-2\", \"op\": \"upsert\", \"fields\": {"
    "  \"client_id\": \"c-1\", \"therapist_id\": \"t-1\", \"booking_id\": \"gone\", \"session_date\": \"2027-01-06\"}},"
    " {\"mutation_id\": 5, \"entity\": \"room\", \"id\": \"r-2\", \"op\": \"upsert\", \"fields\": {\"name\": \"Oak\"}}]}";
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  seed (f);
  /* One push: blank references are no reference; a reference to nothing is that
   * mutation's rejection, and the rest is applied. Never a 500 for the whole push. */
  answer = push (f, 0, body, strlen (body), &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (answer, 0), "status"), ==, "applied");
  g_assert_cmpstr (json_object_get_string_member (result_at (answer, 1), "status"), ==, "applied");
  g_assert_cmpstr (json_object_get_string_member (result_at (answer, 2), "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result_at (answer, 2), "code"), ==, "unknown_reference");
  g_assert_cmpstr (json_object_get_string_member (result_at (answer, 2), "field"), ==, "room_id");
  g_assert_cmpstr (json_object_get_string_member (result_at (answer, 3), "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result_at (answer, 3), "code"), ==, "unknown_reference");
  g_assert_cmpstr (json_object_get_string_member (result_at (answer, 4), "status"), ==, "applied");

  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM booking WHERE room_id IS NULL", NULL), ==, 1);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM session_note WHERE therapist_id IS NULL", NULL), ==, 1);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM room", NULL), ==, 2);
  assert_desk_pulls_everything (f);
}

/* The subject the manager's list of e-mail shows is the one composed: plain, or in
 * encoded words folded over lines, whatever the text; a message without one has none. */
static void
test_mail_subject (void)
{
  const char *subjects[] = {
    "Your booking at Cedar & Stone Spa",
    "Votre rendez-vous chez Spa Cèdre & Pierre, à l’Île-des-Sœurs, le mardi 3 décembre",
    "Une plage s’est libérée chez « Érable » ✓",
    "",
  };
  g_autoptr(GDateTime) date = g_date_time_new_utc (2027, 3, 2, 18, 0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    {
      SpaMailParts parts = {
        .kind = "confirmation", .from = "desk@cedar.example", .from_name = "Cedar",
        .to = "ann@example.com", .to_name = "Ann", .subject = subjects[i],
        .language = "fr", .text = "Bonjour", .html = "<p>Bonjour</p>",
      };
      g_autofree char *message = spa_mail_compose (&parts, date);
      g_autofree char *read = spa_mail_read_subject (message);

      g_assert_cmpstr (read, ==, subjects[i]);
    }
  g_assert_null (spa_mail_read_subject ("From: a@example.com\r\n\r\nSubject: body\r\n"));
  g_assert_null (spa_mail_read_subject (NULL));
}

/*
 * The client's address behind trusted proxies, from hostile X-Forwarded-For headers:
 * the rightmost entry no trusted proxy vouches for, never one an untrusted peer
 * names, and the peer itself for anything that is not an address alone.
 */
static void
test_forwarded_for (void)
{
  static const char * const specs[] = { "127.0.0.1, 10.0.0.0/8", "fd00::/8", NULL };
  static const char * const bad[][2] = {
    { "not-an-address", NULL }, { "10.0.0.0/33", NULL }, { "1.2.3.4/x", NULL },
  };
  static const struct
  {
    const char *peer;
    const char *header;
    const char *client;
  } cases[] = {
    /* An untrusted peer's header is ignored. */
    { "192.0.2.9", "203.0.113.5", "192.0.2.9" },
    { "127.0.0.1", NULL, "127.0.0.1" },
    { "127.0.0.1", "", "127.0.0.1" },
    { "127.0.0.1", "203.0.113.5", "203.0.113.5" },
    /* A client's own entries on the left are not believed: the proxy's is the last. */
    { "127.0.0.1", "1.1.1.1, 203.0.113.5", "203.0.113.5" },
    { "127.0.0.1", "1.1.1.1,203.0.113.5, 10.1.2.3", "203.0.113.5" },
    { "127.0.0.1", " \t203.0.113.5 \t", "203.0.113.5" },
    { "127.0.0.1", ",,, 203.0.113.5 ,,,", "203.0.113.5" },
    { "127.0.0.1", "garbage, 203.0.113.5", "203.0.113.5" },
    /* Every entry a proxy: the leftmost. */
    { "127.0.0.1", "10.0.0.1, 10.0.0.2", "10.0.0.1" },
    /* Garbage where the client should be: the peer. */
    { "127.0.0.1", "garbage", "127.0.0.1" },
    { "127.0.0.1", "203.0.113.5, garbage", "127.0.0.1" },
    { "127.0.0.1", "203.0.113.5:4711", "127.0.0.1" },
    { "127.0.0.1", "[2001:db8::1]", "127.0.0.1" },
    { "127.0.0.1", "fe80::1%eth0", "127.0.0.1" },
    { "127.0.0.1", "203.0.113.5\r\nX-Evil: 1", "127.0.0.1" },
    { "127.0.0.1", "\xff\xfe", "127.0.0.1" },
    { "127.0.0.1", "1.2.3.4.5", "127.0.0.1" },
    { "127.0.0.1", "unknown", "127.0.0.1" },
    /* IPv6, written any way, is one address; a mapped IPv4 is the IPv4. */
    { "127.0.0.1", "2001:DB8:0:0::1", "2001:db8::1" },
    { "::ffff:127.0.0.1", "::ffff:203.0.113.5", "203.0.113.5" },
    { "fd00::1", "2001:db8::7", "2001:db8::7" },
    { "garbage", "203.0.113.5", "garbage" },
  };
  g_autoptr(GPtrArray) trusted = spa_proxy_parse_trusted (specs, NULL);
  g_autoptr(GPtrArray) none = spa_proxy_parse_trusted (NULL, NULL);
  g_autoptr(GString) header = g_string_new (NULL);
  g_autofree char *client = NULL;

  g_assert_nonnull (trusted);
  g_assert_cmpuint (trusted->len, ==, 3);
  g_assert_cmpuint (none->len, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (spa_proxy_parse_trusted (bad[i], &error));
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = spa_proxy_client_address (cases[i].peer, cases[i].header,
                                                       trusted);

      g_test_message ("%s + %s: %s", cases[i].peer, cases[i].header, got);
      g_assert_cmpstr (got, ==, cases[i].client);
    }
  /* Without trusted proxies, no header counts. */
  client = spa_proxy_client_address ("127.0.0.1", "203.0.113.5", none);
  g_assert_cmpstr (client, ==, "127.0.0.1");
  g_clear_pointer (&client, g_free);
  client = spa_proxy_client_address (NULL, "203.0.113.5", trusted);
  g_assert_cmpstr (client, ==, "");
  g_clear_pointer (&client, g_free);

  /* Very long: a megabyte of commas, then of trusted hops, then of one long entry. */
  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (header, ',');
  g_string_append (header, "203.0.113.5");
  client = spa_proxy_client_address ("127.0.0.1", header->str, trusted);
  g_assert_cmpstr (client, ==, "203.0.113.5");
  g_clear_pointer (&client, g_free);
  g_string_truncate (header, 0);
  g_string_append (header, "203.0.113.5");
  for (guint i = 0; i < 100000; i++)
    g_string_append (header, ", 10.0.0.1");
  client = spa_proxy_client_address ("127.0.0.1", header->str, trusted);
  g_assert_cmpstr (client, ==, "127.0.0.1");
  g_clear_pointer (&client, g_free);
  g_string_truncate (header, 0);
  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (header, '1');
  client = spa_proxy_client_address ("127.0.0.1", header->str, trusted);
  g_assert_cmpstr (client, ==, "127.0.0.1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-input/mail-subject", test_mail_subject);
  g_test_add_func ("/server-input/forwarded-for", test_forwarded_for);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server-input/hostile-fixtures", test_hostile_fixtures);
  ADD ("/server-input/deep-push", test_deep_push);
  ADD ("/server-input/lenient-json", test_lenient_json);
  ADD ("/server-input/strict-query", test_strict_query);
  ADD ("/server-input/two-authorization-headers", test_two_authorization_headers);
  ADD ("/server-input/answers-escaped", test_answers_escaped);
  ADD ("/server-input/time-formats", test_time_formats);
  ADD ("/server-input/poisoned-history", test_poisoned_history);
  ADD ("/server-input/long-fields", test_long_fields);
  ADD ("/server-input/bad-reference-rejects-one", test_bad_reference_rejects_one);
#undef ADD

  return g_test_run ();
}
