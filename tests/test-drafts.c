/* test-drafts.c: note and intake drafts and the autosave they share
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-core.h"
#include "spa-test-util.h"

typedef struct
{
  char      *dir;
  SpaStore  *store;
  SpaRecord *client;
  guint      saved;
  guint      failed;
  guint      reloaded;
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
count_cb (SpaRecordDraft *draft,
          guint          *counter)
{
  (*counter)++;
}

static void
watch (Fixture        *f,
       SpaRecordDraft *draft)
{
  g_signal_connect (draft, "saved", G_CALLBACK (count_cb), &f->saved);
  g_signal_connect (draft, "failed", G_CALLBACK (count_cb), &f->failed);
  g_signal_connect (draft, "reloaded", G_CALLBACK (count_cb), &f->reloaded);
}

static gboolean
settled (gpointer data)
{
  return !spa_record_draft_is_pending (data);
}

/* What another process (the app after a crash, another desk) reads from the file. */
static SpaRecord *
read_back (Fixture    *f,
           const char *entity,
           const char *id)
{
  g_autofree char *path = spa_store_default_path (f->dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStore) other = spa_store_open (path, &error);

  g_assert_no_error (error);
  return spa_store_get (other, entity, id, NULL);
}

static SpaRecord *
new_note (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *note = spa_clinical_new_note (f->store, spa_record_get_id (f->client), NULL,
                                           "2026-11-20", &error);

  g_assert_no_error (error);
  return note;
}

/* Typing is saved after the pause without anyone asking, so a crash right after
 * finds it on disk; the pause restarts with each change. */
static void
test_note_autosave_survives_crash (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaNoteDraft) draft = spa_note_draft_new (f->store);
  SpaRecordDraft *d = SPA_RECORD_DRAFT (draft);
  g_autoptr(SpaRecord) note = new_note (f);
  g_autoptr(SpaRecord) found = NULL;
  g_autofree char *id = NULL;

  watch (f, d);
  spa_record_draft_set_delay (d, 50);
  spa_record_draft_set_record (d, note);
  id = g_strdup (spa_record_get_id (spa_record_draft_get_record (d)));

  spa_record_set_string (spa_record_draft_get_record (d), "subjective", "Stiff neck");
  spa_record_draft_changed (d);
  g_assert_true (spa_record_draft_is_pending (d));
  g_assert_cmpuint (f->saved, ==, 0);
  found = read_back (f, "session_note", id);
  g_assert_null (found);

  g_assert_true (spa_test_iterate_until (settled, d, 5000));
  g_assert_cmpuint (f->saved, ==, 1);
  found = read_back (f, "session_note", id);
  g_assert_nonnull (found);
  g_assert_cmpstr (spa_record_get_string (found, "subjective"), ==, "Stiff neck");
  g_clear_object (&found);

  /* A second change, then the "crash": the draft is dropped without a flush. The
   * first pause's text is on disk, the unsaved second is not. */
  spa_record_set_string (spa_record_draft_get_record (d), "subjective", "Stiff neck, better");
  spa_record_draft_changed (d);
  g_clear_object (&draft);
  found = read_back (f, "session_note", id);
  g_assert_cmpstr (spa_record_get_string (found, "subjective"), ==, "Stiff neck");
  g_assert_cmpuint (f->saved, ==, 1);
}

/* Leaving the form saves at once; an invalid draft is not written and says why,
 * next to its field. */
static void
test_note_flush_and_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaNoteDraft) draft = spa_note_draft_new (f->store);
  SpaRecordDraft *d = SPA_RECORD_DRAFT (draft);
  g_autoptr(SpaRecord) note = new_note (f);
  g_autoptr(SpaRecord) found = NULL;
  SpaRecord *r;

  watch (f, d);
  spa_record_draft_set_record (d, note);
  r = spa_record_draft_get_record (d);
  g_assert_true (r != note);   /* its own copy */

  spa_record_set_int (r, "pain_before", 14);
  spa_record_draft_changed (d);
  g_assert_false (spa_record_draft_flush (d));
  g_assert_cmpuint (f->failed, ==, 1);
  g_assert_nonnull (g_hash_table_lookup (spa_record_draft_get_errors (d), "pain_before"));
  g_assert_false (spa_record_draft_is_pending (d));
  found = read_back (f, "session_note", spa_record_get_id (r));
  g_assert_null (found);

  spa_record_set_int (r, "pain_before", 4);
  spa_record_draft_changed (d);
  g_assert_true (spa_record_draft_flush (d));
  g_assert_cmpuint (f->saved, ==, 1);
  g_assert_cmpuint (g_hash_table_size (spa_record_draft_get_errors (d)), ==, 0);
  found = read_back (f, "session_note", spa_record_get_id (r));
  g_assert_cmpint (spa_record_get_int (found, "pain_before", -1), ==, 4);

  /* Nothing pending: a flush writes nothing. */
  g_assert_true (spa_record_draft_flush (d));
  g_assert_cmpuint (f->saved, ==, 1);

  /* Moving to another record saves the previous one first. */
  spa_record_set_string (r, "plan", "Weekly");
  spa_record_draft_changed (d);
  spa_record_draft_set_record (d, NULL);
  g_assert_cmpuint (f->saved, ==, 2);
  g_clear_object (&found);
  found = read_back (f, "session_note", spa_record_get_id (note));
  g_assert_cmpstr (spa_record_get_string (found, "plan"), ==, "Weekly");
  g_assert_true (spa_record_draft_is_read_only (d));
}

/* Discard throws away what was not saved and writes nothing. */
static void
test_discard (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaNoteDraft) draft = spa_note_draft_new (f->store);
  SpaRecordDraft *d = SPA_RECORD_DRAFT (draft);
  g_autoptr(SpaRecord) note = new_note (f);
  g_autoptr(SpaRecord) found = NULL;

  watch (f, d);
  spa_record_draft_set_record (d, note);
  spa_record_set_string (spa_record_draft_get_record (d), "subjective", "Kept");
  spa_record_draft_changed (d);
  g_assert_true (spa_record_draft_flush (d));

  spa_record_set_string (spa_record_draft_get_record (d), "subjective", "Thrown away");
  spa_record_draft_changed (d);
  spa_record_draft_discard (d);
  g_assert_false (spa_record_draft_is_pending (d));
  g_assert_cmpuint (f->reloaded, ==, 1);
  g_assert_cmpstr (spa_record_get_string (spa_record_draft_get_record (d), "subjective"),
                   ==, "Kept");
  g_assert_true (spa_record_draft_flush (d));
  g_assert_cmpuint (f->saved, ==, 1);
  found = read_back (f, "session_note", spa_record_get_id (note));
  g_assert_cmpstr (spa_record_get_string (found, "subjective"), ==, "Kept");

  /* A draft never saved: discarding leaves an empty new record, nothing stored. */
  {
    g_autoptr(SpaIntakeDraft) intake_draft = spa_intake_draft_new (f->store);
    SpaRecordDraft *i = SPA_RECORD_DRAFT (intake_draft);
    g_autoptr(SpaRecord) intake = spa_record_new ("intake");

    spa_record_set_string (intake, "client_id", spa_record_get_id (f->client));
    spa_record_draft_set_record (i, intake);
    spa_record_set_string (spa_record_draft_get_record (i), "reason", "Back pain");
    spa_record_draft_changed (i);
    spa_record_draft_discard (i);
    g_assert_false (spa_record_is_stored (spa_record_draft_get_record (i)));
    g_assert_false (spa_record_has_value (spa_record_draft_get_record (i), "reason"));
    g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM intake", NULL), ==, 0);
  }
}

/* The note was signed elsewhere (another desk, a sync) while this desk still had it
 * open: the store refuses the draft's save, the signed note is put back in its place
 * and the typed change is not written. */
static void
test_note_signed_meanwhile (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaNoteDraft) draft = spa_note_draft_new (f->store);
  SpaRecordDraft *d = SPA_RECORD_DRAFT (draft);
  g_autoptr(SpaRecord) note = new_note (f);
  g_autoptr(SpaRecord) elsewhere = NULL;
  g_autoptr(GError) error = NULL;
  SpaRecord *r;

  watch (f, d);
  spa_record_set_string (note, "subjective", "Signed text");
  g_assert_true (spa_store_save (f->store, note, &error));
  spa_record_draft_set_record (d, note);

  elsewhere = spa_record_copy (note);
  g_assert_true (spa_clinical_sign_note (f->store, elsewhere, "Claire Dubois", &error));
  g_assert_no_error (error);

  spa_record_set_string (spa_record_draft_get_record (d), "subjective", "Late change");
  spa_record_draft_changed (d);
  g_assert_false (spa_record_draft_flush (d));
  g_assert_cmpuint (f->failed, ==, 1);
  g_assert_cmpuint (f->reloaded, ==, 1);
  g_assert_true (g_error_matches (spa_record_draft_get_error (d),
                                  SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED));
  g_assert_nonnull (spa_record_draft_get_message (d));

  r = spa_record_draft_get_record (d);
  g_assert_true (spa_clinical_is_signed (r));
  g_assert_cmpstr (spa_record_get_string (r, "subjective"), ==, "Signed text");

  /* A change forced into the signed note is refused the same way. */
  spa_record_set_string (r, "subjective", "Tampered");
  spa_record_draft_changed (d);
  g_assert_false (spa_record_draft_flush (d));
  g_assert_cmpuint (f->reloaded, ==, 2);
  g_assert_cmpstr (spa_record_get_string (spa_record_draft_get_record (d), "subjective"),
                   ==, "Signed text");
  g_clear_object (&elsewhere);
  elsewhere = read_back (f, "session_note", spa_record_get_id (note));
  g_assert_cmpstr (spa_record_get_string (elsewhere, "subjective"), ==, "Signed text");
}

/* Signing through the draft signs what is on screen and ends the autosave. */
static void
test_note_sign (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaNoteDraft) draft = spa_note_draft_new (f->store);
  SpaRecordDraft *d = SPA_RECORD_DRAFT (draft);
  g_autoptr(SpaRecord) note = new_note (f);
  g_autoptr(SpaRecord) found = NULL;
  g_autoptr(GError) error = NULL;

  watch (f, d);
  spa_record_draft_set_record (d, note);
  spa_record_set_string (spa_record_draft_get_record (d), "assessment", "Improving");
  spa_record_draft_changed (d);
  g_assert_true (spa_note_draft_sign (draft, NULL, NULL, "Claire Dubois", &error));
  g_assert_no_error (error);
  g_assert_false (spa_record_draft_is_pending (d));

  found = read_back (f, "session_note", spa_record_get_id (note));
  g_assert_true (spa_clinical_is_signed (found));
  g_assert_cmpstr (spa_record_get_string (found, "assessment"), ==, "Improving");
}

/* Intake: the answers are checked without the consent while the form is filled in,
 * saved by the same autosave, and completing makes the intake read-only. */
static void
test_intake_rules (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaIntakeDraft) draft = spa_intake_draft_new (f->store);
  SpaRecordDraft *d = SPA_RECORD_DRAFT (draft);
  g_autoptr(SpaRecord) intake = spa_record_new ("intake");
  g_autoptr(SpaRecord) found = NULL;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(GError) error = NULL;
  SpaRecord *r;

  watch (f, d);
  spa_record_draft_set_delay (d, 50);
  spa_record_set_string (intake, "client_id", spa_record_get_id (f->client));
  spa_record_draft_set_record (d, intake);
  r = spa_record_draft_get_record (d);
  g_assert_false (spa_record_draft_is_read_only (d));

  spa_record_set_strv (r, "conditions", (const char * const []) { "pregnancy", NULL });
  spa_record_set_int (r, "pregnancy_weeks", 60);
  errors = spa_intake_draft_check_answers (draft);
  g_assert_nonnull (g_hash_table_lookup (errors, "pregnancy_weeks"));
  g_assert_false (g_hash_table_contains (errors, "consent_name"));
  g_clear_pointer (&errors, g_hash_table_unref);
  spa_record_draft_changed (d);
  g_assert_true (spa_test_iterate_until (settled, d, 5000));
  g_assert_cmpuint (f->failed, ==, 1);
  g_assert_false (spa_record_is_stored (r));

  spa_record_set_int (r, "pregnancy_weeks", 20);
  spa_record_set_string (r, "reason", "Lower back");
  spa_record_draft_changed (d);
  g_assert_true (spa_test_iterate_until (settled, d, 5000));
  g_assert_cmpuint (f->saved, ==, 1);
  found = read_back (f, "intake", spa_record_get_id (r));
  g_assert_cmpstr (spa_record_get_string (found, "reason"), ==, "Lower back");
  g_clear_object (&found);

  /* The consent must be the client's own name before completing. */
  spa_record_set_string (r, "consent_name", "Someone Else");
  g_assert_false (spa_intake_draft_check_consent (draft, &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "consent_name");
  g_clear_error (&error);
  spa_record_set_string (r, "consent_name", "Ethan Nguyen");
  spa_record_draft_changed (d);
  g_assert_true (spa_intake_draft_check_consent (draft, &error));
  g_assert_true (spa_intake_draft_complete (draft, &error));
  g_assert_no_error (error);
  g_assert_false (spa_record_draft_is_pending (d));
  g_assert_true (spa_record_draft_is_read_only (d));

  found = read_back (f, "intake", spa_record_get_id (r));
  g_assert_true (spa_record_has_value (found, "completed_at"));
  spa_record_set_string (r, "reason", "Changed after completion");
  spa_record_draft_changed (d);
  g_assert_false (spa_record_draft_is_pending (d));
  g_assert_true (spa_record_draft_flush (d));
  g_clear_object (&found);
  found = read_back (f, "intake", spa_record_get_id (r));
  g_assert_cmpstr (spa_record_get_string (found, "reason"), ==, "Lower back");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/drafts/note-autosave-survives-crash", test_note_autosave_survives_crash);
  ADD ("/drafts/note-flush-and-errors", test_note_flush_and_errors);
  ADD ("/drafts/discard", test_discard);
  ADD ("/drafts/note-signed-meanwhile", test_note_signed_meanwhile);
  ADD ("/drafts/note-sign", test_note_sign);
  ADD ("/drafts/intake-rules", test_intake_rules);
#undef ADD

  return g_test_run ();
}
