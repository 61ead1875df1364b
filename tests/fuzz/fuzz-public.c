/* fuzz-public.c: libFuzzer harness for the server's public routes
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spa-server-public.h"
#include "spa-server-route.h"
#include "spa-server-sync.h"
#include "spa-store-private.h"
#include "spa-sync-local.h"
#include "spa-util.h"
#include "spa-waitlist.h"

#include "spa-fuzz-util.h"

/*
 * Input: a request line "METHOD TARGET", a line break, then the body, for the public
 * side of a server (the /v1/public/ API and the /book pages) that holds a therapist
 * who works every day 09:00-17:00, a room, the default services and one online booking
 * three days ahead, made through the API. In the target and the body, {M} and {I}
 * stand for that booking's manage and intake secrets, {S} for deep tissue's id, {T}
 * for the therapist's, {D} for the day (YYYY-MM-DD), {A} and {B} for 10:00 and 14:00
 * that day (UTC), so that seeds stay valid whatever the date. {W} is the secret of a
 * waitlist offer of a second booking's time, cancelled, to Ann (the link the server's
 * e-mail carries, /book/waitlist/{W}). GET /v1/money/… is asked with the token of
 * Claire, the therapist, signed in (her own takings, from and to in the query).
 *
 * Properties: no answer is a 5xx; a JSON answer is strict JSON; a page has no script
 * but the server's own file; and whatever the server accepted (a booking, an intake, a
 * move, a cancellation), a new desk pulls every page and applies it, and holds the
 * booking or intake the answer names.
 */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define DEEP_TISSUE "5ba0d35c-0000-4000-8000-000000000003"
#define THERAPIST "7e1a0000-0000-4000-8000-00000000c1a1"
#define OWN_SCRIPT "<script src=\"/book/static/book.js\""

static char      *work_dir;
static GBytes    *server_template;
static GBytes    *desk_template;
static GMutex     store_lock;
static GTimeZone *zone;
static char      *manage_secret;
static char      *intake_secret;
static char      *day;
static char      *at_ten;
static char      *at_two;
static char      *offer_secret;
static char      *therapist_auth;

static char *
path_in (const char *name)
{
  return g_build_filename (work_dir, name, NULL);
}

/* One request through the server's own routing, as its transport hands it over: the
 * headers decide first (method, size, rate), then the work. */
static SpaServerResponse
route_public (SpaStore      *store,
              SpaPublicSite *site,
              const char    *method,
              const char    *path,
              GHashTable    *query,
              GBytes        *body)
{
  SpaServerRequest request = {
    .method = method,
    .path = path,
    .query = query,
    .peer = "203.0.113.7",
    .accept_language = "fr-CA,fr;q=0.9,en;q=0.5",
    .site = site,
    .authorization = g_str_has_prefix (path, "/v1/money/") ? therapist_auth : NULL,
    .authorization_count = g_str_has_prefix (path, "/v1/money/") ? 1 : 0,
    .content_length = body != NULL ? (gint64)g_bytes_get_size (body) : -1,
  };
  SpaServerResponse response = { 0 };
  SpaServerRouteNext next = spa_server_route_headers (store, &store_lock, &request, &response);

  if (next == SPA_SERVER_ROUTE_READ_BODY && body != NULL &&
      g_bytes_get_size (body) > (request.max_body ? request.max_body : SPA_SERVER_MAX_BODY))
    spa_server_route_error (&response, 413, "too_large", "the request body is too large");
  else if (next != SPA_SERVER_ROUTE_RESPOND)
    {
      if (next == SPA_SERVER_ROUTE_READ_BODY && body != NULL)
        request.body = g_bytes_ref (body);
      spa_server_route_work (store, &store_lock, &request, &response);
    }
  spa_server_request_clear (&request);
  return response;
}

static SpaServerResponse
route_pull (SpaStore *store,
            gint64    since)
{
  g_autoptr(GHashTable) query = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  SpaServerRequest request = {
    .method = "GET",
    .path = "/v1/sync/pull",
    .query = query,
    .role = SPA_ROLE_MANAGER,
    .user_name = g_strdup ("maria"),
    .content_length = -1,
  };
  SpaServerResponse response = { 0 };

  g_hash_table_insert (query, "since", g_strdup_printf ("%" G_GINT64_FORMAT, since));
  g_hash_table_insert (query, "limit", g_strdup ("1000"));
  spa_server_route_work (store, &store_lock, &request, &response);
  spa_server_request_clear (&request);
  return response;
}

static void
write_seed (SpaStore  *store,
            SpaRecord *record)
{
  g_autoptr(GError) error = NULL;

  g_assert (spa_store_begin (store, &error));
  g_assert (spa_server_write_record (store, record, "seed", &error));
  g_assert (spa_store_commit (store, &error));
  g_assert_no_error (error);
}

static char *
last_part (const char *url)
{
  return g_strdup (strrchr (url, '/') + 1);
}

static char *
expand (const char *text,
        gsize       length)
{
  GString *out = g_string_new_len (text, length);

  g_string_replace (out, "{M}", manage_secret, 0);
  g_string_replace (out, "{I}", intake_secret, 0);
  g_string_replace (out, "{S}", DEEP_TISSUE, 0);
  g_string_replace (out, "{T}", THERAPIST, 0);
  g_string_replace (out, "{D}", day, 0);
  g_string_replace (out, "{A}", at_ten, 0);
  g_string_replace (out, "{B}", at_two, 0);
  g_string_replace (out, "{W}", offer_secret, 0);
  return g_string_free (out, FALSE);
}

/* The work folder goes with the process (build-aux/test runs this often). */
static void
remove_work_dir (void)
{
  spa_fuzz_remove_server_and_desk (work_dir);
}

/* A second online booking at 14:00, cancelled, and its time offered to Ann, waiting
 * for one like it: the offer the server's e-mail would carry, its secret {W}. */
static void
add_offer (SpaStore      *server,
           SpaPublicSite *site,
           const char    *ann_booking_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  g_autofree char *cancel = NULL;
  g_autofree char *freed_id = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = spa_store_now_utc (server);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(SpaRecord) ann_booking = spa_store_get (server, "booking", ann_booking_id, NULL);
  g_autoptr(SpaRecord) entry = spa_record_new (SPA_WAITLIST_ENTITY);
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *manage = NULL;
  SpaServerResponse response;

  request = g_strdup_printf ("{\"service_id\": \"%s\", \"starts_at\": \"%s\", \"therapist_id\":"
                             " \"%s\", \"client\": {\"first_name\": \"Bea\", \"last_name\":"
                             " \"Moss\", \"email\": \"bea@example.com\","
                             " \"phone\": \"604 555 0102\"},"
                             " \"idempotency_key\": \"seed-booking-0002\"}",
                             DEEP_TISSUE, at_two, THERAPIST);
  body = g_bytes_new (request, strlen (request));
  response = route_public (server, site, "POST", "/v1/public/bookings", NULL, body);
  if (response.status != 201)
    g_error ("the second seed booking failed (%u): %s", response.status, response.body);
  answer = json_from_string (response.body, &error);
  g_assert_no_error (error);
  freed_id = g_strdup (json_object_get_string_member (json_node_get_object (answer),
                                                      "booking_id"));
  manage = last_part (json_object_get_string_member (json_node_get_object (answer),
                                                     "manage_url"));
  spa_server_response_clear (&response);
  cancel = g_strdup_printf ("/v1/public/bookings/%s/cancel", manage);
  g_clear_pointer (&body, g_bytes_unref);
  body = g_bytes_new ("{}", 2);
  response = route_public (server, site, "POST", cancel, NULL, body);
  if (response.status != 200)
    g_error ("the seed cancellation failed (%u): %s", response.status, response.body);
  spa_server_response_clear (&response);

  g_assert (ann_booking != NULL);
  spa_record_set_string (entry, SPA_WAITLIST_CLIENT_ID,
                         spa_record_get_string (ann_booking, "client_id"));
  spa_record_set_string (entry, SPA_WAITLIST_SERVICE_ID, DEEP_TISSUE);
  spa_record_set_string (entry, SPA_WAITLIST_UNTIL, day);
  spa_record_set_string (entry, SPA_WAITLIST_STATUS, "offered");
  spa_record_set_string (entry, SPA_WAITLIST_OFFER_STARTS_AT, at_two);
  write_seed (server, entry);

  offer_secret = spa_public_new_secret ();
  hash = spa_public_hash_secret (offer_secret);
  stmt = spa_store_prepare (server,
                            "INSERT INTO server_waitlist_offer (token_hash, freed_booking_id,"
                            " entry_id, client_id, created_at, expires_at)"
                            " VALUES (?, ?, ?, ?, ?, ?)", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, freed_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, spa_record_get_id (entry), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, spa_record_get_string (ann_booking, "client_id"), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, at_two, -1, SQLITE_TRANSIENT);
  g_assert (spa_store_step_done (server, stmt, &error));
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  const char *base = spa_fuzz_work_base ();
  g_autofree char *template = g_build_filename (base, "spa-fuzz-public-XXXXXX", NULL);
  g_autoptr(SpaStore) server = NULL;
  g_autoptr(SpaStore) desk = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GDateTime) ten = NULL;
  g_autoptr(GDateTime) two = NULL;
  g_autofree char *server_path = NULL;
  g_autofree char *desk_path = NULL;
  g_autofree char *token = NULL;
  g_autofree char *booking = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  SpaPublicSite *site;
  SpaServerResponse response;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
  work_dir = g_mkdtemp (g_steal_pointer (&template));
  g_assert (work_dir != NULL);
  atexit (remove_work_dir);
  server_path = path_in ("server.db");
  desk_path = path_in ("desk.db");

  zone = g_time_zone_new_identifier ("America/Vancouver");
  later = g_date_time_add_days (now, 3);
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (later, zone);

    day = g_date_time_format (local, "%Y-%m-%d");
    ten = g_date_time_new (zone, g_date_time_get_year (local), g_date_time_get_month (local),
                           g_date_time_get_day_of_month (local), 10, 0, 0);
    two = g_date_time_new (zone, g_date_time_get_year (local), g_date_time_get_month (local),
                           g_date_time_get_day_of_month (local), 14, 0, 0);
  }
  at_ten = spa_time_format_utc (ten);
  at_two = spa_time_format_utc (two);

  server = spa_store_open (server_path, &error);
  g_assert_no_error (error);
  spa_server_add_user (server, "maria", SPA_ROLE_MANAGER, &token, &error);
  g_assert_no_error (error);
  {
    g_autoptr(SpaRecord) therapist = spa_record_new_with_id ("therapist", THERAPIST);
    g_autoptr(SpaRecord) room = spa_record_new_with_id ("room",
                                                        "7e1a0000-0000-4000-8000-0000000000c1");
    g_autoptr(JsonNode) hours = json_from_string (
      "{\"mon\": [{\"start\": \"09:00\", \"end\": \"17:00\"}],"
      " \"tue\": [{\"start\": \"09:00\", \"end\": \"17:00\"}],"
      " \"wed\": [{\"start\": \"09:00\", \"end\": \"17:00\"}],"
      " \"thu\": [{\"start\": \"09:00\", \"end\": \"17:00\"}],"
      " \"fri\": [{\"start\": \"09:00\", \"end\": \"17:00\"}],"
      " \"sat\": [{\"start\": \"09:00\", \"end\": \"17:00\"}],"
      " \"sun\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]}", &error);

    g_assert_no_error (error);
    spa_record_set_string (therapist, "name", "Claire Dubois");
    spa_record_set_string (therapist, "credentials", "RMT");
    spa_record_set_string (therapist, "bio", "Deep tissue.");
    spa_record_set_boolean (therapist, "active", TRUE);
    spa_record_set_json (therapist, "working_hours", hours);
    write_seed (server, therapist);
    spa_record_set_string (room, "name", "Cedar room");
    spa_record_set_boolean (room, "active", TRUE);
    write_seed (server, room);
  }
  {
    g_autofree char *claire_token = NULL;

    spa_server_add_user (server, "claire", SPA_ROLE_THERAPIST, &claire_token, &error);
    g_assert_no_error (error);
    g_assert (spa_server_set_user_therapist (server, "claire", THERAPIST, &error));
    therapist_auth = g_strconcat ("Bearer ", claire_token, NULL);
  }

  /* The booking whose links the inputs use, made as a client makes one. */
  site = spa_public_site_new (zone);
  booking = g_strdup_printf ("{\"service_id\": \"%s\", \"starts_at\": \"%s\", \"therapist_id\":"
                             " null, \"client\": {\"first_name\": \"Ann\", \"last_name\": \"Lee\","
                             " \"email\": \"ann@example.com\", \"phone\": \"604 555 0101\"},"
                             " \"note\": null, \"idempotency_key\": \"seed-booking-0001\"}",
                             DEEP_TISSUE, at_ten);
  body = g_bytes_new (booking, strlen (booking));
  response = route_public (server, site, "POST", "/v1/public/bookings", NULL, body);
  if (response.status != 201)
    g_error ("the seed booking failed (%u): %s", response.status, response.body);
  answer = json_from_string (response.body, &error);
  g_assert_no_error (error);
  manage_secret = last_part (json_object_get_string_member (json_node_get_object (answer),
                                                           "manage_url"));
  intake_secret = last_part (json_object_get_string_member (json_node_get_object (answer),
                                                           "intake_url"));
  add_offer (server, site, json_object_get_string_member (json_node_get_object (answer),
                                                          "booking_id"));
  spa_server_response_clear (&response);
  spa_public_site_free (site);
  g_clear_object (&server);

  desk = spa_store_open (desk_path, &error);
  g_assert_no_error (error);
  g_clear_object (&desk);

  server_template = spa_fuzz_read_db (work_dir, "server.db");
  desk_template = spa_fuzz_read_db (work_dir, "desk.db");
  return 0;
}

/* The record an accepted answer names, which the desk must now hold. */
static void
named_record (const SpaServerResponse *response,
              const char             **entity,
              char                   **id)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  *entity = NULL;
  *id = NULL;
  if (response->status != 200 && response->status != 201)
    return;
  if (g_strcmp0 (response->content_type, "application/json") != 0)
    return;
  node = json_from_string (response->body, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);
  if (json_object_has_member (object, "intake_id"))
    {
      *entity = "intake";
      *id = g_strdup (json_object_get_string_member (object, "intake_id"));
    }
  else if (json_object_has_member (object, "booking_id"))
    {
      *entity = "booking";
      *id = g_strdup (json_object_get_string_member (object, "booking_id"));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SpaStore) server = NULL;
  g_autoptr(SpaStore) desk = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autofree char *line = NULL;
  g_autofree char *target = NULL;
  g_autofree char *path = NULL;
  g_autofree char *named_id = NULL;
  const char *named_entity;
  const char *newline = memchr (data, '\n', size);
  const char *space;
  const char *question;
  const char *method;
  SpaPublicSite *site;
  SpaServerResponse response;
  gboolean has_more = TRUE;
  gint64 since = 0;

  if (newline == NULL || newline - (const char *)data > 4096 ||
      memchr (data, '\0', newline - (const char *)data) != NULL)
    return 0;
  line = g_strndup ((const char *)data, newline - (const char *)data);
  space = strchr (line, ' ');
  if (space == NULL)
    return 0;
  line[space - line] = '\0';
  method = line;
  target = expand (space + 1, strlen (space + 1));
  question = strchr (target, '?');
  path = g_strndup (target, question ? (gsize)(question - target) : strlen (target));
  /* The transport hands over a decoded path and query: a form's fields, as the pages'
   * links and forms send them. */
  if (question != NULL)
    query = g_uri_parse_params (question + 1, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  {
    gsize rest = size - (newline + 1 - (const char *)data);
    char *text = expand (newline + 1, rest);
    gsize length = strlen (text);

    /* Placeholders in a body with a NUL stop at the NUL: keep the bytes then. */
    if (memchr (newline + 1, '\0', rest) != NULL)
      {
        g_free (text);
        body = g_bytes_new (newline + 1, rest);
      }
    else
      body = g_bytes_new_take (text, length);
  }

  server = spa_fuzz_open_copy (work_dir, "server-work.db", server_template);
  site = spa_public_site_new (zone);
  response = route_public (server, site, method, path, query,
                           g_str_equal (method, "POST") ? body : NULL);
  spa_public_site_free (site);

  if (response.status >= 500)
    {
      g_printerr ("%s %s: %u: %.*s\n", method, path, response.status,
                  (int)MIN (response.length, 2000), response.body ? response.body : "");
      abort ();
    }
  if (g_strcmp0 (response.content_type, "application/json") == 0 &&
      !spa_json_validate (response.body, response.length, NULL, NULL))
    {
      g_printerr ("the answer is not strict JSON: %s\n", response.body);
      abort ();
    }
  if (response.page && response.body != NULL)
    {
      /* The only script is the server's file: nothing a request sent becomes one. */
      guint scripts = 0, own = 0;

      for (const char *p = response.body; (p = strstr (p, "<script")) != NULL; p++)
        scripts++;
      for (const char *p = response.body; (p = strstr (p, OWN_SCRIPT)) != NULL; p++)
        own++;
      if (scripts != own || !g_utf8_validate (response.body, response.length, NULL))
        {
          g_printerr ("a page with another script, or not UTF-8:\n%.*s\n",
                      (int)MIN (response.length, 4000), response.body);
          abort ();
        }
    }
  named_record (&response, &named_entity, &named_id);
  spa_server_response_clear (&response);

  /* Whatever was accepted, a new desk pulls and applies all of it. */
  desk = spa_fuzz_open_copy (work_dir, "desk-work.db", desk_template);
  for (guint page = 0; has_more; page++)
    {
      g_autoptr(GBytes) text = NULL;
      g_autoptr(GError) error = NULL;

      g_assert (page < 100);
      response = route_pull (server, since);
      g_assert_cmpuint (response.status, ==, 200);
      text = g_bytes_new_take (g_steal_pointer (&response.body), response.length);
      spa_server_response_clear (&response);
      if (!spa_sync_local_apply_pull (desk, text, &has_more, &error))
        {
          g_printerr ("the server accepted what a desk cannot apply: %s\n%.*s\n", error->message,
                      (int)MIN (g_bytes_get_size (text), 2000),
                      (const char *)g_bytes_get_data (text, NULL));
          abort ();
        }
      since = spa_sync_local_get_cursor (desk);
    }
  if (named_entity != NULL && named_id != NULL &&
      !spa_store_exists (desk, named_entity, named_id))
    {
      g_printerr ("the desk does not hold the %s %s the server answered with\n", named_entity,
                  named_id);
      abort ();
    }

  return 0;
}
