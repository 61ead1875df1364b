/* test-field-rules.c: every field's type, shape and size, and the one time format
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-client-fields.h"
#include "spa-client.h"
#include "spa-test-util.h"

typedef SpaTestStore Fixture;

static void
test_time_format (void)
{
  static const char *good[] = {
    "2027-01-06T10:30:00Z", "1900-01-01T00:00:00Z", "2199-12-31T23:59:59Z", "2028-02-29T12:00:00Z",
  };
  static const char *bad[] = {
    "2027-01-06T12:00:00+02:00", "2027-01-06T10:30:00+00:00", "2027-01-06T10:30:00.5Z",
    "2027-01-06T10:30:00.000Z", "20270109T100000Z", "2027-014T10:00:00Z", "2027-W03-1T10:00:00Z",
    "2027-01-06T10:30Z", "2027-01-06 10:30:00Z", "2027-01-06t10:30:00z", "2027-01-06T10:30:00",
    "2027-01-06T10:00:60Z", "2027-01-06T24:00:00Z", "2027-01-06T10:60:00Z", "2027-02-29T10:00:00Z",
    "2027-13-01T10:00:00Z", "2027-00-10T10:00:00Z", "2027-01-00T10:00:00Z", "0001-01-01T00:00:00Z",
    "1899-12-31T23:59:59Z", "2200-01-01T00:00:00Z", "+027-01-06T10:30:00Z", " 027-01-06T10:30:00Z",
    "2027-1-06T10:30:00Z ", "", "Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GDateTime) dt = spa_time_parse_utc (good[i]);
      g_autofree char *again = NULL;

      g_assert_nonnull (dt);
      again = spa_time_format_utc (dt);
      g_assert_cmpstr (again, ==, good[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GDateTime) dt = spa_time_parse_utc (bad[i]);

      if (dt != NULL)
        g_error ("accepted the time %s", bad[i]);
    }
  g_assert_null (spa_time_parse_utc (NULL));
}

static void
test_date_format (void)
{
  static const char *good[] = { "1980-02-29", "1900-01-01", "2199-12-31", "2026-11-25" };
  static const char *bad[] = {
    "1981-02-29", "19800229", "1980-060", "1980-W09-5", "1980-2-29", "80-02-29", "+980-02-29",
    " 980-02-29", "1980-02-29T00:00:00Z", "0001-01-01", "1899-12-31", "2200-01-01", "1980-13-01",
    "1980-00-01", "1980-01-00", "1980-01-32", "", "    ",
  };
  int y, m, d;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (spa_date_parse (good[i], &y, &m, &d));
  g_assert_true (spa_date_parse ("1980-02-29", &y, &m, &d));
  g_assert_cmpint (y, ==, 1980);
  g_assert_cmpint (m, ==, 2);
  g_assert_cmpint (d, ==, 29);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (spa_date_parse (bad[i], NULL, NULL, NULL))
      g_error ("accepted the date %s", bad[i]);
}

static void
assert_field_refused (SpaStore   *store,
                      SpaRecord  *record,
                      const char *field)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (spa_store_save (store, record, &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, field);
}

static void
test_text_lengths (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SpaRecord) client = spa_record_new ("client");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) notes = g_string_new (NULL);

  /* A name: SPA_TEXT_MAX_CHARS characters, counted as characters, not bytes. */
  for (guint i = 0; i < SPA_TEXT_MAX_CHARS; i++)
    g_string_append (name, "é");
  spa_record_set_string (client, "first_name", name->str);
  g_assert_true (spa_store_save (f->store, client, &error));
  g_assert_no_error (error);

  g_string_append_c (name, 'x');
  spa_record_set_string (client, "first_name", name->str);
  assert_field_refused (f->store, client, "first_name");

  /* 20 000 characters of name, as in the report that froze Pango. */
  g_string_truncate (name, 0);
  for (guint i = 0; i < 20000; i++)
    g_string_append_c (name, 'A');
  spa_record_set_string (client, "first_name", name->str);
  assert_field_refused (f->store, client, "first_name");
  spa_record_set_string (client, "first_name", "Ann");

  /* Notes: many lines, up to SPA_LONG_TEXT_MAX_CHARS. */
  for (guint i = 0; i < SPA_LONG_TEXT_MAX_CHARS / 10; i++)
    g_string_append (notes, "ten chars\n");
  spa_record_set_string (client, "notes", notes->str);
  g_assert_true (spa_store_save (f->store, client, &error));
  g_assert_no_error (error);
  g_string_append_c (notes, '!');
  spa_record_set_string (client, "notes", notes->str);
  assert_field_refused (f->store, client, "notes");
  spa_record_set_string (client, "notes", "a\x01" "b");
  assert_field_refused (f->store, client, "notes");
  spa_record_set_string (client, "notes", "tab\tand\r\nbreaks");
  g_assert_true (spa_store_save (f->store, client, &error));

  /* One-line fields hold no line break nor control character. */
  spa_record_set_string (client, "last_name", "Lee\nSmith");
  assert_field_refused (f->store, client, "last_name");
  spa_record_set_string (client, "last_name", "Lee\x7f");
  assert_field_refused (f->store, client, "last_name");
}

static void
test_blank_is_null (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SpaRecord) client = spa_test_add_client (f->store, "Ann", "Lee", NULL, NULL);
  g_autoptr(SpaRecord) read = NULL;
  g_autoptr(GError) error = NULL;

  /* A blank date of birth is no date of birth, not a stored "". */
  spa_record_set_string (client, "date_of_birth", "   ");
  spa_record_set_string (client, "phone", "");
  g_assert_true (spa_store_save (f->store, client, &error));
  g_assert_no_error (error);
  read = spa_store_get (f->store, "client", spa_record_get_id (client), &error);
  g_assert_null (spa_record_get_json (read, "date_of_birth"));
  g_assert_true (json_node_is_null (json_object_get_member (spa_record_get_fields (read), "date_of_birth")));
  g_assert_null (spa_record_get_string (read, "phone"));
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM client WHERE date_of_birth = ''"
                                        " OR trim (date_of_birth) = '' OR phone = ''", NULL), ==, 0);

  /* A required field left blank is required, not "   ". */
  spa_record_set_string (client, "first_name", "  ");
  g_assert_false (spa_store_save (f->store, client, &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_REQUIRED);
}

/* A client's e-mails are written in a language the spa's mail has; unset is English
 * and opted in (what a record from before these fields reads as). */
static void
test_email_language (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SpaRecord) client = spa_test_add_client (f->store, "Ann", "Lee", NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (spa_client_get_reminder_opt_in (client));
  g_assert_false (spa_client_wants_french (client));
  spa_record_set_string (client, SPA_CLIENT_LANGUAGE, "de");
  assert_field_refused (f->store, client, SPA_CLIENT_LANGUAGE);
  spa_record_set_string (client, SPA_CLIENT_LANGUAGE, "fr-CA");
  assert_field_refused (f->store, client, SPA_CLIENT_LANGUAGE);
  spa_record_set_string (client, SPA_CLIENT_LANGUAGE, "fr");
  spa_record_set_boolean (client, SPA_CLIENT_REMINDER_OPT_IN, FALSE);
  g_assert_true (spa_store_save (f->store, client, &error));
  g_assert_no_error (error);
  g_assert_true (spa_client_wants_french (client));
  g_assert_false (spa_client_get_reminder_opt_in (client));
}

static void
set_json (SpaRecord  *record,
          const char *field,
          const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = spa_json_parse_strict (json, strlen (json), NULL, &error);

  g_assert_no_error (error);
  g_assert_true (spa_record_set_field_node (record, field, node, &error));
  g_assert_no_error (error);
}

static void
test_json_shapes (Fixture       *f,
                  gconstpointer  data)
{
  static const struct { const char *entity; const char *field; const char *json; } bad[] = {
    { "client", "conditions", "[[[[\"x\"]]]]" },
    { "client", "conditions", "[\"asthma\", 1]" },
    { "client", "conditions", "[\"\"]" },
    { "client", "conditions", "{\"a\": \"asthma\"}" },
    { "therapist", "service_ids", "[{\"id\": \"s\"}]" },
    { "therapist", "working_hours", "{\"mon\": [[\"09:00\", \"17:00\"]]}" },
    { "therapist", "working_hours", "{\"monday\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]}" },
    { "therapist", "working_hours", "{\"mon\": [{\"start\": \"9am\", \"end\": \"17:00\"}]}" },
    { "therapist", "working_hours", "{\"mon\": [{\"start\": \"09:00\", \"end\": \"17:00\", \"x\": 1}]}" },
    { "booking", "status_history", "[[[[[[[[\"x\"]]]]]]]]" },
    { "booking", "status_history", "[{\"status\": \"booked\", \"at\": \"2026-11-25T17:30:00+01:00\"}]" },
    { "booking", "status_history", "[{\"status\": \"booked\", \"at\": \"2026-11-25T17:30:00Z\", \"x\": {}}]" },
    { "booking", "status_history", "{\"status\": \"booked\"}" },
    { "intake", "pain_areas", "[{\"region\": \"neck\", \"intensity\": 3, \"extra\": [1]}]" },
    { "intake", "pain_areas", "[{\"region\": [\"neck\"]}]" },
    { "intake", "avoid_areas", "[{\"region\": \"feet\", \"reason\": {\"a\": 1}}]" },
    { "session_note", "techniques", "[\"swedish\", [\"x\"]]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SpaRecord) record = spa_record_new (bad[i].entity);
      g_autoptr(GError) error = NULL;

      set_json (record, bad[i].field, bad[i].json);
      if (spa_validate_fields (record, &error))
        g_error ("accepted %s.%s = %s", bad[i].entity, bad[i].field, bad[i].json);
      g_assert_cmpstr (spa_validation_error_get_field (error), ==, bad[i].field);
    }

  /* What the desk itself writes passes. */
  {
    g_autoptr(SpaRecord) booking = spa_record_new ("booking");
    g_autoptr(SpaRecord) therapist = spa_record_new ("therapist");
    g_autoptr(SpaRecord) intake = spa_record_new ("intake");
    g_autoptr(GError) error = NULL;

    spa_booking_add_history (booking, "booked", "2026-11-25T17:30:00Z");
    spa_booking_add_history (booking, "cancelled", "2026-11-26T09:00:00Z");
    g_assert_true (spa_validate_fields (booking, &error));
    set_json (therapist, "working_hours",
              "{\"mon\": [{\"start\": \"09:00\", \"end\": \"12:00\"}, {\"start\": \"13:00\", \"end\": \"17:00\"}],"
              " \"sun\": []}");
    set_json (therapist, "service_ids", "[\"5ba0d35c-0000-4000-8000-000000000001\"]");
    g_assert_true (spa_validate_fields (therapist, &error));
    set_json (intake, "pain_areas",
              "[{\"region\": \"neck\", \"intensity\": 6, \"quality\": null, \"note\": \"left side\"}]");
    set_json (intake, "avoid_areas", "[{\"region\": \"feet\", \"reason\": null}]");
    g_assert_true (spa_validate_fields (intake, &error));
    g_assert_no_error (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/field-rules/time-format", test_time_format);
  g_test_add_func ("/field-rules/date-format", test_date_format);
#define ADD(path, func)                                                                           \
  g_test_add (path, Fixture, NULL, spa_test_store_set_up, func, spa_test_store_tear_down)
  ADD ("/field-rules/text-lengths", test_text_lengths);
  ADD ("/field-rules/blank-is-null", test_blank_is_null);
  ADD ("/field-rules/email-language", test_email_language);
  ADD ("/field-rules/json-shapes", test_json_shapes);
#undef ADD

  return g_test_run ();
}
