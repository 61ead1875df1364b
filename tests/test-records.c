/* test-records.c: create, read, update, delete and validation of each record type
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-migrations.h"
#include "spa-test-util.h"

typedef SpaTestStore Fixture;

/* Saving must fail with a validation error naming @field, writing nothing. */
static void
assert_refused (SpaStore   *store,
                SpaRecord  *record,
                const char *field)
{
  g_autoptr(GError) error = NULL;
  gint64 outbox = spa_store_outbox_pending (store);
  gint64 rows = spa_store_count (store, spa_record_get_entity (record));

  g_assert_false (spa_store_save (store, record, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == SPA_VALIDATION_ERROR);
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, field);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpint (spa_store_outbox_pending (store), ==, outbox);
  g_assert_cmpint (spa_store_count (store, spa_record_get_entity (record)), ==, rows);
}

static void
test_client_crud (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) client = spa_record_new ("client");
  g_autoptr(SpaRecord) read = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const char *conditions[] = { "pregnancy", NULL };

  spa_record_set_string (client, "first_name", "Zoë");
  spa_record_set_string (client, "last_name", "Tremblay");
  spa_record_set_string (client, "email", "zoe@example.com");
  spa_record_set_string (client, "date_of_birth", "1990-02-28");
  spa_record_set_string (client, "allergies", "Nut oils");
  spa_record_set_strv (client, "conditions", conditions);
  spa_record_set_boolean (client, "marketing_consent", TRUE);
  g_assert_true (spa_store_save (f->store, client, &error));
  g_assert_no_error (error);

  read = spa_store_get (f->store, "client", spa_record_get_id (client), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_string (read, "first_name"), ==, "Zoë");
  g_assert_cmpstr (spa_record_get_string (read, "allergies"), ==, "Nut oils");
  g_assert_true (spa_record_get_boolean (read, "marketing_consent"));
  g_assert_cmpint (spa_record_get_version (read), ==, 0);
  g_assert_nonnull (spa_record_get_created_at (read));
  {
    g_auto(GStrv) c = spa_record_get_strv (read, "conditions");
    g_assert_cmpstrv (c, conditions);
  }

  spa_record_set_string (read, "phone", "+1 604 555 0101");
  g_assert_true (spa_store_save (f->store, read, &error));
  g_clear_object (&read);
  read = spa_store_get (f->store, "client", spa_record_get_id (client), &error);
  g_assert_cmpstr (spa_record_get_string (read, "phone"), ==, "+1 604 555 0101");
  g_assert_cmpstr (spa_record_get_string (read, "email"), ==, "zoe@example.com");

  list = spa_store_list (f->store, "client", FALSE, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (spa_store_delete (f->store, "client", spa_record_get_id (client), &error));
  list = spa_store_list (f->store, "client", FALSE, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = spa_store_list (f->store, "client", TRUE, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (spa_record_get_deleted (list->pdata[0]));

  g_assert_false (spa_store_delete (f->store, "client", "no-such-id", &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND);
}

static void
test_client_validation (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaRecord) client = spa_record_new ("client");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *future = g_strdup_printf ("%d-01-01", g_date_time_get_year (now) + 1);

  assert_refused (f->store, client, "first_name");
  spa_record_set_string (client, "first_name", "   ");
  assert_refused (f->store, client, "first_name");
  spa_record_set_string (client, "first_name", "Ana");

  spa_record_set_string (client, "email", "ana@");
  assert_refused (f->store, client, "email");
  spa_record_set_string (client, "email", "ana example.com");
  assert_refused (f->store, client, "email");
  spa_record_set_string (client, "email", "ana@example.com");

  spa_record_set_string (client, "date_of_birth", "1990-02-30");
  assert_refused (f->store, client, "date_of_birth");
  spa_record_set_string (client, "date_of_birth", future);
  assert_refused (f->store, client, "date_of_birth");
  spa_record_set_string (client, "date_of_birth", "1850-01-01");
  assert_refused (f->store, client, "date_of_birth");
  spa_record_set_string (client, "date_of_birth", "1990-02-28");

  spa_record_set_string (client, "phone", "call me");
  assert_refused (f->store, client, "phone");
  spa_record_set_string (client, "phone", "+1 (604) 555-0123");

  g_assert_true (spa_store_save (f->store, client, NULL));
}

static void
test_service_room_therapist (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) service = spa_record_new ("service");
  g_autoptr(SpaRecord) room = spa_record_new ("room");
  g_autoptr(SpaRecord) therapist = spa_record_new ("therapist");
  const char *ids[] = { spa_default_service_id (0), NULL };
  const char *bad_ids[] = { "not-a-service", NULL };

  assert_refused (f->store, service, "name");
  spa_record_set_string (service, "name", "Reflexology");
  assert_refused (f->store, service, "duration_min");
  spa_record_set_int (service, "duration_min", -30);
  assert_refused (f->store, service, "duration_min");
  spa_record_set_int (service, "duration_min", 45);
  spa_record_set_int (service, "buffer_min", -5);
  assert_refused (f->store, service, "buffer_min");
  spa_record_set_int (service, "buffer_min", 10);
  spa_record_set_int (service, "price_cents", -100);
  assert_refused (f->store, service, "price_cents");
  spa_record_set_int (service, "price_cents", 9500);
  g_assert_true (spa_store_save (f->store, service, &error));
  g_assert_no_error (error);

  assert_refused (f->store, room, "name");
  spa_record_set_string (room, "name", "Cedar");
  g_assert_true (spa_store_save (f->store, room, &error));

  assert_refused (f->store, therapist, "name");
  spa_record_set_string (therapist, "name", "Claire Dubois");
  spa_record_set_string (therapist, "color", "blue");
  assert_refused (f->store, therapist, "color");
  spa_record_set_string (therapist, "color", "#3584e4");
  spa_record_set_strv (therapist, "service_ids", bad_ids);
  assert_refused (f->store, therapist, "service_ids");
  spa_record_set_strv (therapist, "service_ids", ids);
  g_assert_true (spa_store_save (f->store, therapist, &error));
  g_assert_no_error (error);

  /* Deactivating keeps the record. */
  spa_record_set_boolean (room, "active", FALSE);
  g_assert_true (spa_store_save (f->store, room, &error));
  g_assert_cmpint (spa_store_count (f->store, "room"), ==, 1);
}

static void
test_booking_validation (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) client = spa_test_add_client (f->store, "Liam", "MacDonald", NULL, NULL);
  g_autoptr(SpaRecord) therapist = spa_record_new ("therapist");
  g_autoptr(SpaRecord) booking = spa_record_new ("booking");
  g_autoptr(SpaRecord) read = NULL;

  spa_record_set_string (therapist, "name", "Marcus Lee");
  g_assert_true (spa_store_save (f->store, therapist, &error));

  assert_refused (f->store, booking, "client_id");
  spa_record_set_string (booking, "client_id", "missing");
  assert_refused (f->store, booking, "client_id");
  spa_record_set_string (booking, "client_id", spa_record_get_id (client));
  assert_refused (f->store, booking, "service_id");
  spa_record_set_string (booking, "service_id", spa_default_service_id (0));
  spa_record_set_string (booking, "therapist_id", "missing");
  assert_refused (f->store, booking, "therapist_id");
  spa_record_set_string (booking, "therapist_id", spa_record_get_id (therapist));
  spa_record_set_string (booking, "room_id", "missing");
  assert_refused (f->store, booking, "room_id");
  spa_record_set_null (booking, "room_id");
  assert_refused (f->store, booking, "starts_at");
  spa_record_set_string (booking, "starts_at", "2026-12-01T18:00:00Z");
  spa_record_set_string (booking, "ends_at", "2026-12-01T17:00:00Z");
  assert_refused (f->store, booking, "ends_at");
  spa_record_set_string (booking, "ends_at", "2026-12-01T18:00:00Z");
  assert_refused (f->store, booking, "ends_at");
  spa_record_set_string (booking, "ends_at", "2026-12-01T19:00:00Z");
  spa_record_set_string (booking, "status", "maybe");
  assert_refused (f->store, booking, "status");
  spa_record_set_string (booking, "status", "booked");

  g_assert_true (spa_store_save (f->store, booking, &error));
  g_assert_no_error (error);
  read = spa_store_get (f->store, "booking", spa_record_get_id (booking), &error);
  g_assert_cmpstr (spa_record_get_string (read, "starts_at"), ==, "2026-12-01T18:00:00Z");

  /* A client who has bookings is never hard-deleted; the tombstone keeps history. */
  g_assert_true (spa_store_delete (f->store, "client", spa_record_get_id (client), &error));
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM client WHERE id = ?",
                                        spa_record_get_id (client)), ==, 1);
}

static void
test_record_json (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) client = spa_test_add_client (f->store, "Émilie", "Côté", "emilie@example.com", NULL);
  g_autoptr(JsonObject) json = spa_record_to_json (client);
  g_autoptr(SpaRecord) back = NULL;
  g_autoptr(JsonObject) bad = json_object_new ();

  g_assert_cmpstr (json_object_get_string_member (json, "first_name"), ==, "Émilie");
  g_assert_true (json_object_has_member (json, "version"));
  g_assert_true (json_object_has_member (json, "deleted"));
  back = spa_record_new_from_json ("client", json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_id (back), ==, spa_record_get_id (client));
  g_assert_cmpstr (spa_record_get_string (back, "last_name"), ==, "Côté");

  json_object_set_string_member (bad, "id", "x");
  json_object_set_int_member (bad, "first_name", 3);
  g_assert_null (spa_record_new_from_json ("client", bad, &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (spa_record_new_from_json ("unicorn", bad, &error));
  g_assert_nonnull (error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                           \
  g_test_add (path, Fixture, NULL, spa_test_store_set_up, func, spa_test_store_tear_down)
  ADD ("/records/client/crud", test_client_crud);
  ADD ("/records/client/validation", test_client_validation);
  ADD ("/records/service-room-therapist", test_service_room_therapist);
  ADD ("/records/booking/validation", test_booking_validation);
  ADD ("/records/json", test_record_json);
#undef ADD

  return g_test_run ();
}
