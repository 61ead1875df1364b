/* test-waitlist.c: the waitlist's entries, their rules and who a freed time suits
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-core.h"
#include "spa-migrations.h"
#include "spa-test-util.h"

#define SWEDISH spa_default_service_id (0)
#define DEEP_TISSUE spa_default_service_id (2)

typedef struct
{
  SpaTestSpa spa;
  SpaRecord *freed;   /* Raj's Tuesday 2 March 2027, 10:00-11:00 with Claire, cancelled */
  guint      minute;  /* the store's clock moves on a minute an entry */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  spa_test_spa_set_up (&f->spa, NULL);
  f->freed = spa_record_new ("booking");
  spa_record_set_string (f->freed, "client_id", spa_record_get_id (f->spa.other_client));
  spa_record_set_string (f->freed, "therapist_id", spa_record_get_id (f->spa.claire));
  spa_record_set_string (f->freed, "service_id", SWEDISH);
  spa_record_set_string (f->freed, "starts_at", "2027-03-02T18:00:00Z");
  spa_record_set_string (f->freed, "ends_at", "2027-03-02T19:00:00Z");
  spa_record_set_string (f->freed, "status", "cancelled");
  g_assert_true (spa_store_save (f->spa.store, f->freed, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->freed);
  spa_test_spa_tear_down (&f->spa);
}

/* An entry for Zoë (or @client), waiting for a Swedish massage until the end of March;
 * @json sets or changes fields. */
static SpaRecord *
entry_new (SpaRecord  *client,
           const char *json)
{
  SpaRecord *entry = spa_record_new (SPA_WAITLIST_ENTITY);

  spa_record_set_string (entry, "client_id", spa_record_get_id (client));
  spa_record_set_string (entry, "service_id", SWEDISH);
  spa_record_set_string (entry, "until", "2027-03-31");
  spa_record_set_string (entry, "status", "waiting");
  if (json != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (json, NULL);
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *m = members; m != NULL; m = m->next)
        g_assert_true (spa_record_set_field_node (entry, m->data,
                                                  json_object_get_member (object, m->data),
                                                  NULL));
    }
  return entry;
}

static SpaRecord *
add (Fixture    *f,
     SpaRecord  *client,
     const char *json)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *entry = entry_new (client, json);

  /* Made a minute after the one before: the waitlist's order is its creation. */
  spa_store_set_clock_offset (f->spa.store, ++f->minute * G_TIME_SPAN_MINUTE);
  g_assert_true (spa_store_save (f->spa.store, entry, &error));
  g_assert_no_error (error);
  return entry;
}

static void
test_rules (Fixture       *f,
            gconstpointer  data)
{
  const struct { const char *json; const char *field; } bad[] = {
    { "{\"days\": [\"mon\", \"lundi\"]}", "days" },
    { "{\"earliest\": \"9:30\"}", "earliest" },
    { "{\"latest\": \"24:00\"}", "latest" },
    { "{\"earliest\": \"14:00\", \"latest\": \"13:00\"}", "latest" },
    { "{\"until\": \"31/03/2027\"}", "until" },
    { "{\"until\": null}", "until" },
    { "{\"status\": \"maybe\"}", "status" },
    { "{\"offer_starts_at\": \"Tuesday\"}", "offer_starts_at" },
    { "{\"therapist_id\": \"00000000-0000-4000-8000-000000000000\"}", "therapist_id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SpaRecord) entry = entry_new (f->spa.client, bad[i].json);
      g_autoptr(GError) error = NULL;

      g_assert_false (spa_store_save (f->spa.store, entry, &error));
      g_assert_nonnull (error);
      g_assert_cmpstr (spa_validation_error_get_field (error), ==, bad[i].field);
    }
  g_assert_cmpint (spa_store_count (f->spa.store, SPA_WAITLIST_ENTITY), ==, 0);

  /* A good one goes to the server like any record, and the front desk may write it. */
  {
    g_autoptr(SpaRecord) entry = add (f, f->spa.client,
                                      "{\"days\": [\"tue\", \"thu\"], \"earliest\": \"09:00\","
                                      " \"latest\": \"12:00\", \"notes\": \"Lower back\"}");

    g_assert_cmpint (spa_test_count_rows (f->spa.store,
                                          "SELECT count(*) FROM sync_outbox WHERE record_id = ?"
                                          " AND entity = 'waitlist_entry'",
                                          spa_record_get_id (entry)), ==, 1);
    g_assert_true (spa_role_may_write (SPA_ROLE_FRONT_DESK, SPA_WAITLIST_ENTITY));
    g_assert_true (spa_role_may_read (SPA_ROLE_THERAPIST, SPA_WAITLIST_ENTITY));
  }
}

/* Raj's cancelled Tuesday 10:00 with Claire: it suits those waiting for a Swedish
 * massage then, first come first; not an entry for Marcus, for Wednesdays, ended the
 * day before, ending its hours at 10:30, for deep tissue, already offered a time,
 * expired, nor Raj's own. */
static void
test_matches_in_order (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SpaRecord) late_starter = NULL;
  g_autoptr(SpaRecord) any = NULL;
  g_autoptr(SpaRecord) claire_tuesdays = NULL;
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *marcus = g_strdup_printf ("{\"therapist_id\": \"%s\"}",
                                             spa_record_get_id (f->spa.marcus));
  g_autofree char *claire = g_strdup_printf ("{\"therapist_id\": \"%s\", \"days\": [\"tue\"],"
                                             " \"earliest\": \"09:00\", \"latest\": \"12:00\"}",
                                             spa_record_get_id (f->spa.claire));
  g_autofree char *deep_tissue = g_strdup_printf ("{\"service_id\": \"%s\"}", DEEP_TISSUE);

  /* Made first, but the latest in the list to suit: order is creation, not fit. */
  late_starter = add (f, f->spa.client, "{\"earliest\": \"10:00\"}");
  g_ptr_array_add (others, add (f, f->spa.client, marcus));
  any = add (f, f->spa.client, NULL);
  g_ptr_array_add (others, add (f, f->spa.client, "{\"days\": [\"wed\"]}"));
  g_ptr_array_add (others, add (f, f->spa.client, "{\"until\": \"2027-03-01\"}"));
  g_ptr_array_add (others, add (f, f->spa.client, "{\"latest\": \"10:30\"}"));
  g_ptr_array_add (others, add (f, f->spa.client, deep_tissue));
  g_ptr_array_add (others, add (f, f->spa.client, "{\"status\": \"offered\"}"));
  g_ptr_array_add (others, add (f, f->spa.client, "{\"status\": \"expired\"}"));
  g_ptr_array_add (others, add (f, f->spa.other_client, NULL));
  claire_tuesdays = add (f, f->spa.client, claire);

  matches = spa_waitlist_matches (f->spa.store, f->freed, f->spa.zone, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, ==, 3);
  g_assert_cmpstr (spa_record_get_id (matches->pdata[0]), ==, spa_record_get_id (late_starter));
  g_assert_cmpstr (spa_record_get_id (matches->pdata[1]), ==, spa_record_get_id (any));
  g_assert_cmpstr (spa_record_get_id (matches->pdata[2]), ==, spa_record_get_id (claire_tuesdays));

  /* The list shows them all, in the same order. */
  {
    g_autoptr(GPtrArray) all = spa_waitlist_list (f->spa.store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 11);
    g_assert_cmpstr (spa_record_get_id (all->pdata[0]), ==, spa_record_get_id (late_starter));
    g_assert_cmpstr (spa_record_get_id (all->pdata[10]), ==, spa_record_get_id (claire_tuesdays));
  }
}

/* The form model: every problem at once, each on its field, and nothing saved until
 * none is left; then one waiting entry with what was typed. */
static void
test_draft (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SpaWaitlistDraft) draft = spa_waitlist_draft_new (f->spa.store);
  g_autoptr(GHashTable) problems = NULL;
  g_autoptr(GHashTable) fixed = NULL;
  g_autoptr(SpaRecord) entry = NULL;
  g_autoptr(SpaRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) days = NULL;
  const char * const tue_thu[] = { "tue", "thu", NULL };

  spa_waitlist_draft_set_earliest (draft, "9h30");
  spa_waitlist_draft_set_until (draft, "2027-02-28");
  problems = spa_waitlist_draft_check (draft, "2027-03-01");
  g_assert_cmpuint (g_hash_table_size (problems), ==, 4);
  g_assert_cmpstr (g_hash_table_lookup (problems, "client_id"), ==,
                   "Choose the client who is waiting.");
  g_assert_cmpstr (g_hash_table_lookup (problems, "service_id"), ==,
                   "Choose the service the client wants.");
  g_assert_cmpstr (g_hash_table_lookup (problems, "earliest"), ==,
                   "A time of day is written HH:MM, such as 09:30.");
  g_assert_cmpstr (g_hash_table_lookup (problems, "until"), ==,
                   "The last day that suits has already passed.");
  g_assert_null (spa_waitlist_draft_save (draft, "2027-03-01", &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "client_id");
  g_clear_error (&error);
  g_assert_cmpint (spa_test_count_rows (f->spa.store, "SELECT count(*) FROM waitlist_entry",
                                        NULL), ==, 0);

  spa_waitlist_draft_set_client_id (draft, spa_record_get_id (f->spa.client));
  spa_waitlist_draft_set_service_id (draft, SWEDISH);
  spa_waitlist_draft_set_earliest (draft, "09:30");
  spa_waitlist_draft_set_latest (draft, "09:00");
  spa_waitlist_draft_set_until (draft, "2027-03-31");
  fixed = spa_waitlist_draft_check (draft, "2027-03-01");
  g_assert_cmpuint (g_hash_table_size (fixed), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (fixed, "latest"), ==,
                   "The latest time must come after the earliest.");

  spa_waitlist_draft_set_latest (draft, " 12:00 ");
  spa_waitlist_draft_set_days (draft, tue_thu);
  spa_waitlist_draft_set_therapist_id (draft, spa_record_get_id (f->spa.claire));
  spa_waitlist_draft_set_notes (draft, "Prefers the quiet room");
  entry = spa_waitlist_draft_save (draft, "2027-03-01", &error);
  g_assert_no_error (error);
  stored = spa_store_get (f->spa.store, SPA_WAITLIST_ENTITY, spa_record_get_id (entry), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_record_get_string (stored, "status"), ==, "waiting");
  g_assert_cmpstr (spa_record_get_string (stored, "latest"), ==, "12:00");
  g_assert_cmpstr (spa_record_get_string (stored, "therapist_id"), ==,
                   spa_record_get_id (f->spa.claire));
  days = spa_record_get_strv (stored, "days");
  g_assert_cmpstrv (days, tue_thu);
  /* Tuesday 2 March, 10:00-11:00 with Claire suits it. */
  {
    g_autoptr(GPtrArray) matches = spa_waitlist_matches (f->spa.store, f->freed, f->spa.zone,
                                                         &error);

    g_assert_no_error (error);
    g_assert_cmpuint (matches->len, ==, 1);
  }

  /* Marked booked, it waits no longer. */
  g_assert_true (spa_waitlist_set_status (f->spa.store, spa_record_get_id (entry), "booked",
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpint (spa_test_count_rows (f->spa.store,
                                        "SELECT count(*) FROM waitlist_entry WHERE status = ?",
                                        "booked"), ==, 1);
}

/* What the desk shows of the server's offers: the time offered, in the spa's zone, and
 * a booking made through the offer apart from one marked on the desk. */
static void
test_offer_state (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  const struct { const char *json; const char *shown; } cases[] = {
    { "{\"status\": \"offered\", \"offer_starts_at\": \"2027-03-02T18:00:00Z\"}",
      "Offered Tue 2 10:00 by e-mail" },
    { "{\"status\": \"offered\"}", "Offered" },
    { "{\"status\": \"waiting\", \"offer_starts_at\": \"2027-03-02T18:00:00Z\"}", "Waiting" },
    { "{\"status\": \"booked\", \"offer_starts_at\": \"2027-03-02T18:00:00Z\","
      " \"booking_id\": \"BOOKING\"}", "Booked through the offer" },
    { "{\"status\": \"booked\"}", "Booked" },
    { "{\"status\": \"withdrawn\"}", "Withdrawn" },
    { "{\"status\": \"expired\", \"offer_starts_at\": \"2027-03-02T18:00:00Z\"}",
      "Expired" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) json = g_string_new (cases[i].json);
      g_autoptr(SpaRecord) entry = NULL;
      g_autofree char *shown = NULL;

      g_string_replace (json, "BOOKING", spa_record_get_id (f->freed), 0);
      entry = add (f, f->spa.client, json->str);
      shown = spa_waitlist_describe_status (entry, zone);
      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
}

/* An offer nobody took and a wait past its last day (spa_waitlist_current_status(), the
 * rule the server writes and the desk shows): the entry offered Tue 2 March 10:00
 * (Vancouver) waits again once that time has begun or gone to someone else while its
 * last day is today or later, and ends expired once its last day has passed; an entry
 * waiting without an offer ends expired the moment its last day is over, around
 * midnight in Vancouver, in winter and summer time; "today" is the spa's calendar day,
 * not UTC's. Other statuses are never changed. */
static void
test_offer_lapses (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  const struct { const char *status; const char *until; gboolean taken; const char *now;
                 const char *expected; } cases[] = {
    /* Not begun, not taken: still offered. */
    { "offered", "2027-03-31", FALSE, "2027-03-02T17:59:00Z", "offered" },
    /* Taken by someone else before it began: waits again. */
    { "offered", "2027-03-31", TRUE, "2027-03-02T17:00:00Z", "waiting" },
    /* Begun with nobody taking it. */
    { "offered", "2027-03-31", FALSE, "2027-03-02T18:00:00Z", "waiting" },
    /* Its last day is that day: 23:30 in Vancouver is still that day (07:30 UTC the
     * next), so it waits; the next morning it has expired. */
    { "offered", "2027-03-02", FALSE, "2027-03-03T07:30:00Z", "waiting" },
    { "offered", "2027-03-02", FALSE, "2027-03-03T17:00:00Z", "expired" },
    { "offered", "2027-03-02", TRUE, "2027-03-03T17:00:00Z", "expired" },
    /* Waiting, never offered: until its last day is over in Vancouver (PST, UTC-8),
     * then expired, whether a time was taken or not. */
    { "waiting", "2027-03-02", FALSE, "2027-03-02T08:00:00Z", "waiting" },
    { "waiting", "2027-03-02", FALSE, "2027-03-03T07:59:59Z", "waiting" },
    { "waiting", "2027-03-02", FALSE, "2027-03-03T08:00:00Z", "expired" },
    { "waiting", "2027-03-02", TRUE, "2027-04-03T17:00:00Z", "expired" },
    /* The last day being the first of summer time (PDT, UTC-7): over an hour earlier
     * in UTC. */
    { "waiting", "2027-03-14", FALSE, "2027-03-15T06:59:59Z", "waiting" },
    { "waiting", "2027-03-14", FALSE, "2027-03-15T07:00:00Z", "expired" },
    /* The others: left alone, whatever the day. */
    { "booked", "2027-03-02", TRUE, "2027-04-03T17:00:00Z", "booked" },
    { "withdrawn", "2027-03-02", TRUE, "2027-04-03T17:00:00Z", "withdrawn" },
    { "expired", "2027-03-02", FALSE, "2027-04-03T17:00:00Z", "expired" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"status\": \"%s\", \"until\": \"%s\","
                                               " \"offer_starts_at\": \"2027-03-02T18:00:00Z\"}",
                                               cases[i].status, cases[i].until);
      g_autoptr(SpaRecord) entry = entry_new (f->spa.client, json);
      g_autoptr(GDateTime) now = spa_time_parse_utc (cases[i].now);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) ended = NULL;
      const char *status = spa_waitlist_current_status (entry, cases[i].taken, now, zone);
      gboolean listed = FALSE;

      g_test_message ("case %u", i);
      g_assert_cmpstr (status, ==, cases[i].expected);
      /* The server settles the entries spa_waitlist_list_ended() gives: exactly the
       * waiting ones the rule ends. */
      g_assert_true (spa_store_save (f->spa.store, entry, &error));
      g_assert_no_error (error);
      ended = spa_waitlist_list_ended (f->spa.store, now, zone, &error);
      g_assert_no_error (error);
      for (guint j = 0; j < ended->len; j++)
        listed |= g_strcmp0 (spa_record_get_id (ended->pdata[j]), spa_record_get_id (entry)) == 0;
      g_assert_cmpint (listed, ==, g_str_equal (cases[i].status, "waiting") &&
                                   g_str_equal (status, "expired"));
      /* What the rule gives is a status the record may hold. */
      spa_record_set_string (entry, SPA_WAITLIST_STATUS, status);
      g_assert_true (spa_store_save (f->spa.store, entry, &error));
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/waitlist/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("rules", test_rules);
  ADD ("matches-in-order", test_matches_in_order);
  ADD ("draft", test_draft);
  ADD ("offer-state", test_offer_state);
  ADD ("offer-lapses", test_offer_lapses);
#undef ADD

  return g_test_run ();
}
