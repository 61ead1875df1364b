/* test-sync-locations.c: a chain's locations through the spa server
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-migrations.h"
#include "spa-server.h"
#include "spa-server-sync.h"
#include "spa-sync-test-util.h"
#include "spa-test-util.h"
#include "spa-test-server.h"

/*
 * A location made on one desk reaches the others with its fields, and so do the
 * therapists, rooms and bookings there; the server applies the rule that a booking's
 * room and therapist belong to its location, whatever a desk sends.
 */

typedef struct
{
  char      *dir;
  SpaStore  *store;
  SpaServer *server;
  char      *url;
  char      *token;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->store = spa_test_open_store (&f->dir);
  f->server = spa_test_server_start (f->store, NULL, &f->url);
  spa_server_add_user (f->store, "maria", SPA_ROLE_MANAGER, &f->token, &error);
  g_assert_no_error (error);
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
  g_free (f->token);
}

static SpaRecord *
save_new (SpaStore   *store,
          const char *entity,
          ...)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *record = spa_record_new (entity);
  const char *field;
  va_list args;

  va_start (args, entity);
  while ((field = va_arg (args, const char *)) != NULL)
    spa_record_set_string (record, field, va_arg (args, const char *));
  va_end (args);
  g_assert_true (spa_store_save (store, record, &error));
  g_assert_no_error (error);
  return record;
}

static JsonObject *
push_booking (Fixture    *f,
              const char *id,
              const char *fields)
{
  g_autofree char *body = NULL;
  g_autofree char *url = g_strconcat (f->url, "/v1/sync/push", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *results;
  guint status;

  /* One device per booking: a mutation id is answered once per device. */
  body = g_strdup_printf ("{\"device_id\": \"raw-%s\", \"mutations\": [{\"mutation_id\": 1,"
                          " \"entity\": \"booking\", \"id\": \"%s\", \"op\": \"upsert\","
                          " \"base_version\": 0, \"fields\": %s}]}", id, id, fields);
  node = spa_test_http ("POST", url, f->token, body, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (node), "results");
  return json_object_ref (json_array_get_object_element (results, 0));
}

static void
test_location_syncs (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SpaTestDevice) a = spa_test_device_new (f->url, f->token);
  g_autoptr(SpaTestDevice) b = spa_test_device_new (f->url, f->token);
  g_autoptr(SpaRecord) kits = NULL;
  g_autoptr(SpaRecord) room = NULL;
  g_autoptr(SpaRecord) downtown_room = NULL;
  g_autoptr(SpaRecord) therapist = NULL;
  g_autoptr(SpaRecord) client = NULL;
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaRecord) seen = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fields = NULL;

  kits = save_new (a->store, SPA_LOCATION_ENTITY, SPA_LOCATION_NAME, "Kitsilano",
                   SPA_LOCATION_ADDRESS, "2150 W 4th Ave, Vancouver", SPA_LOCATION_TIME_ZONE,
                   "America/Vancouver", SPA_LOCATION_PHONE, "+1 604 555 0200",
                   SPA_LOCATION_TAX_NUMBERS, "GST 81234 5678 RT0001", NULL);
  room = save_new (a->store, SPA_ROOM_ENTITY, SPA_ROOM_NAME, "Maple room", SPA_ROOM_LOCATION_ID,
                   spa_record_get_id (kits), NULL);
  downtown_room = save_new (a->store, SPA_ROOM_ENTITY, SPA_ROOM_NAME, "Cedar room", NULL);
  therapist = save_new (a->store, SPA_THERAPIST_ENTITY, SPA_THERAPIST_NAME, "Priya Nair",
                        SPA_THERAPIST_LOCATION_ID, spa_record_get_id (kits), NULL);
  client = save_new (a->store, SPA_CLIENT_ENTITY, SPA_CLIENT_FIRST_NAME, "Zoë", NULL);
  booking = save_new (a->store, SPA_BOOKING_ENTITY,
                      SPA_BOOKING_CLIENT_ID, spa_record_get_id (client),
                      SPA_BOOKING_THERAPIST_ID, spa_record_get_id (therapist),
                      SPA_BOOKING_SERVICE_ID, spa_default_service_id (0),
                      SPA_BOOKING_ROOM_ID, spa_record_get_id (room),
                      SPA_BOOKING_STARTS_AT, "2026-12-01T18:00:00Z",
                      SPA_BOOKING_ENDS_AT, "2026-12-01T19:00:00Z",
                      SPA_BOOKING_STATUS, "booked",
                      SPA_BOOKING_LOCATION_ID, spa_record_get_id (kits), NULL);
  spa_test_device_sync_ok (a);
  spa_test_device_sync_ok (b);

  /* The server and the other desk hold the location with every field. */
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM location WHERE id = ?",
                                        spa_record_get_id (kits)), ==, 1);
  seen = spa_store_get (b->store, SPA_LOCATION_ENTITY, spa_record_get_id (kits), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_location_get_name (seen), ==, "Kitsilano");
  g_assert_cmpstr (spa_location_get_address (seen), ==, "2150 W 4th Ave, Vancouver");
  g_assert_cmpstr (spa_location_get_time_zone (seen), ==, "America/Vancouver");
  g_assert_cmpstr (spa_location_get_phone (seen), ==, "+1 604 555 0200");
  g_assert_cmpstr (spa_location_get_tax_numbers (seen), ==, "GST 81234 5678 RT0001");
  g_assert_cmpuint (spa_location_count (b->store), ==, 2);
  g_clear_object (&seen);
  seen = spa_store_get (b->store, SPA_BOOKING_ENTITY, spa_record_get_id (booking), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_location_id (seen), ==, spa_record_get_id (kits));
  g_clear_object (&seen);
  seen = spa_store_get (b->store, SPA_ROOM_ENTITY, spa_record_get_id (room), &error);
  g_assert_cmpstr (spa_record_get_location_id (seen), ==, spa_record_get_id (kits));
  g_clear_object (&seen);

  /* A rename on the other desk comes back. */
  seen = spa_store_get (b->store, SPA_LOCATION_ENTITY, spa_record_get_id (kits), &error);
  spa_record_set_string (seen, SPA_LOCATION_NAME, "Kits");
  g_assert_true (spa_store_save (b->store, seen, &error));
  g_assert_no_error (error);
  spa_test_device_sync_ok (b);
  spa_test_device_sync_ok (a);
  g_clear_object (&seen);
  seen = spa_store_get (a->store, SPA_LOCATION_ENTITY, spa_record_get_id (kits), &error);
  g_assert_cmpstr (spa_location_get_name (seen), ==, "Kits");

  /* The server refuses a booking at Kitsilano in a downtown room, on the room. */
  fields = g_strdup_printf ("{\"client_id\": \"%s\", \"therapist_id\": \"%s\","
                            " \"service_id\": \"%s\", \"room_id\": \"%s\","
                            " \"starts_at\": \"2026-12-02T18:00:00Z\","
                            " \"ends_at\": \"2026-12-02T19:00:00Z\", \"status\": \"booked\","
                            " \"location_id\": \"%s\"}",
                            spa_record_get_id (client), spa_record_get_id (therapist),
                            spa_default_service_id (0), spa_record_get_id (downtown_room),
                            spa_record_get_id (kits));
  result = push_booking (f, "b-wrong-room", fields);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member_with_default (result, "field", ""), ==, "room_id");
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM booking WHERE id = ?",
                                        "b-wrong-room"), ==, 0);

  /* A desk from before locations sends no location_id: the booking is downtown. */
  g_clear_pointer (&fields, g_free);
  g_clear_pointer (&result, json_object_unref);
  fields = g_strdup_printf ("{\"client_id\": \"%s\", \"therapist_id\": \"%s\","
                            " \"service_id\": \"%s\", \"room_id\": \"%s\","
                            " \"starts_at\": \"2026-12-03T18:00:00Z\","
                            " \"ends_at\": \"2026-12-03T19:00:00Z\", \"status\": \"booked\"}",
                            spa_record_get_id (client), spa_record_get_id (therapist),
                            spa_default_service_id (0), spa_record_get_id (downtown_room));
  result = push_booking (f, "b-old-desk", fields);
  /* Priya works at Kitsilano only: refused on the therapist, with a message. */
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member_with_default (result, "field", ""), ==,
                   "therapist_id");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync-locations/location-syncs", Fixture, NULL, fixture_setup,
              test_location_syncs, fixture_teardown);

  return g_test_run ();
}
