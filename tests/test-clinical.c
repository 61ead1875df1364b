/* test-clinical.c: intakes, session notes, amendments and the clinical queries
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-store-private.h"
#include "spa-test-util.h"

typedef struct
{
  char      *dir;
  SpaStore  *store;
  SpaRecord *client;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = spa_test_open_store (&f->dir);
  f->client = spa_test_add_client (f->store, "Ethan", "Nguyen", NULL, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  spa_test_remove_dir (f->dir);
  g_free (f->dir);
}

static void
set_json (SpaRecord  *record,
          const char *field,
          const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  spa_record_set_json (record, field, node);
}

static SpaRecord *
new_intake (Fixture *f)
{
  SpaRecord *intake = spa_record_new ("intake");

  spa_record_set_string (intake, "client_id", spa_record_get_id (f->client));
  return intake;
}

static void
assert_field_error (SpaStore   *store,
                    SpaRecord  *record,
                    const char *field)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (spa_store_save (store, record, &error));
  g_assert_error (error, SPA_VALIDATION_ERROR, error->code);
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, field);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_intake_areas_validated (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaRecord) intake = new_intake (f);
  g_autoptr(GError) error = NULL;

  set_json (intake, "pain_areas", "[{\"region\":\"lower_back\",\"intensity\":11}]");
  assert_field_error (f->store, intake, "pain_areas");
  set_json (intake, "pain_areas", "[{\"region\":\"lower_back\",\"intensity\":-1}]");
  assert_field_error (f->store, intake, "pain_areas");
  set_json (intake, "pain_areas", "[{\"region\":\"lower_back\"}]");
  assert_field_error (f->store, intake, "pain_areas");
  set_json (intake, "pain_areas", "[{\"region\":\"elbow_of_doom\",\"intensity\":3}]");
  assert_field_error (f->store, intake, "pain_areas");
  set_json (intake, "pain_areas", "[{\"region\":\"neck\",\"intensity\":3,\"quality\":\"itchy\"}]");
  assert_field_error (f->store, intake, "pain_areas");
  set_json (intake, "pain_areas", "[{\"region\":\"neck\",\"intensity\":3},{\"region\":\"neck\",\"intensity\":4}]");
  assert_field_error (f->store, intake, "pain_areas");
  set_json (intake, "pain_areas", "{\"region\":\"neck\"}");
  assert_field_error (f->store, intake, "pain_areas");

  set_json (intake, "pain_areas", "[{\"region\":\"neck\",\"intensity\":0,\"quality\":\"stiff\",\"note\":null},"
                                  "{\"region\":\"lower_back\",\"intensity\":10,\"quality\":\"sharp\",\"note\":\"x\"}]");
  set_json (intake, "avoid_areas", "[{\"region\":\"knee\",\"reason\":\"Surgery\"}]");
  assert_field_error (f->store, intake, "avoid_areas");
  set_json (intake, "avoid_areas", "[{\"region\":\"knee_left\",\"reason\":\"Surgery\"}]");
  set_json (intake, "conditions", "[\"pregnancy\",\"werewolf\"]");
  assert_field_error (f->store, intake, "conditions");
  set_json (intake, "conditions", "[\"pregnancy\"]");
  spa_record_set_string (intake, "pressure", "brutal");
  assert_field_error (f->store, intake, "pressure");
  spa_record_set_string (intake, "pressure", "light");
  spa_record_set_int (intake, "pregnancy_weeks", 50);
  assert_field_error (f->store, intake, "pregnancy_weeks");
  spa_record_set_int (intake, "pregnancy_weeks", 20);

  g_assert_true (spa_store_save (f->store, intake, &error));
  g_assert_no_error (error);
  /* A draft is not current. */
  g_assert_null (spa_clinical_current_intake (f->store, spa_record_get_id (f->client), &error));
  g_assert_no_error (error);
}

static void
test_intake_consent_required (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaRecord) intake = new_intake (f);
  g_autoptr(SpaRecord) current = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  const char *client_id = spa_record_get_id (f->client);

  set_json (intake, "pain_areas", "[{\"region\":\"lower_back\",\"intensity\":7,\"quality\":\"aching\"}]");
  g_assert_true (spa_store_save (f->store, intake, &error));

  /* Completing without consent fails next to the consent field; the intake stays a draft. */
  g_assert_false (spa_clinical_complete_intake (f->store, intake, &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "consent_name");
  g_clear_error (&error);
  g_assert_false (spa_record_has_value (intake, "completed_at"));
  g_assert_null (spa_clinical_current_intake (f->store, client_id, NULL));

  /* Directly too: completed_at without consent is refused. */
  spa_record_set_string (intake, "completed_at", "2026-11-01T10:00:00Z");
  assert_field_error (f->store, intake, "consent_name");
  spa_record_set_null (intake, "completed_at");

  spa_record_set_string (intake, "consent_name", "Ethan Nguyen");
  g_assert_true (spa_clinical_complete_intake (f->store, intake, &error));
  g_assert_no_error (error);
  g_assert_true (spa_record_has_value (intake, "consent_at"));

  current = spa_clinical_current_intake (f->store, client_id, &error);
  g_assert_nonnull (current);
  g_assert_cmpstr (spa_record_get_id (current), ==, spa_record_get_id (intake));
  g_clear_object (&current);

  /* A later complete intake becomes current; the older one stays readable. */
  {
    g_autoptr(SpaRecord) later = new_intake (f);

    spa_store_set_clock_offset (f->store, G_TIME_SPAN_DAY * 30);
    spa_record_set_string (later, "consent_name", "Ethan Nguyen");
    set_json (later, "pain_areas", "[{\"region\":\"lower_back\",\"intensity\":3}]");
    g_assert_true (spa_clinical_complete_intake (f->store, later, &error));
    current = spa_clinical_current_intake (f->store, client_id, &error);
    g_assert_cmpstr (spa_record_get_id (current), ==, spa_record_get_id (later));
  }

  all = spa_clinical_list_intakes (f->store, client_id, &error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (spa_record_get_id (all->pdata[1]), ==, spa_record_get_id (intake));
}

static SpaRecord *
new_note (Fixture    *f,
          const char *date)
{
  SpaRecord *note = spa_record_new ("session_note");

  spa_record_set_string (note, "client_id", spa_record_get_id (f->client));
  spa_record_set_string (note, "session_date", date);
  return note;
}

static void
test_note_fields_validated (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaRecord) note = new_note (f, "2026-11-20");
  g_autoptr(GError) error = NULL;

  set_json (note, "techniques", "[\"swedish\",\"reiki_from_space\"]");
  assert_field_error (f->store, note, "techniques");
  set_json (note, "techniques", "[\"swedish\",\"deep_tissue\"]");
  set_json (note, "areas_treated", "[\"lower_back\",\"tail\"]");
  assert_field_error (f->store, note, "areas_treated");
  set_json (note, "areas_treated", "[\"lower_back\"]");
  spa_record_set_int (note, "pain_before", 11);
  assert_field_error (f->store, note, "pain_before");
  spa_record_set_null (note, "pain_before");
  /* Pain after without pain before is allowed (the client was not asked on arrival). */
  spa_record_set_int (note, "pain_after", 2);
  spa_record_set_string (note, "pressure", "crushing");
  assert_field_error (f->store, note, "pressure");
  spa_record_set_string (note, "pressure", "firm");
  spa_record_set_int (note, "duration_min", 0);
  assert_field_error (f->store, note, "duration_min");
  spa_record_set_int (note, "duration_min", 60);
  spa_record_set_string (note, "signed_at", "2026-11-20T18:00:00Z");
  assert_field_error (f->store, note, "signed_by");
  spa_record_set_null (note, "signed_at");

  g_assert_true (spa_store_save (f->store, note, &error));
  g_assert_no_error (error);
}

/* A macro, so that the call runs before its error is looked at. */
#define assert_locked(call, error) \
  G_STMT_START { \
    gboolean ok_ = (call); \
    g_assert_false (ok_); \
    g_assert_error ((error), SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED); \
  } G_STMT_END

static void
test_signed_note_is_locked (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaRecord) note = new_note (f, "2026-11-20");
  g_autoptr(SpaRecord) copy = NULL;
  g_autoptr(SpaRecord) impostor = NULL;
  g_autoptr(SpaRecord) stored = NULL;
  g_autoptr(SpaRecord) amendment = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) amendments = NULL;
  const char *id;
  gint64 outbox;

  spa_record_set_string (note, "subjective", "Lower back 7/10");
  spa_record_set_int (note, "pain_before", 7);
  g_assert_true (spa_store_save (f->store, note, &error));
  id = spa_record_get_id (note);

  /* A draft can be changed freely. */
  spa_record_set_string (note, "subjective", "Lower back 6/10");
  g_assert_true (spa_store_save (f->store, note, &error));

  g_assert_true (spa_clinical_sign_note (f->store, note, "Claire Dubois", &error));
  g_assert_no_error (error);
  g_assert_true (spa_clinical_is_signed (note));
  outbox = spa_test_count_rows (f->store, "SELECT count(*) FROM sync_outbox WHERE record_id = ?", id);

  /* Path 1: the same record object, changed and saved. */
  spa_record_set_string (note, "subjective", "Tampered");
  assert_locked (spa_store_save (f->store, note, &error), error);
  g_clear_error (&error);

  /* Path 2: a fresh copy read from the store. */
  copy = spa_store_get (f->store, "session_note", id, &error);
  spa_record_set_int (copy, "pain_after", 1);
  assert_locked (spa_store_save (f->store, copy, &error), error);
  g_clear_error (&error);

  /* Path 3: unsigning. */
  spa_record_set_null (copy, "signed_at");
  assert_locked (spa_store_save (f->store, copy, &error), error);
  g_clear_error (&error);

  /* Path 4: a new record that reuses the id (as a replayed import would). */
  impostor = new_note (f, "2026-11-21");
  spa_record_set_id (impostor, id);
  assert_locked (spa_store_save (f->store, impostor, &error), error);
  g_clear_error (&error);

  /* Path 5: delete, and restore. */
  assert_locked (spa_store_delete (f->store, "session_note", id, &error), error);
  g_clear_error (&error);
  g_assert_true (spa_store_restore (f->store, "session_note", id, &error));  /* not deleted: no-op */
  g_assert_no_error (error);

  /* Path 6: signing again. */
  assert_locked (spa_clinical_sign_note (f->store, copy, "Someone", &error), error);
  g_clear_error (&error);

  stored = spa_store_get (f->store, "session_note", id, &error);
  g_assert_cmpstr (spa_record_get_string (stored, "subjective"), ==, "Lower back 6/10");
  g_assert_cmpstr (spa_record_get_string (stored, "signed_by"), ==, "Claire Dubois");
  g_assert_cmpint (spa_record_get_int (stored, "pain_after", -1), ==, -1);
  g_assert_false (spa_record_get_deleted (stored));
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM sync_outbox WHERE record_id = ?", id),
                   ==, outbox);

  /* Corrections are amendments, which can always be added... */
  amendment = spa_clinical_add_amendment (f->store, id, "Claire Dubois", "Pain after was 3/10.", &error);
  g_assert_no_error (error);
  g_assert_nonnull (amendment);
  g_clear_object (&amendment);
  amendment = spa_clinical_add_amendment (f->store, id, "Claire Dubois", "And another.", &error);
  g_assert_nonnull (amendment);

  /* ...need an author and a text... */
  g_assert_null (spa_clinical_add_amendment (f->store, id, "", "Text", &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "author");
  g_clear_error (&error);
  g_assert_null (spa_clinical_add_amendment (f->store, id, "Claire", "   ", &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "text");
  g_clear_error (&error);
  g_assert_null (spa_clinical_add_amendment (f->store, "no-such-note", "Claire", "Text", &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "note_id");
  g_clear_error (&error);

  /* ...and, once written, are never changed nor deleted. */
  spa_record_set_string (amendment, "text", "Rewritten");
  assert_locked (spa_store_save (f->store, amendment, &error), error);
  g_clear_error (&error);
  assert_locked (spa_store_delete (f->store, "note_amendment", spa_record_get_id (amendment), &error), error);
  g_clear_error (&error);

  amendments = spa_clinical_list_amendments (f->store, id, &error);
  g_assert_cmpuint (amendments->len, ==, 2);
  g_assert_cmpstr (spa_record_get_string (amendments->pdata[0], "text"), ==, "Pain after was 3/10.");
  g_assert_cmpstr (spa_record_get_string (amendments->pdata[1], "text"), ==, "And another.");
}

static void
test_signed_note_not_restored (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaRecord) note = new_note (f, "2026-11-20");
  g_autoptr(SpaRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (spa_clinical_sign_note (f->store, note, "Claire Dubois", &error));

  /* A tombstone arriving from elsewhere (written as sync does, without validation)
   * cannot be undone locally: the signed note stays as the server has it. */
  spa_record_set_deleted (note, TRUE);
  g_assert_true (spa_store_write_row (f->store, note, TRUE, &error));
  assert_locked (spa_store_restore (f->store, "session_note", spa_record_get_id (note), &error), error);
  stored = spa_store_get (f->store, "session_note", spa_record_get_id (note), NULL);
  g_assert_true (spa_record_get_deleted (stored));
}

static void
test_queries (Fixture *f, gconstpointer data)
{
  const char *client_id = spa_record_get_id (f->client);
  static const int before[] = { 7, 6, -1, 5, 4, 3 };
  static const int after[] = { 5, 4, 4, -1, 3, 2 };
  g_autoptr(SpaRecord) intake = new_intake (f);
  g_autoptr(SpaRecord) fresh = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GArray) series = NULL;
  g_autoptr(GHashTable) history = NULL;
  g_autoptr(GError) error = NULL;
  GArray *lumbar;

  set_json (intake, "pain_areas", "[{\"region\":\"lower_back\",\"intensity\":7},{\"region\":\"glute_right\",\"intensity\":4}]");
  spa_record_set_string (intake, "pressure", "firm");
  spa_record_set_string (intake, "consent_name", "Ethan Nguyen");
  spa_record_set_string (intake, "consent_at", "2026-08-30T10:00:00Z");
  spa_record_set_string (intake, "completed_at", "2026-08-30T10:00:00Z");
  g_assert_true (spa_store_save (f->store, intake, &error));

  /* Saved out of order: the queries sort by session date. */
  for (int i = 5; i >= 0; i--)
    {
      g_autofree char *date = g_strdup_printf ("2026-09-%02d", 1 + i * 5);
      g_autoptr(SpaRecord) note = new_note (f, date);

      if (before[i] >= 0)
        spa_record_set_int (note, "pain_before", before[i]);
      if (after[i] >= 0)
        spa_record_set_int (note, "pain_after", after[i]);
      set_json (note, "areas_treated", "[\"lower_back\"]");
      g_assert_true (spa_store_save (f->store, note, &error));
    }

  notes = spa_clinical_list_notes (f->store, client_id, &error);
  g_assert_cmpuint (notes->len, ==, 6);
  g_assert_cmpstr (spa_record_get_string (notes->pdata[0], "session_date"), ==, "2026-09-26");
  g_assert_cmpstr (spa_record_get_string (notes->pdata[5], "session_date"), ==, "2026-09-01");

  series = spa_clinical_pain_series (f->store, client_id, &error);
  g_assert_cmpuint (series->len, ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      SpaPainPoint *p = &g_array_index (series, SpaPainPoint, i);

      g_assert_cmpint (p->before, ==, before[i]);
      g_assert_cmpint (p->after, ==, after[i]);
    }
  g_assert_cmpstr (g_array_index (series, SpaPainPoint, 0).date, ==, "2026-09-01");

  /* Lumbar: 7 from the intake, then the pain before each session that had one. */
  history = spa_clinical_region_history (f->store, client_id, &error);
  lumbar = g_hash_table_lookup (history, "lower_back");
  g_assert_nonnull (lumbar);
  g_assert_cmpuint (lumbar->len, ==, 6);
  g_assert_cmpint (g_array_index (lumbar, SpaRegionPoint, lumbar->len - 1).intensity, ==, 3);
  g_assert_nonnull (g_hash_table_lookup (history, "glute_right"));
  g_assert_null (g_hash_table_lookup (history, "neck"));

  /* A new note is prefilled from the current intake. */
  fresh = spa_clinical_new_note (f->store, client_id, NULL, "2026-10-01", &error);
  g_assert_nonnull (fresh);
  g_assert_false (spa_record_is_stored (fresh));
  {
    g_auto(GStrv) areas = spa_record_get_strv (fresh, "areas_treated");

    g_assert_cmpuint (g_strv_length (areas), ==, 2);
    g_assert_cmpstr (areas[0], ==, "lower_back");
  }
  g_assert_cmpstr (spa_record_get_string (fresh, "pressure"), ==, "firm");
  g_assert_null (spa_clinical_new_note (f->store, "nobody", NULL, NULL, &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND);
}

static void
test_intake_alerts (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaRecord) intake = new_intake (f);
  g_auto(GStrv) alerts = NULL;
  g_autofree char *joined = NULL;

  /* As typed: the spaces and line break around it are not part of the alert, and an
   * injury of spaces alone is none. */
  spa_record_set_string (intake, "allergies", " Nut oils \n");
  spa_record_set_string (intake, "recent_injury", "   ");
  set_json (intake, "conditions", "[\"pregnancy\",\"diabetes\",\"blood_thinners\"]");
  spa_record_set_int (intake, "pregnancy_weeks", 24);
  set_json (intake, "avoid_areas", "[{\"region\":\"abdomen\",\"reason\":\"\"}]");
  alerts = spa_clinical_dup_intake_alerts (intake);
  joined = g_strjoinv ("|", alerts);
  g_assert_cmpstr (joined, ==, "Allergy: Nut oils|Pregnancy, 24 weeks|Blood thinners|Avoid: Abdomen");
}

/* The client's alerts and the current intake's together, nothing said twice. */
static void
test_client_alerts (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaRecord) intake = new_intake (f);
  g_autoptr(SpaRecord) current = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  g_autofree char *joined = NULL;

  spa_record_set_string (f->client, "allergies", "Latex ");
  set_json (f->client, "conditions", "[\"pregnancy\"]");
  g_assert_true (spa_store_save (f->store, f->client, &error));

  /* No intake yet: the client's own alerts. */
  before = spa_clinical_dup_client_alerts (f->store, f->client, &current);
  g_assert_null (current);
  joined = g_strjoinv ("|", before);
  g_assert_cmpstr (joined, ==, "Allergy: Latex|Pregnancy");
  g_clear_pointer (&joined, g_free);

  /* A draft intake does not count; a completed one adds its own, more precise ones. */
  set_json (intake, "conditions", "[\"pregnancy\"]");
  spa_record_set_int (intake, "pregnancy_weeks", 24);
  spa_record_set_string (intake, "recent_injury", "Sprained ankle");
  spa_record_set_string (intake, "consent_name", "Ethan Nguyen");
  g_assert_true (spa_store_save (f->store, intake, &error));
  g_assert_true (spa_clinical_complete_intake (f->store, intake, &error));
  g_assert_no_error (error);

  after = spa_clinical_dup_client_alerts (f->store, f->client, &current);
  g_assert_nonnull (current);
  g_assert_cmpstr (spa_record_get_id (current), ==, spa_record_get_id (intake));
  joined = g_strjoinv ("|", after);
  g_assert_true (g_strv_contains ((const char * const *)after, "Allergy: Latex"));
  g_assert_true (g_strv_contains ((const char * const *)after, "Pregnancy, 24 weeks"));
  g_assert_false (g_strv_contains ((const char * const *)after, "Pregnancy"));
  g_assert_nonnull (strstr (joined, "Sprained ankle"));
}

static guint
count_listed (SpaStore   *store,
              const char *query,
              gboolean    archived)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rowids = spa_store_list_client_rowids (store, query, archived, &error);

  g_assert_no_error (error);
  return rowids->len;
}

/* A client with an intake or a session note is never deleted, only archived: hidden
 * from the list and the search, kept whole, restorable. A client without any clinical
 * record can still be deleted. */
static void
test_client_with_records_archived (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) intake = new_intake (f);
  g_autoptr(SpaRecord) noted = spa_test_add_client (f->store, "Nora", "Nguyen", NULL, NULL);
  g_autoptr(SpaRecord) plain = spa_test_add_client (f->store, "Paul", "Nguyen", NULL, NULL);
  g_autoptr(SpaRecord) note = NULL;
  g_autoptr(SpaRecord) fresh = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gint64 outbox;

  g_assert_true (spa_store_save (f->store, intake, &error));
  g_assert_no_error (error);
  note = spa_clinical_new_note (f->store, spa_record_get_id (noted), NULL, "2026-11-20", &error);
  g_assert_no_error (error);
  spa_record_set_string (note, "subjective", "Stiff neck");
  g_assert_true (spa_store_save (f->store, note, &error));
  g_assert_true (spa_clinical_sign_note (f->store, note, "Theo", &error));
  g_assert_no_error (error);

  g_assert_true (spa_client_has_clinical_records (f->store, spa_record_get_id (f->client), NULL));
  g_assert_true (spa_client_has_clinical_records (f->store, spa_record_get_id (noted), NULL));
  g_assert_false (spa_client_has_clinical_records (f->store, spa_record_get_id (plain), NULL));

  /* The store refuses, and writes nothing to send. */
  outbox = spa_store_outbox_pending (f->store);
  g_assert_false (spa_store_delete (f->store, "client", spa_record_get_id (f->client), &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (spa_store_delete (f->store, "client", spa_record_get_id (noted), &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (spa_store_outbox_pending (f->store), ==, outbox);
  fresh = spa_store_get (f->store, "client", spa_record_get_id (noted), &error);
  g_assert_false (spa_record_get_deleted (fresh));
  g_clear_object (&fresh);

  /* Archived: out of the list and the search, into the archived list. */
  g_assert_cmpuint (count_listed (f->store, NULL, FALSE), ==, 3);
  g_assert_true (spa_client_set_archived (f->store, noted, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (spa_client_is_archived (noted));
  g_assert_cmpuint (count_listed (f->store, NULL, FALSE), ==, 2);
  g_assert_cmpuint (count_listed (f->store, "nguyen", FALSE), ==, 2);
  g_assert_cmpuint (count_listed (f->store, "no", FALSE), ==, 0);
  g_assert_cmpuint (count_listed (f->store, "nora nguyen", FALSE), ==, 0);
  g_assert_cmpuint (count_listed (f->store, NULL, TRUE), ==, 1);
  g_assert_cmpuint (count_listed (f->store, "no", TRUE), ==, 1);
  g_assert_cmpuint (count_listed (f->store, "nguyen", TRUE), ==, 1);
  g_assert_cmpuint (count_listed (f->store, "paul", TRUE), ==, 0);
  found = spa_store_search_clients (f->store, "nora", 50, &error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  /* Kept whole: the notes are still there and the archive syncs as a field. */
  g_assert_cmpuint (spa_test_count_rows (f->store, "SELECT count(*) FROM session_note WHERE client_id = ?",
                                         spa_record_get_id (noted)), ==, 1);
  g_assert_cmpint (spa_test_count_rows (f->store,
                                        "SELECT count(*) FROM sync_outbox WHERE record_id = ?"
                                        " AND fields LIKE '%archived_at%'",
                                        spa_record_get_id (noted)), ==, 1);

  /* Restored: back in the list and the search. */
  g_assert_true (spa_client_set_archived (f->store, noted, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (spa_client_is_archived (noted));
  g_assert_cmpuint (count_listed (f->store, NULL, TRUE), ==, 0);
  found = spa_store_search_clients (f->store, "nora", 50, &error);
  g_assert_cmpuint (found->len, ==, 1);

  /* No clinical record: deleting is allowed (a tombstone, restorable). */
  g_assert_true (spa_store_delete (f->store, "client", spa_record_get_id (plain), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_listed (f->store, NULL, FALSE), ==, 2);

  /* A bad archiving time is refused next to its field. */
  spa_record_set_string (f->client, "archived_at", "yesterday");
  assert_field_error (f->store, f->client, "archived_at");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/clinical/intake-areas-validated", test_intake_areas_validated);
  ADD ("/clinical/intake-consent-required", test_intake_consent_required);
  ADD ("/clinical/note-fields-validated", test_note_fields_validated);
  ADD ("/clinical/signed-note-locked", test_signed_note_is_locked);
  ADD ("/clinical/signed-note-not-restored", test_signed_note_not_restored);
  ADD ("/clinical/queries", test_queries);
  ADD ("/clinical/intake-alerts", test_intake_alerts);
  ADD ("/clinical/client-alerts", test_client_alerts);
  ADD ("/clinical/client-with-records-archived", test_client_with_records_archived);
#undef ADD

  return g_test_run ();
}
