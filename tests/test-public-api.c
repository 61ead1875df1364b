/* test-public-api.c: the online booking API and pages of spa-desk-server
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spa-migrations.h"
#include "spa-server.h"
#include "spa-server-mail.h"
#include "spa-server-proxy.h"
#include "spa-server-public.h"
#include "spa-server-storage.h"
#include "spa-server-sync.h"
#include "spa-sync-test-util.h"
#include "spa-test-pg.h"
#include "spa-test-util.h"
#include "spa-test-server.h"

/*
 * Every public endpoint and its errors (docs/online-booking.md), against the real
 * server on 127.0.0.1 over real HTTP: what it shows, what it books, what it refuses,
 * and that a desk gets the booking and the intake on its next pull. Under
 * build-aux/pg-run (test-public-api-pg) the same, with the server on PostgreSQL.
 */

#define DEEP_TISSUE spa_default_service_id (2)
#define HOT_STONE   spa_default_service_id (4)

#define DAY_HOURS "[{\"start\": \"09:00\", \"end\": \"17:00\"}]"
#define WEEK_HOURS \
  "{\"mon\": " DAY_HOURS ", \"tue\": " DAY_HOURS ", \"wed\": " DAY_HOURS "," \
  " \"thu\": " DAY_HOURS ", \"fri\": " DAY_HOURS ", \"sat\": " DAY_HOURS "," \
  " \"sun\": " DAY_HOURS "}"

typedef struct
{
  char      *dir;
  SpaStore  *store;
  SpaServer *server;
  char      *url;
  char      *manager;
  GTimeZone *zone;
  SpaRecord *claire;
  SpaRecord *marcus;
  SpaRecord *room;
  char      *day;        /* three days from now, YYYY-MM-DD in the spa's zone */
} Fixture;

/* A record made on the server as a desk's push would make it: in the change log, so
 * desks pull it. */
static SpaRecord *
add_logged (Fixture    *f,
            const char *entity,
            const char *name,
            const char *working_hours)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *record = spa_record_new (entity);
  SpaServerStorage *storage = spa_server_storage_get (f->store);

  spa_record_set_string (record, "name", name);
  spa_record_set_boolean (record, "active", TRUE);
  if (working_hours != NULL)
    {
      g_autoptr(JsonNode) hours = json_from_string (working_hours, &error);

      g_assert_no_error (error);
      spa_record_set_json (record, "working_hours", hours);
    }
  g_assert_true (spa_server_storage_begin (storage, &error));
  g_assert_true (spa_server_write_record (f->store, record, "seed", &error));
  g_assert_true (spa_server_storage_commit (storage, &error));
  g_assert_no_error (error);
  spa_record_clear_changed (record);
  return record;
}

static void
save_logged (Fixture   *f,
             SpaRecord *record)
{
  g_autoptr(GError) error = NULL;
  SpaServerStorage *storage = spa_server_storage_get (f->store);
  gboolean written;

  g_assert_true (spa_server_storage_begin (storage, &error));
  written = spa_server_write_record (f->store, record, "seed", &error);
  g_assert_no_error (error);
  g_assert_true (written);
  g_assert_true (spa_server_storage_commit (storage, &error));
  spa_record_clear_changed (record);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = NULL;

  f->zone = g_time_zone_new_identifier ("America/Vancouver");
  later = g_date_time_add_days (now, 3);
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (later, f->zone);

    f->day = g_date_time_format (local, "%Y-%m-%d");
  }
  f->store = spa_test_open_server_store (&f->dir);
  f->claire = add_logged (f, "therapist", "Claire Dubois", WEEK_HOURS);
  f->marcus = add_logged (f, "therapist", "Marcus Lee", WEEK_HOURS);
  f->room = add_logged (f, "room", "Cedar room", NULL);
  spa_record_set_string (f->claire, "email", "claire@example.com");
  spa_record_set_string (f->claire, "phone", "604 555 0199");
  spa_record_set_string (f->claire, "bio", "Deep tissue and sports massage.");
  spa_record_set_strv (f->claire, "service_ids", (const char * const []) { DEEP_TISSUE, NULL });
  save_logged (f, f->claire);

  f->server = spa_test_server_start (f->store, f->zone, &f->url);
  spa_server_add_user (f->store, "maria", SPA_ROLE_MANAGER, &f->manager, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->server);
  g_clear_object (&f->claire);
  g_clear_object (&f->marcus);
  g_clear_object (&f->room);
  g_clear_object (&f->store);
  g_clear_pointer (&f->zone, g_time_zone_unref);
  if (f->dir != NULL)
    spa_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->url);
  g_free (f->manager);
  g_free (f->day);
}

/* ---- HTTP ---- */

static SoupMessage *
new_message (Fixture    *f,
             const char *method,
             const char *path,
             const char *body,
             const char *language)
{
  g_autofree char *url = g_strconcat (f->url, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      /* A refused body is then never sent, and its answer always read. */
      soup_message_headers_set_expectations (soup_message_get_request_headers (msg),
                                             SOUP_EXPECTATION_CONTINUE);
    }
  if (language != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language",
                                  language);
  return msg;
}

/* One exchange; the body as text, the message for its status and headers. */
static char *
fetch (Fixture      *f,
       const char   *method,
       const char   *path,
       const char   *body,
       const char   *language,
       SoupMessage **msg_out)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  SpaTestExchange exchange = { 0, };
  guint status;
  char *text;

  spa_test_exchange_start (session, &exchange, new_message (f, method, path, body, language));
  text = spa_test_exchange_finish (&exchange, &status);
  *msg_out = exchange.msg;
  return text;
}

static JsonObject *
call (Fixture    *f,
      const char *method,
      const char *path,
      const char *body,
      guint       expected)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *text = fetch (f, method, path, body, NULL, &msg);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (soup_message_get_status (msg) != expected)
    g_error ("%s %s: %u, expected %u: %s", method, path, soup_message_get_status (msg), expected,
             text);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                          NULL),
                   ==, "application/json");
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static char *
booking_body (const char *service_id,
              const char *starts_at,
              const char *therapist_id,
              const char *email,
              const char *key)
{
  g_autofree char *therapist = therapist_id ? g_strdup_printf ("\"%s\"", therapist_id)
      : g_strdup ("null");

  return g_strdup_printf ("{\"service_id\": \"%s\", \"starts_at\": \"%s\", \"therapist_id\": %s,"
                          " \"client\": {\"first_name\": \"Ann\", \"last_name\": \"Lee\","
                          " \"email\": \"%s\", \"phone\": \"604-555-0101\"},"
                          " \"note\": \"First visit\", \"idempotency_key\": \"%s\"}",
                          service_id, starts_at, therapist, email, key);
}

/* The UTC text of HH:MM on the fixture's day in the spa's zone. */
static char *
at (Fixture *f,
    int      hour,
    int      minute)
{
  int y, m, d;
  g_autoptr(GDateTime) local = NULL;

  g_assert_cmpint (sscanf (f->day, "%d-%d-%d", &y, &m, &d), ==, 3);
  local = g_date_time_new (f->zone, y, m, d, hour, minute, 0);
  return spa_time_format_utc (local);
}

static gboolean
slots_contain (JsonArray  *slots,
               const char *starts_at,
               const char *therapist_id)
{
  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      JsonObject *slot = json_array_get_object_element (slots, i);

      if (g_str_equal (json_object_get_string_member (slot, "starts_at"), starts_at) &&
          (therapist_id == NULL || g_str_equal (json_object_get_string_member (slot,
              "therapist_id"), therapist_id)))
        return TRUE;
    }
  return FALSE;
}

static gint64
count (Fixture    *f,
       const char *sql,
       const char *param)
{
  return spa_test_count_rows (f->store, sql, param);
}

/* ---- tests ---- */

static void
test_services (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonObject) all = call (f, "GET", "/v1/public/services", NULL, 200);
  JsonArray *services = json_object_get_array_member (all, "services");
  g_autoptr(SpaRecord) hot_stone = spa_store_get (f->store, "service", HOT_STONE, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *first;

  g_assert_cmpuint (json_array_get_length (services), ==, 8);
  first = json_array_get_object_element (services, 0);
  for (const char * const *name = (const char * const []) { "id", "name", "category",
                                                           "duration_min",
                                                             "price_cents", "currency",
                                                                 "description", NULL };
       *name; name++)
    g_assert_true (json_object_has_member (first, *name));
  g_assert_cmpuint (json_object_get_size (first), ==, 7);

  /* A service that is not booked online, or not offered at all, is not listed. */
  spa_record_set_boolean (hot_stone, "online", FALSE);
  g_assert_true (spa_store_save (f->store, hot_stone, &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) fewer = call (f, "GET", "/v1/public/services", NULL, 200);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (fewer, "services")), ==,
                      7);
  }
  {
    g_autoptr(JsonObject) refused = call (f, "POST", "/v1/public/services", "{}", 405);
  }
}

static void
test_therapists (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/v1/public/therapists?service_id=%s", DEEP_TISSUE);
  g_autofree char *hot = g_strdup_printf ("/v1/public/therapists?service_id=%s", HOT_STONE);
  g_autoptr(JsonObject) deep = call (f, "GET", path, NULL, 200);
  g_autoptr(JsonObject) stone = call (f, "GET", hot, NULL, 200);
  g_autoptr(JsonObject) unknown = call (f, "GET", "/v1/public/therapists?service_id=nope", NULL,
                                        400);
  JsonArray *list = json_object_get_array_member (deep, "therapists");
  JsonObject *claire = json_array_get_object_element (list, 0);
  g_autoptr(GError) error = NULL;

  /* Name, credentials and bio; never an e-mail, a phone or working hours. */
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (claire, "name"), ==, "Claire Dubois");
  g_assert_cmpstr (json_object_get_string_member (claire, "bio"), ==,
                   "Deep tissue and sports massage.");
  g_assert_cmpuint (json_object_get_size (claire), ==, 4);
  g_assert_true (json_object_has_member (claire, "credentials"));
  /* Claire does not offer hot stone. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (stone, "therapists")), ==,
                    1);
  g_assert_cmpstr (json_object_get_string_member (unknown, "field"), ==, "service_id");

  /* A therapist who takes no online bookings is not shown. */
  spa_record_set_boolean (f->marcus, "online", FALSE);
  g_assert_true (spa_store_save (f->store, f->marcus, &error));
  {
    g_autoptr(JsonObject) fewer = call (f, "GET", path, NULL, 200);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (fewer, "therapists")),
                      ==, 1);
  }
}

static void
test_availability (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/v1/public/availability?service_id=%s&from=%s&days=1",
                                           DEEP_TISSUE, f->day);
  g_autofree char *one = g_strdup_printf ("/v1/public/availability?service_id=%s&from=%s&days=1"
                                          "&therapist_id=%s",
                                          DEEP_TISSUE, f->day, spa_record_get_id (f->claire));
  g_autoptr(JsonObject) all = call (f, "GET", path, NULL, 200);
  g_autoptr(JsonObject) claire = call (f, "GET", one, NULL, 200);
  JsonArray *slots = json_object_get_array_member (all, "slots");
  JsonObject *slot = json_array_get_object_element (slots, 0);
  g_autofree char *nine = at (f, 9, 0);
  g_autofree char *ten = at (f, 10, 0);

  g_assert_cmpstr (json_object_get_string_member (all, "time_zone"), ==, "America/Vancouver");
  /* 09:00 to 16:00 every quarter hour, for each of the two therapists. */
  g_assert_cmpuint (json_array_get_length (slots), ==, 2 * 29);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (claire, "slots")), ==, 29);
  g_assert_cmpuint (json_object_get_size (slot), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (slot, "starts_at"), ==, nine);
  g_assert_true (slots_contain (slots, ten, spa_record_get_id (f->marcus)));

  /* Errors name their parameter. */
  {
    g_autofree char *p1 = g_strdup_printf ("/v1/public/availability?service_id=%s&from=%s&days=32",
                                           DEEP_TISSUE, f->day);
    g_autofree char *p2 = g_strdup_printf ("/v1/public/availability?service_id=%s&from=tomorrow",
                                           DEEP_TISSUE);
    g_autofree char *p3 = g_strdup_printf ("/v1/public/availability?service_id=nope&from=%s",
                                           f->day);
    g_autofree char *p4 = g_strdup_printf ("/v1/public/availability?service_id=%s&from=%s"
                                           "&therapist_id=nope",
                                           DEEP_TISSUE, f->day);
    g_autofree char *p5 = g_strdup_printf ("/v1/public/availability?service_id=%s&from=%s&days=0",
                                           DEEP_TISSUE, f->day);
    g_autoptr(JsonObject) e1 = call (f, "GET", p1, NULL, 400);
    g_autoptr(JsonObject) e2 = call (f, "GET", p2, NULL, 400);
    g_autoptr(JsonObject) e3 = call (f, "GET", p3, NULL, 400);
    g_autoptr(JsonObject) e4 = call (f, "GET", p4, NULL, 400);
    g_autoptr(JsonObject) e5 = call (f, "GET", p5, NULL, 400);

    g_assert_cmpstr (json_object_get_string_member (e1, "field"), ==, "days");
    g_assert_cmpstr (json_object_get_string_member (e1, "error"), ==, "bad_request");
    g_assert_cmpstr (json_object_get_string_member (e2, "field"), ==, "from");
    g_assert_cmpstr (json_object_get_string_member (e3, "field"), ==, "service_id");
    g_assert_cmpstr (json_object_get_string_member (e4, "field"), ==, "therapist_id");
    g_assert_cmpstr (json_object_get_string_member (e5, "field"), ==, "days");
  }
}

static JsonObject *
book (Fixture    *f,
      const char *starts,
      const char *therapist_id,
      const char *email,
      const char *key,
      guint       expected)
{
  g_autofree char *body = booking_body (DEEP_TISSUE, starts, therapist_id, email, key);

  return call (f, "POST", "/v1/public/bookings", body, expected);
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *ten = at (f, 10, 0);
  g_autoptr(JsonObject) first = book (f, ten, spa_record_get_id (f->claire), "ann@example.com",
                                      "key-0001-aaaa", 201);
  g_autoptr(JsonObject) again = book (f, ten, spa_record_get_id (f->claire), "ann@example.com",
                                      "key-0001-aaaa", 201);
  g_autoptr(JsonObject) misused = book (f, ten, NULL, "bob@example.com", "key-0001-aaaa", 400);
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaRecord) client = NULL;
  const char *manage;

  /* One booking, answered twice the same. */
  g_assert_cmpstr (json_object_get_string_member (first, "starts_at"), ==, ten);
  g_assert_cmpstr (json_object_get_string_member (first, "therapist_id"), ==,
                   spa_record_get_id (f->claire));
  g_assert_cmpstr (json_object_get_string_member (first, "booking_id"), ==,
                   json_object_get_string_member (again, "booking_id"));
  g_assert_cmpstr (json_object_get_string_member (first, "manage_url"), ==,
                   json_object_get_string_member (again, "manage_url"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM booking", NULL), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (misused, "field"), ==, "idempotency_key");

  /* Secret links: 256 bits, URL-safe. */
  manage = json_object_get_string_member (first, "manage_url");
  g_assert_true (g_str_has_prefix (manage, "/book/manage/"));
  g_assert_cmpuint (strlen (manage + strlen ("/book/manage/")), ==, 43);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (first, "intake_url"),
                                   "/book/intake/"));

  /* Written as a desk's push is: online, booked, in the change log, client made. */
  booking = spa_store_get (f->store, "booking", json_object_get_string_member (first, "booking_id"),
                           NULL);
  g_assert_cmpstr (spa_record_get_string (booking, "source"), ==, "online");
  g_assert_cmpstr (spa_record_get_string (booking, "status"), ==, "booked");
  g_assert_cmpstr (spa_record_get_string (booking, "room_id"), ==, spa_record_get_id (f->room));
  g_assert_cmpstr (spa_record_get_string (booking, "notes"), ==, "First visit");
  g_assert_cmpint (spa_record_get_version (booking), >, 0);
  g_assert_cmpint (count (f,
                          "SELECT count(*) FROM server_change WHERE entity = 'booking' AND "
                          "device_id = 'online'", NULL), ==, 1);
  client = spa_store_get (f->store, "client", spa_record_get_string (booking, "client_id"), NULL);
  g_assert_cmpstr (spa_record_get_string (client, "email"), ==, "ann@example.com");
  g_assert_cmpint (count (f, "SELECT count(*) FROM client", NULL), ==, 1);

  /* The same person again, by e-mail in other case, then by phone alone. */
  {
    g_autofree char *eleven = at (f, 11, 30);
    g_autofree char *one = at (f, 13, 0);
    g_autoptr(JsonObject) second = book (f, eleven, NULL, "ANN@example.com", "key-0002-bbbb", 201);
    g_autoptr(JsonObject) third = book (f, one, NULL, "ann.lee@example.org", "key-0003-cccc", 201);

    g_assert_cmpint (count (f, "SELECT count(*) FROM client", NULL), ==, 1);
    g_assert_cmpint (count (f, "SELECT count(DISTINCT client_id) FROM booking", NULL), ==, 1);
    g_assert_cmpint (count (f, "SELECT count(*) FROM booking", NULL), ==, 3);
  }

  /* Its slot is gone from availability; nothing there names anyone. */
  {
    g_autofree char *path = g_strdup_printf ("/v1/public/availability?service_id=%s&from=%s&days=1"
                                          "&therapist_id=%s",
                                             DEEP_TISSUE, f->day, spa_record_get_id (f->claire));
    g_autoptr(SoupMessage) msg = NULL;
    g_autofree char *text = fetch (f, "GET", path, NULL, NULL, &msg);
    g_autoptr(JsonNode) node = json_from_string (text, NULL);
    JsonArray *slots = json_object_get_array_member (json_node_get_object (node), "slots");

    g_assert_false (slots_contain (slots, ten, NULL));
    g_assert_null (strstr (text, "Ann"));
    g_assert_null (strstr (text, "ann@"));
  }
}

static void
test_create_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *ten = at (f, 10, 0);
  static const struct { const char *body; const char *field; } cases[] = {
    { "{\"service_id\": \"SERVICE\", \"starts_at\": \"STARTS\", \"client\": {\"first_name\": "
      "\"A\", \"last_name\": \"L\"},"
      " \"idempotency_key\": \"key-err-0001\"}", "client.email" },
    { "{\"service_id\": \"SERVICE\", \"starts_at\": \"STARTS\", \"client\": {\"first_name\": "
      "\"A\", \"last_name\": \"L\","
      " \"email\": \"not an address\"}, \"idempotency_key\": \"key-err-0002\"}", "client.email" },
    { "{\"service_id\": \"SERVICE\", \"starts_at\": \"STARTS\", \"client\": {\"last_name\": \"L\","
      " \"email\": \"a@example.com\"}, \"idempotency_key\": \"key-err-0003\"}",
          "client.first_name" },
    { "{\"service_id\": \"SERVICE\", \"starts_at\": \"STARTS\", \"client\": {\"first_name\": "
      "\"A\", \"last_name\": \"L\","
      " \"email\": \"a@example.com\", \"phone\": \"12\"}, \"idempotency_key\": \"key-err-0004\"}",
          "client.phone" },
    { "{\"service_id\": \"SERVICE\", \"starts_at\": \"STARTS\", \"client\": {\"first_name\": "
      "\"A\", \"last_name\": \"L\","
      " \"email\": \"a@example.com\"}}", "idempotency_key" },
    { "{\"service_id\": \"SERVICE\", \"starts_at\": \"STARTS\", \"client\": \"Ann\", "
      "\"idempotency_key\": \"key-err-0006\"}",
      "client" },
    { "{\"service_id\": \"SERVICE\", \"starts_at\": \"STARTS\", \"client\": {\"first_name\": 7, "
      "\"last_name\": \"L\","
      " \"email\": \"a@example.com\"}, \"idempotency_key\": \"key-err-0007\"}",
          "client.first_name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) text = g_string_new (cases[i].body);
      g_autofree char *body = NULL;

      g_string_replace (text, "SERVICE", DEEP_TISSUE, 1);
      g_string_replace (text, "STARTS", ten, 1);
      body = g_strdup (text->str);
      g_autoptr(JsonObject) error = call (f, "POST", "/v1/public/bookings", body, 400);

      g_assert_cmpstr (json_object_get_string_member (error, "error"), ==, "bad_request");
      g_assert_cmpstr (json_object_get_string_member (error, "field"), ==, cases[i].field);
      g_assert_true (json_object_has_member (error, "message"));
    }

  {
    g_autofree char *bad_time = booking_body (DEEP_TISSUE, "tomorrow at ten", NULL, "a@example.com",
                                              "key-err-0010");
    g_autofree char *bad_service = booking_body ("nope", ten, NULL, "a@example.com",
                                                 "key-err-0011");
    g_autofree char *bad_therapist = booking_body (HOT_STONE, ten, spa_record_get_id (f->claire),
                                                   "a@example.com", "key-err-0012");
    g_autoptr(JsonObject) e1 = call (f, "POST", "/v1/public/bookings", bad_time, 400);
    g_autoptr(JsonObject) e2 = call (f, "POST", "/v1/public/bookings", bad_service, 400);
    g_autoptr(JsonObject) e3 = call (f, "POST", "/v1/public/bookings", bad_therapist, 400);
    g_autoptr(JsonObject) e4 = call (f, "POST", "/v1/public/bookings", "{oops", 400);
    g_autoptr(JsonObject) e5 = call (f, "POST", "/v1/public/bookings", "[1]", 400);
    g_autoptr(JsonObject) e6 = call (f, "GET", "/v1/public/nothing", NULL, 404);

    g_assert_cmpstr (json_object_get_string_member (e1, "field"), ==, "starts_at");
    g_assert_cmpstr (json_object_get_string_member (e2, "field"), ==, "service_id");
    g_assert_cmpstr (json_object_get_string_member (e3, "field"), ==, "therapist_id");
  }

  /* A time in the past or off the grid is no slot. */
  {
    g_autofree char *past = booking_body (DEEP_TISSUE, "2020-01-06T17:00:00Z", NULL,
                                          "a@example.com", "key-err-0020");
    g_autofree char *odd = at (f, 10, 7);
    g_autofree char *off_grid = booking_body (DEEP_TISSUE, odd, NULL, "a@example.com",
                                              "key-err-0021");
    g_autoptr(JsonObject) e1 = call (f, "POST", "/v1/public/bookings", past, 409);
    g_autoptr(JsonObject) e2 = call (f, "POST", "/v1/public/bookings", off_grid, 409);
  }

  /* A body over 64 KiB is refused before it is read. */
  {
    GString *big = g_string_new ("{\"note\": \"");
    g_autoptr(JsonObject) e = NULL;

    for (guint i = 0; i < 70 * 1024; i++)
      g_string_append_c (big, 'x');
    g_string_append (big, "\"}");
    e = call (f, "POST", "/v1/public/bookings", big->str, 413);
    g_string_free (big, TRUE);
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM booking", NULL), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM client", NULL), ==, 0);
}

static void
test_slot_taken (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *ten = at (f, 10, 0);
  g_autoptr(JsonObject) first = book (f, ten, spa_record_get_id (f->claire), "ann@example.com",
                                      "key-taken-01", 201);
  g_autoptr(JsonObject) second = book (f, ten, spa_record_get_id (f->claire), "bob@example.com",
                                       "key-taken-02", 409);
  JsonArray *slots = json_object_get_array_member (second, "slots");

  g_assert_cmpstr (json_object_get_string_member (second, "error"), ==, "slot_taken");
  g_assert_true (json_object_has_member (second, "message"));
  g_assert_cmpuint (json_array_get_length (slots), >, 0);
  g_assert_false (slots_contain (slots, ten, NULL));

  /* With "any" therapist, Marcus (and the one room) are what is left: the room is
   * taken too, so 10:00 is gone for everyone. */
  {
    g_autoptr(JsonObject) any = book (f, ten, NULL, "bob@example.com", "key-taken-03", 409);
  }
}

typedef struct
{
  SoupMessage *msg;
  GBytes      *bytes;
  guint       *pending;
} Racer;

static void
race_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Racer *racer = user_data;

  racer->bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  (*racer->pending)--;
}

static gboolean
none_pending (gpointer data)
{
  return *(guint *)data == 0;
}

static void
test_twenty_at_once (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *ten = at (f, 10, 0);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", 64,
                                                                  "max-conns-per-host", 64, NULL);
  Racer racers[20] = { 0, };
  guint pending = G_N_ELEMENTS (racers);
  guint won = 0, taken = 0;
  g_autoptr(GError) error = NULL;

  /* Twenty different people, the same slot, at the same moment. */
  for (guint i = 0; i < G_N_ELEMENTS (racers); i++)
    {
      g_autofree char *email = g_strdup_printf ("racer%u@example.com", i);
      g_autofree char *key = g_strdup_printf ("race-key-%02u", i);
      g_autofree char *body = booking_body (DEEP_TISSUE, ten, spa_record_get_id (f->claire), email,
                                            key);

      racers[i].msg = new_message (f, "POST", "/v1/public/bookings", body, NULL);
      racers[i].pending = &pending;
      soup_session_send_and_read_async (session, racers[i].msg, G_PRIORITY_DEFAULT, NULL,
                                        race_done_cb, &racers[i]);
    }
  g_assert_true (spa_test_iterate_until (none_pending, &pending, 60000));

  for (guint i = 0; i < G_N_ELEMENTS (racers); i++)
    {
      guint status = soup_message_get_status (racers[i].msg);

      if (status == 201)
        won++;
      else if (status == 409)
        taken++;
      else
        g_error ("racer %u: %u", i, status);
      g_clear_pointer (&racers[i].bytes, g_bytes_unref);
      g_clear_object (&racers[i].msg);
    }
  g_assert_cmpuint (won, ==, 1);
  g_assert_cmpuint (taken, ==, 19);
  g_assert_cmpint (count (f, "SELECT count(*) FROM booking", NULL), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM client", NULL), ==, 1);
  (void)error;
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ten = at (f, 10, 0);

  g_assert_true (spa_public_set_setting (f->store, "rate_limit", "3", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) e = call (f, "POST", "/v1/public/bookings", "{}", 400);
    }
  {
    g_autofree char *body = booking_body (DEEP_TISSUE, ten, NULL, "ann@example.com",
                                          "key-rate-0001");
    g_autoptr(SoupMessage) msg = NULL;
    g_autofree char *text = fetch (f, "POST", "/v1/public/bookings", body, NULL, &msg);
    const char *retry = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                      "Retry-After");

    g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
    g_assert_nonnull (strstr (text, "too_many_requests"));
    g_assert_nonnull (retry);
    g_assert_cmpint (atoi (retry), >=, 1);
    g_assert_cmpint (atoi (retry), <=, 60);
  }
  /* Reading is not limited. */
  {
    g_autoptr(JsonObject) services = call (f, "GET", "/v1/public/services", NULL, 200);
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM booking", NULL), ==, 0);
}

/* The fixture's server again, trusting the reverse proxies @trusted. */
static void
serve_behind (Fixture    *f,
              const char *trusted)
{
  const char * const specs[] = { trusted, NULL };
  g_autoptr(GPtrArray) proxies = spa_proxy_parse_trusted (specs, NULL);
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->server);
  g_clear_pointer (&f->url, g_free);
  f->server = spa_server_new (f->store, NULL);
  spa_server_set_time_zone (f->server, f->zone);
  spa_server_set_trusted_proxies (f->server, proxies);
  g_assert_true (spa_server_listen (f->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  f->url = spa_server_get_url (f->server);
}

/* An empty booking (a 400 once counted) with X-Forwarded-For @forwarded: its status. */
static guint
post_forwarded (Fixture    *f,
                const char *forwarded)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  SoupMessage *msg = new_message (f, "POST", "/v1/public/bookings", "{}", NULL);
  SpaTestExchange exchange = { 0, };
  g_autofree char *text = NULL;
  guint status;

  if (forwarded != NULL)
    soup_message_headers_append (soup_message_get_request_headers (msg), "X-Forwarded-For",
                                 forwarded);
  spa_test_exchange_start (session, &exchange, msg);
  text = spa_test_exchange_finish (&exchange, &status);
  g_clear_object (&exchange.msg);
  g_assert_true (status == 400 || status == 429);
  return status;
}

/* One round of test_forwarded_for: FALSE when it crossed a minute of the clock, else
 * every answer checked. */
static gboolean
forwarded_round (Fixture *f)
{
  static const struct
  {
    const char *trusted;     /* a new server trusting this proxy first */
    const char *forwarded;
    guint       status;
  } steps[] = {
    /* Behind a trusted proxy on 127.0.0.1: each forwarded client has its own window. */
    { "127.0.0.1", "203.0.113.5", 400 },
    { NULL, "203.0.113.5", 400 },
    { NULL, "203.0.113.5", 429 },
    { NULL, "198.51.100.7", 400 },
    /* A client's own entry on the left changes nothing: the proxy's, on the right. */
    { NULL, "203.0.113.99, 198.51.100.7", 400 },
    { NULL, "10.9.9.9, 198.51.100.7", 429 },
    { NULL, "2001:db8::5", 400 },
    { NULL, "2001:DB8:0::5", 400 },
    { NULL, "2001:db8::5", 429 },
    /* From a peer that is no trusted proxy the header is ignored: the peer's window. */
    { "192.0.2.1", "192.0.2.50", 400 },
    { NULL, "192.0.2.51", 400 },
    { NULL, "192.0.2.52", 429 },
    { NULL, NULL, 429 },
  };
  gint64 minute = g_get_real_time () / G_USEC_PER_SEC / 60;
  guint got[G_N_ELEMENTS (steps)];

  if (spa_test_pg_uri () != NULL)
    g_assert_null (spa_test_pg_exec ("DELETE FROM spa_rate_window"));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      if (steps[i].trusted != NULL)
        serve_behind (f, steps[i].trusted);
      got[i] = post_forwarded (f, steps[i].forwarded);
    }
  if (g_get_real_time () / G_USEC_PER_SEC / 60 != minute)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_test_message ("%u: %s: %u", i, steps[i].forwarded, got[i]);
      g_assert_cmpuint (got[i], ==, steps[i].status);
    }
  return TRUE;
}

/*
 * The rate limit behind a reverse proxy (--trusted-proxy): per forwarded client when
 * the peer is trusted, per peer otherwise. A round that crossed a minute of the clock
 * (PostgreSQL's windows) runs again, three rounds at most.
 */
static void
test_forwarded_for (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean one_minute = FALSE;

  g_assert_true (spa_public_set_setting (f->store, "rate_limit", "2", &error));
  g_assert_no_error (error);
  for (guint round = 0; round < 3 && !one_minute; round++)
    one_minute = forwarded_round (f);
  g_assert_true (one_minute);
}

static void
test_switched_off (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ten = at (f, 10, 0);
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *page = NULL;

  g_assert_true (spa_public_set_setting (f->store, "online_booking", "false", &error));
  {
    g_autoptr(JsonObject) e1 = call (f, "GET", "/v1/public/services", NULL, 503);
    g_autoptr(JsonObject) e2 = book (f, ten, NULL, "ann@example.com", "key-off-00001", 503);

    g_assert_cmpstr (json_object_get_string_member (e1, "error"), ==, "online_booking_off");
  }
  page = fetch (f, "GET", "/book", NULL, NULL, &msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 503);
  g_assert_nonnull (strstr (page, "Online booking is not available"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM booking", NULL), ==, 0);

  /* Unknown settings and bad values are refused. */
  g_assert_false (spa_public_set_setting (f->store, "colour", "#123456", &error));
  g_clear_error (&error);
  g_assert_false (spa_public_set_setting (f->store, "slot_minutes", "ten", &error));
  g_clear_error (&error);
  g_assert_false (spa_public_set_setting (f->store, "spa_color", "red", &error));
}

static char *
secret_of (JsonObject *created,
           const char *member)
{
  const char *url = json_object_get_string_member (created, member);

  return g_strdup (strrchr (url, '/') + 1);
}

static void
test_manage (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *ten = at (f, 10, 0);
  g_autofree char *two = at (f, 14, 0);
  g_autofree char *noon = at (f, 12, 0);
  g_autoptr(JsonObject) created = book (f, ten, spa_record_get_id (f->claire), "ann@example.com",
                                        "key-manage-01", 201);
  g_autoptr(JsonObject) other = book (f, noon, spa_record_get_id (f->claire), "bob@example.com",
                                      "key-manage-02", 201);
  g_autofree char *secret = secret_of (created, "manage_url");
  g_autofree char *intake_secret = secret_of (created, "intake_url");
  g_autofree char *path = g_strdup_printf ("/v1/public/bookings/%s", secret);
  g_autoptr(JsonObject) seen = call (f, "GET", path, NULL, 200);
  const char *id = json_object_get_string_member (created, "booking_id");

  g_assert_cmpstr (json_object_get_string_member (seen, "booking_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (seen, "first_name"), ==, "Ann");
  g_assert_true (json_object_get_boolean_member (seen, "changeable"));
  g_assert_false (json_object_has_member (seen, "email"));

  /* An altered, unknown or wrong-kind secret opens nothing. */
  {
    g_autofree char *altered = g_strdup (secret);
    g_autofree char *p1 = NULL;
    g_autofree char *p2 = g_strdup_printf ("/v1/public/bookings/%s", intake_secret);
    g_autofree char *p3 = g_strdup_printf ("/book/manage/%s", intake_secret);

    altered[5] = altered[5] == 'A' ? 'B' : 'A';
    p1 = g_strdup_printf ("/v1/public/bookings/%s", altered);
    {
      g_autoptr(JsonObject) e1 = call (f, "GET", p1, NULL, 404);
      g_autoptr(JsonObject) e2 = call (f, "GET", p2, NULL, 404);
      g_autoptr(JsonObject) e3 = call (f, "GET", "/v1/public/bookings/short", NULL, 404);
      g_autoptr(SoupMessage) msg = NULL;
      g_autofree char *page = fetch (f, "GET", p3, NULL, NULL, &msg);

      g_assert_cmpuint (soup_message_get_status (msg), ==, 404);
      g_assert_null (strstr (page, "Ann"));
    }
  }

  /* Moving onto Bob's time is refused with fresh times; to a free one works. */
  {
    g_autofree char *move = g_strdup_printf ("%s/reschedule", path);
    g_autofree char *onto_bob = g_strdup_printf ("{\"starts_at\": \"%s\"}", noon);
    g_autofree char *later = g_strdup_printf ("{\"starts_at\": \"%s\"}", two);
    g_autoptr(JsonObject) refused = call (f, "POST", move, onto_bob, 409);
    g_autoptr(JsonObject) moved = call (f, "POST", move, later, 200);
    g_autoptr(SpaRecord) booking = spa_store_get (f->store, "booking", id, NULL);
    /* Moving by a quarter hour onto its own old time is fine: it holds nothing then. */
    g_autofree char *quarter = at (f, 14, 15);
    g_autofree char *nudge = g_strdup_printf ("{\"starts_at\": \"%s\"}", quarter);
    g_autoptr(JsonObject) nudged = call (f, "POST", move, nudge, 200);

    g_assert_cmpstr (json_object_get_string_member (refused, "error"), ==, "slot_taken");
    g_assert_cmpstr (json_object_get_string_member (moved, "starts_at"), ==, two);
    g_assert_cmpstr (spa_record_get_string (booking, "starts_at"), ==, two);
    g_assert_cmpstr (json_object_get_string_member (nudged, "starts_at"), ==, quarter);
  }

  /* Cancelling frees the time; a cancelled booking cannot be changed again. */
  {
    g_autofree char *cancel = g_strdup_printf ("%s/cancel", path);
    g_autoptr(JsonObject) cancelled = call (f, "POST", cancel, "{}", 200);
    g_autoptr(JsonObject) again = call (f, "POST", cancel, "{}", 409);
    g_autoptr(SpaRecord) booking = spa_store_get (f->store, "booking", id, NULL);
    g_autoptr(JsonObject) retaken = NULL;
    g_autofree char *quarter = at (f, 14, 15);

    g_assert_cmpstr (json_object_get_string_member (cancelled, "status"), ==, "cancelled");
    g_assert_cmpstr (spa_record_get_string (booking, "status"), ==, "cancelled");
    retaken = book (f, quarter, spa_record_get_id (f->claire), "cy@example.com", "key-manage-03",
                    201);
  }

  /* Bob's own link touches only Bob's booking. */
  {
    g_autofree char *bob_secret = secret_of (other, "manage_url");
    g_autofree char *bob = g_strdup_printf ("/v1/public/bookings/%s", bob_secret);
    g_autoptr(JsonObject) his = call (f, "GET", bob, NULL, 200);

    g_assert_cmpstr (json_object_get_string_member (his, "booking_id"), ==,
                     json_object_get_string_member (other, "booking_id"));
    g_assert_cmpstr (json_object_get_string_member (his, "status"), ==, "booked");
  }
}

static void
test_intake_and_desk (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *ten = at (f, 10, 0);
  g_autoptr(JsonObject) created = book (f, ten, NULL, "ann@example.com", "key-intake-01", 201);
  g_autofree char *secret = secret_of (created, "intake_url");
  g_autofree char *manage_secret = secret_of (created, "manage_url");
  g_autofree char *path = g_strdup_printf ("/v1/public/intake/%s", secret);
  g_autofree char *wrong = g_strdup_printf ("/v1/public/intake/%s", manage_secret);
  const char *form =
    "{\"reason\": \"Sore back from gardening\", \"pressure\": \"firm\","
    " \"pain_areas\": [{\"region\": \"lower_back\", \"intensity\": 6, \"quality\": \"stiff\", "
    "\"note\": \"Worse in the morning\"}],"
    " \"avoid_areas\": [{\"region\": \"neck\", \"reason\": \"Whiplash last year\"}],"
    " \"conditions\": [\"high_blood_pressure\"], \"allergies\": \"Nut oils\","
    " \"consent\": true, \"consent_name\": \"Ann Lee\"}";
  g_autoptr(JsonObject) no_consent = call (f, "POST", path,
                                           "{\"reason\": \"x\", \"consent\": false, "
                                           "\"consent_name\": \"Ann Lee\"}", 400);
  g_autoptr(JsonObject) bad_region = call (f, "POST", path,
                                           "{\"pain_areas\": [{\"region\": \"tail\", "
                                           "\"intensity\": 3}],"
                                           " \"consent\": true, \"consent_name\": \"Ann Lee\"}",
                                               400);
  g_autoptr(JsonObject) bad_quality = call (f, "POST", path,
                                            "{\"pain_areas\": [{\"region\": \"neck\", "
                                            "\"intensity\": 3}, {\"region\": \"lower_back\", "
                                            "\"intensity\": 2, \"quality\": \"zappy\"}],"
                                            " \"consent\": true, \"consent_name\": \"Ann Lee\"}",
                                            400);
  g_autofree char *long_note = g_strdup_printf ("{\"pain_areas\": [{\"region\": \"neck\", "
                                                "\"intensity\": 3, \"note\": \"%0201d\"}],"
                                                " \"consent\": true, \"consent_name\": \"A\"}",
                                                0);
  g_autoptr(JsonObject) too_long = call (f, "POST", path, long_note, 400);
  g_autoptr(JsonObject) wrong_kind = call (f, "POST", wrong, form, 404);
  g_autoptr(JsonObject) sent = call (f, "POST", path, form, 201);
  g_autoptr(JsonObject) twice = call (f, "POST", path, form, 409);
  g_autoptr(SpaTestDevice) desk = NULL;
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaRecord) intake = NULL;

  g_assert_cmpstr (json_object_get_string_member (no_consent, "field"), ==, "consent");
  /* The body map's problems are pointed at exactly, with the core's words. */
  g_assert_cmpstr (json_object_get_string_member (bad_region, "field"), ==,
                   "pain_areas[0].region");
  g_assert_cmpstr (json_object_get_string_member (bad_quality, "field"), ==,
                   "pain_areas[1].quality");
  g_assert_nonnull (strstr (json_object_get_string_member (bad_quality, "message"), "zappy"));
  g_assert_cmpstr (json_object_get_string_member (too_long, "field"), ==, "pain_areas[0].note");
  g_assert_cmpstr (json_object_get_string_member (twice, "error"), ==, "already_received");

  /* A desk's next pull brings the booking, marked online, and the client's intake,
   * complete and marked as filled by the client. */
  desk = spa_test_device_new (f->url, f->manager);
  spa_test_device_sync_ok (desk);
  booking = spa_store_get (desk->store, "booking", json_object_get_string_member (created,
      "booking_id"), NULL);
  g_assert_nonnull (booking);
  g_assert_cmpstr (spa_record_get_string (booking, "source"), ==, "online");
  intake = spa_clinical_current_intake (desk->store, spa_record_get_string (booking, "client_id"),
                                        NULL);
  g_assert_nonnull (intake);
  g_assert_cmpstr (spa_record_get_id (intake), ==, json_object_get_string_member (sent,
                                                                                  "intake_id"));
  g_assert_cmpstr (spa_record_get_string (intake, "filled_by"), ==, "client");
  g_assert_cmpstr (spa_record_get_string (intake, "pressure"), ==, "firm");
  {
    JsonObject *pain = json_array_get_object_element (
      json_node_get_array (spa_record_get_json (intake, "pain_areas")), 0);

    g_assert_cmpstr (json_object_get_string_member (pain, "quality"), ==, "stiff");
    g_assert_cmpstr (json_object_get_string_member (pain, "note"), ==, "Worse in the morning");
  }
  g_assert_cmpstr (spa_record_get_string (intake, "consent_name"), ==, "Ann Lee");
  g_assert_nonnull (spa_record_get_string (intake, "completed_at"));
}

/* A time freed on a desk is offered by e-mail to the client waiting for it, and the
 * desks see it on their next pull: the entry offered, with the time, as a synced
 * change. A client who cannot get e-mail is not offered it. */
static void
test_waitlist_offer_desk (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *ten = at (f, 10, 0);
  g_autoptr(JsonObject) created = book (f, ten, NULL, "ann@example.com", "key-wait-01", 201);
  const char *booking_id = json_object_get_string_member (created, "booking_id");
  g_autoptr(SpaRecord) bea = spa_record_new ("client");
  g_autoptr(SpaRecord) cy = spa_record_new ("client");
  g_autoptr(SpaRecord) bea_entry = spa_record_new (SPA_WAITLIST_ENTITY);
  g_autoptr(SpaRecord) cy_entry = spa_record_new (SPA_WAITLIST_ENTITY);
  g_autoptr(SpaTestDevice) desk = NULL;
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaRecord) pulled = NULL;
  g_autoptr(SpaRecord) not_offered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (f->zone);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 60);
  g_autofree char *until = g_date_time_format (later, "%Y-%m-%d");

  spa_server_mail_enable (f->store, "desk@cedar.example");
  spa_record_set_string (bea, "first_name", "Bea");
  spa_record_set_string (bea, "last_name", "Moss");
  spa_record_set_string (bea, "email", "bea@example.com");
  save_logged (f, bea);
  spa_record_set_string (cy, "first_name", "Cy");
  spa_record_set_string (cy, "last_name", "Park");
  save_logged (f, cy);
  for (guint i = 0; i < 2; i++)
    {
      SpaRecord *entry = i == 0 ? bea_entry : cy_entry;

      spa_record_set_string (entry, "client_id", spa_record_get_id (i == 0 ? bea : cy));
      spa_record_set_string (entry, "service_id", DEEP_TISSUE);
      spa_record_set_string (entry, "until", until);
      spa_record_set_string (entry, "status", "waiting");
      save_logged (f, entry);
    }

  desk = spa_test_device_new (f->url, f->manager);
  spa_test_device_sync_ok (desk);
  booking = spa_store_get (desk->store, "booking", booking_id, &error);
  g_assert_no_error (error);
  spa_record_set_string (booking, "status", "cancelled");
  g_assert_true (spa_store_save (desk->store, booking, &error));
  g_assert_no_error (error);
  spa_test_device_sync_ok (desk);
  spa_test_device_sync_ok (desk);

  pulled = spa_store_get (desk->store, SPA_WAITLIST_ENTITY, spa_record_get_id (bea_entry), NULL);
  g_assert_cmpstr (spa_record_get_string (pulled, SPA_WAITLIST_STATUS), ==, "offered");
  g_assert_cmpstr (spa_record_get_string (pulled, SPA_WAITLIST_OFFER_STARTS_AT), ==, ten);
  shown = spa_waitlist_describe_status (pulled, f->zone);
  g_assert_true (g_str_has_prefix (shown, "Offered "));
  g_assert_true (g_str_has_suffix (shown, " 10:00 by e-mail"));
  not_offered = spa_store_get (desk->store, SPA_WAITLIST_ENTITY, spa_record_get_id (cy_entry),
                               NULL);
  g_assert_cmpstr (spa_record_get_string (not_offered, SPA_WAITLIST_STATUS), ==, "waiting");
  g_assert_false (spa_record_has_value (not_offered, SPA_WAITLIST_OFFER_STARTS_AT));
}

static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) fr_msg = NULL;
  g_autoptr(SoupMessage) js_msg = NULL;
  g_autoptr(SoupMessage) lost = NULL;
  g_autofree char *page = fetch (f, "GET", "/book", NULL, "en-CA,en;q=0.9", &msg);
  g_autofree char *french = fetch (f, "GET", "/book", NULL, "fr-CA,fr;q=0.9,en;q=0.5", &fr_msg);
  g_autofree char *script = fetch (f, "GET", "/book/static/book.js", NULL, NULL, &js_msg);
  g_autofree char *missing = fetch (f, "GET",
                                    "/book/manage/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                        NULL, NULL, &lost);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *csp = soup_message_headers_get_one (headers, "Content-Security-Policy");

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/html");
  g_assert_nonnull (csp);
  g_assert_nonnull (strstr (csp, "script-src 'self'"));
  g_assert_null (strstr (csp, "unsafe-inline"));
  g_assert_null (strstr (csp, "unsafe-eval"));
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Referrer-Policy"), ==, "no-referrer");
  g_assert_nonnull (strstr (page, "<html lang=\"en\">"));
  g_assert_nonnull (strstr (page, "Book online"));
  /* No inline script or style anywhere. */
  g_assert_null (strstr (page, "<script>"));
  g_assert_null (strstr (page, "style="));

  g_assert_nonnull (strstr (french, "<html lang=\"fr\">"));
  g_assert_nonnull (strstr (french, "Réserver en ligne"));

  g_assert_cmpuint (soup_message_get_status (js_msg), ==, 200);
  g_assert_nonnull (strstr (script, "idempotency_key"));
  g_assert_cmpuint (soup_message_get_status (lost), ==, 404);

  /* The steps, as links: therapist, then times on the fixture's day. */
  {
    g_autofree char *p1 = g_strdup_printf ("/book?service=%s", DEEP_TISSUE);
    g_autofree char *p2 = g_strdup_printf ("/book?service=%s&therapist=any&day=%s", DEEP_TISSUE,
                                           f->day);
    g_autoptr(SoupMessage) m1 = NULL;
    g_autoptr(SoupMessage) m2 = NULL;
    g_autofree char *therapists = fetch (f, "GET", p1, NULL, NULL, &m1);
    g_autofree char *times = fetch (f, "GET", p2, NULL, NULL, &m2);
    g_autofree char *ten = at (f, 10, 0);

    g_assert_nonnull (strstr (therapists, "Claire Dubois"));
    g_assert_nonnull (strstr (therapists, "Any available therapist"));
    g_assert_null (strstr (therapists, "claire@example.com"));
    g_assert_nonnull (strstr (times, ten));
  }
}

/* What a manager sets on a desk reaches the public side by the desk's next sync: which
 * services and therapists are booked online, a therapist's biography, and the online
 * settings (welcome text, horizon, cancellation window, on or off); what is set on
 * the server reaches the desk. */
static void
test_desk_settings (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SpaTestDevice) desk = spa_test_device_new (f->url, f->manager);
  g_autoptr(GError) error = NULL;
  g_autofree char *therapists_path = g_strdup_printf ("/v1/public/therapists?service_id=%s",
                                                      DEEP_TISSUE);
  g_autofree char *slots_path = g_strdup_printf ("/v1/public/availability?service_id=%s"
                                                 "&from=%s&days=1", DEEP_TISSUE, f->day);
  g_autofree char *ten = at (f, 10, 0);
  g_autoptr(JsonObject) created = book (f, ten, spa_record_get_id (f->claire), "ann@example.com",
                                        "key-desk-00001", 201);
  g_autofree char *secret = secret_of (created, "manage_url");
  g_autofree char *manage = g_strdup_printf ("/v1/public/bookings/%s", secret);
  g_autofree char *cancel = g_strdup_printf ("/v1/public/bookings/%s/cancel", secret);

  spa_test_device_sync_ok (desk);
  {
    g_autoptr(JsonObject) before = call (f, "GET", "/v1/public/services", NULL, 200);
    g_autoptr(JsonObject) seen = call (f, "GET", manage, NULL, 200);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (before, "services")),
                      ==, 8);
    g_assert_true (json_object_get_boolean_member (seen, "changeable"));
  }

  /* On the desk: hot stone off the page, Marcus on it with a biography, Claire off it;
   * bookable only a day ahead, changes online until four days before, a welcome. */
  {
    g_autoptr(SpaRecord) hot = spa_store_get (desk->store, "service", HOT_STONE, NULL);
    g_autoptr(SpaRecord) claire = spa_store_get (desk->store, "therapist",
                                                 spa_record_get_id (f->claire), NULL);
    g_autoptr(SpaRecord) marcus = spa_store_get (desk->store, "therapist",
                                                 spa_record_get_id (f->marcus), NULL);
    g_autoptr(SpaRecord) settings = spa_online_settings_load (desk->store, &error);

    spa_record_set_boolean (hot, "online", FALSE);
    spa_record_set_boolean (claire, "online", FALSE);
    spa_record_set_string (marcus, "bio", "Sports massage for runners.");
    g_assert_true (spa_online_settings_set_text (settings, "horizon_days", "1", &error));
    g_assert_true (spa_online_settings_set_text (settings, "cancel_hours", "96", &error));
    g_assert_true (spa_online_settings_set_text (settings, "intro", "Welcome to Cedar & Stone.",
                                                 &error));
    for (SpaRecord **r = (SpaRecord *[]) { hot, claire, marcus, settings, NULL }; *r; r++)
      {
        g_assert_true (spa_store_save (desk->store, *r, &error));
        g_assert_no_error (error);
      }
  }
  spa_test_device_sync_ok (desk);

  {
    g_autoptr(JsonObject) services = call (f, "GET", "/v1/public/services", NULL, 200);
    g_autoptr(JsonObject) therapists = call (f, "GET", therapists_path, NULL, 200);
    g_autoptr(JsonObject) slots = call (f, "GET", slots_path, NULL, 200);
    g_autoptr(JsonObject) seen = call (f, "GET", manage, NULL, 200);
    g_autoptr(JsonObject) refused = call (f, "POST", cancel, "{}", 409);
    JsonArray *list = json_object_get_array_member (therapists, "therapists");
    g_autoptr(SoupMessage) msg = NULL;
    g_autofree char *page = fetch (f, "GET", "/book", NULL, NULL, &msg);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (services, "services")),
                      ==, 7);
    g_assert_cmpuint (json_array_get_length (list), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                    "bio"), ==, "Sports massage for runners.");
    /* Three days ahead is past the one-day horizon. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (slots, "slots")), ==,
                      0);
    g_assert_false (json_object_get_boolean_member (seen, "changeable"));
    g_assert_cmpstr (json_object_get_string_member (refused, "error"), ==, "not_changeable");
    /* Saying "I am coming" is no change: still possible inside the window. */
    {
      g_autofree char *confirm = g_strdup_printf ("/v1/public/bookings/%s/confirm", secret);
      g_autoptr(JsonObject) coming = call (f, "POST", confirm, "{}", 200);

      g_assert_cmpstr (json_object_get_string_member (coming, "status"), ==, "confirmed");
    }
    g_assert_nonnull (strstr (page, "Welcome to Cedar &amp; Stone."));
  }

  /* Switched off on the desk: the API and the page say to call. */
  {
    g_autoptr(SpaRecord) settings = spa_online_settings_load (desk->store, &error);

    spa_record_set_boolean (settings, "enabled", FALSE);
    g_assert_true (spa_store_save (desk->store, settings, &error));
    spa_test_device_sync_ok (desk);
    {
      g_autoptr(JsonObject) off = call (f, "GET", "/v1/public/services", NULL, 503);
    }
  }

  /* Set on the server (spa-desk-server set ...): through the change log to the desk. */
  {
    g_autoptr(SpaRecord) settings = NULL;

    g_assert_true (spa_public_set_setting (f->store, "online_booking", "true", &error));
    g_assert_true (spa_public_set_setting (f->store, "notice_minutes", "30", &error));
    g_assert_no_error (error);
    spa_test_device_sync_ok (desk);
    settings = spa_online_settings_load (desk->store, &error);
    g_assert_true (spa_online_settings_enabled (settings));
    g_assert_cmpuint (spa_online_settings_get (settings, "notice_minutes"), ==, 30);
    g_assert_cmpuint (spa_online_settings_get (settings, "horizon_days"), ==, 1);
  }
}

/* A chain: Kitsilano, in Toronto's zone, where Marcus now works with the Maple room.
 * Its availability is its own therapists' at Toronto's hours, a booking asked there is
 * made there, and a location that does not take bookings is refused by name. */
static void
test_location (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SpaRecord) kits = add_logged (f, SPA_LOCATION_ENTITY, "Kitsilano", NULL);
  g_autoptr(SpaRecord) closed = add_logged (f, SPA_LOCATION_ENTITY, "Gastown", NULL);
  g_autoptr(SpaRecord) maple = add_logged (f, "room", "Maple room", NULL);
  g_autoptr(GTimeZone) toronto = g_time_zone_new_identifier ("America/Toronto");
  g_autoptr(GDateTime) nine_there = NULL;
  g_autoptr(GDateTime) ten_there = NULL;
  g_autofree char *nine = NULL;
  g_autofree char *ten = NULL;
  g_autofree char *path = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *body = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *shut = NULL;
  g_autoptr(JsonObject) there = NULL;
  g_autoptr(JsonObject) here = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) unknown = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(SpaRecord) booking = NULL;
  JsonArray *slots;
  const char *kits_id = spa_record_get_id (kits);
  int y, m, d;

  spa_record_set_string (kits, SPA_LOCATION_TIME_ZONE, "America/Toronto");
  save_logged (f, kits);
  spa_record_set_boolean (closed, SPA_LOCATION_ACTIVE, FALSE);
  save_logged (f, closed);
  spa_record_set_string (f->marcus, SPA_LOCATION_ID_FIELD, kits_id);
  save_logged (f, f->marcus);
  spa_record_set_string (maple, SPA_LOCATION_ID_FIELD, kits_id);
  save_logged (f, maple);

  g_assert_cmpint (sscanf (f->day, "%d-%d-%d", &y, &m, &d), ==, 3);
  nine_there = g_date_time_new (toronto, y, m, d, 9, 0, 0);
  ten_there = g_date_time_new (toronto, y, m, d, 10, 0, 0);
  nine = spa_time_format_utc (nine_there);
  ten = spa_time_format_utc (ten_there);

  /* The locations a client may choose: the open ones. */
  {
    g_autoptr(JsonObject) all = call (f, "GET", "/v1/public/locations", NULL, 200);
    JsonArray *locations = json_object_get_array_member (all, "locations");
    gboolean kits_listed = FALSE;

    g_assert_cmpuint (json_array_get_length (locations), ==, 2);
    for (guint i = 0; i < json_array_get_length (locations); i++)
      kits_listed |= g_str_equal (json_object_get_string_member (
                                    json_array_get_object_element (locations, i), "id"), kits_id);
    g_assert_true (kits_listed);
  }

  /* At Kitsilano: Marcus alone, from 09:00 Toronto time, in Toronto's zone. */
  path = g_strdup_printf ("/v1/public/availability?service_id=%s&from=%s&days=1&location_id=%s",
                          DEEP_TISSUE, f->day, kits_id);
  there = call (f, "GET", path, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (there, "time_zone"), ==, "America/Toronto");
  slots = json_object_get_array_member (there, "slots");
  g_assert_cmpuint (json_array_get_length (slots), ==, 29);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (slots, 0),
                                                  "starts_at"), ==, nine);
  for (guint i = 0; i < json_array_get_length (slots); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (slots, i),
                                                    "therapist_id"), ==,
                     spa_record_get_id (f->marcus));

  /* Without a location: the default one, Claire alone, in the spa's zone. */
  plain = g_strdup_printf ("/v1/public/availability?service_id=%s&from=%s&days=1", DEEP_TISSUE,
                           f->day);
  here = call (f, "GET", plain, NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (here, "time_zone"), ==, "America/Vancouver");
  slots = json_object_get_array_member (here, "slots");
  g_assert_cmpuint (json_array_get_length (slots), ==, 29);
  g_assert_false (slots_contain (slots, nine, spa_record_get_id (f->marcus)));

  /* The booking pages: a chain's client first chooses where, then sees that location's
   * therapists and its times. */
  {
    g_autoptr(SoupMessage) msg = NULL;
    g_autofree char *first = fetch (f, "GET", "/book?lang=en", NULL, NULL, &msg);
    g_autofree char *link = g_strdup_printf ("location=%s", kits_id);
    g_autofree char *who_path = g_strdup_printf ("/book?service=%s&location=%s&lang=en",
                                                 DEEP_TISSUE, kits_id);
    g_autofree char *when_path = g_strdup_printf ("/book?service=%s&therapist=any&location=%s"
                                                  "&day=%s&lang=en", DEEP_TISSUE, kits_id,
                                                  f->day);
    g_autofree char *who = NULL;
    g_autofree char *when = NULL;
    g_autofree char *nine_link = g_strdup_printf ("starts=%s", nine);

    g_assert_nonnull (strstr (first, "Choose where you would like to come."));
    g_assert_nonnull (strstr (first, link));
    g_clear_object (&msg);
    who = fetch (f, "GET", who_path, NULL, NULL, &msg);
    g_assert_nonnull (strstr (who, "Marcus Lee"));
    g_assert_null (strstr (who, "Claire Dubois"));
    g_clear_object (&msg);
    when = fetch (f, "GET", when_path, NULL, NULL, &msg);
    g_assert_nonnull (strstr (when, nine_link));
    g_assert_nonnull (strstr (when, link));
  }

  /* Booked at Kitsilano: there, with its room and therapist. */
  {
    g_autofree char *plain_body = booking_body (DEEP_TISSUE, ten, NULL, "ann@example.com",
                                                "key-loc-0001");

    body = g_strdup_printf ("{\"location_id\": \"%s\", %s", kits_id, plain_body + 1);
  }
  created = call (f, "POST", "/v1/public/bookings", body, 201);
  booking = spa_store_get (f->store, "booking", json_object_get_string_member (created,
                                                                              "booking_id"), NULL);
  g_assert_nonnull (booking);
  g_assert_cmpstr (spa_record_get_location_id (booking), ==, kits_id);
  g_assert_cmpstr (spa_record_get_string (booking, "therapist_id"), ==,
                   spa_record_get_id (f->marcus));
  g_assert_cmpstr (spa_record_get_string (booking, "room_id"), ==, spa_record_get_id (maple));
  g_assert_cmpstr (spa_record_get_string (booking, "starts_at"), ==, ten);

  /* An unknown or closed location is refused, and nothing is booked. */
  {
    g_autofree char *plain_body = booking_body (DEEP_TISSUE, ten, NULL, "bob@example.com",
                                                "key-loc-0002");

    bad = g_strdup_printf ("{\"location_id\": \"nope\", %s", plain_body + 1);
    shut = g_strdup_printf ("/v1/public/availability?service_id=%s&from=%s&location_id=%s",
                            DEEP_TISSUE, f->day, spa_record_get_id (closed));
  }
  unknown = call (f, "POST", "/v1/public/bookings", bad, 400);
  refused = call (f, "GET", shut, NULL, 400);
  g_assert_cmpstr (json_object_get_string_member (unknown, "field"), ==, "location_id");
  g_assert_cmpstr (json_object_get_string_member (refused, "field"), ==, "location_id");
  g_assert_cmpint (count (f, "SELECT count(*) FROM booking", NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/public/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("services", test_services);
  ADD ("therapists", test_therapists);
  ADD ("availability", test_availability);
  ADD ("create", test_create);
  ADD ("create-errors", test_create_errors);
  ADD ("slot-taken", test_slot_taken);
  ADD ("twenty-at-once", test_twenty_at_once);
  ADD ("rate-limit", test_rate_limit);
  ADD ("forwarded-for", test_forwarded_for);
  ADD ("switched-off", test_switched_off);
  ADD ("manage", test_manage);
  ADD ("intake-and-desk", test_intake_and_desk);
  ADD ("waitlist-offer-desk", test_waitlist_offer_desk);
  ADD ("pages", test_pages);
  ADD ("desk-settings", test_desk_settings);
  ADD ("location", test_location);

  return g_test_run ();
}
