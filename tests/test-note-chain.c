/* test-note-chain.c: the tamper-evident chain of signed notes and amendments
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-clinical.h"
#include "spa-note-chain.h"
#include "spa-store-private.h"
#include "spa-test-util.h"

#include <string.h>

typedef struct
{
  char      *dir;
  SpaStore  *store;
  SpaRecord *client;
  char      *signed_id;
  char      *draft_id;
  char      *amendment_id;
} Fixture;

static char *
save_note (Fixture    *f,
           const char *date,
           const char *subjective,
           gboolean    sign)
{
  g_autoptr(SpaRecord) note = spa_record_new ("session_note");
  g_autoptr(GError) error = NULL;

  spa_record_set_string (note, "client_id", spa_record_get_id (f->client));
  spa_record_set_string (note, "session_date", date);
  spa_record_set_string (note, "subjective", subjective);
  spa_record_set_int (note, "pain_before", 6);
  if (sign)
    g_assert_true (spa_clinical_sign_note (f->store, note, "Claire Dubois", &error));
  else
    g_assert_true (spa_store_save (f->store, note, &error));
  g_assert_no_error (error);
  return g_strdup (spa_record_get_id (note));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) amendment = NULL;

  f->store = spa_test_open_store (&f->dir);
  f->client = spa_test_add_client (f->store, "Zoé", "Tremblay", NULL, NULL);
  f->signed_id = save_note (f, "2026-11-20", "Lower back stiff\tafter\ngardening \\ 6/10",
                            TRUE);
  f->draft_id = save_note (f, "2026-11-27", "Still writing", FALSE);
  amendment = spa_clinical_add_amendment (f->store, f->signed_id, "Claire Dubois",
                                          "Pain after was 3/10.", &error);
  g_assert_no_error (error);
  f->amendment_id = g_strdup (spa_record_get_id (amendment));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  spa_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->signed_id);
  g_free (f->draft_id);
  g_free (f->amendment_id);
}

/* Runs SQL on the database file with another connection, as sqlite3 would. */
static void
tamper (Fixture    *f,
        const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (spa_store_get_path (f->store), &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static GPtrArray *
verify (Fixture *f,
        guint    expected_links,
        guint    expected_records)
{
  g_autoptr(GError) error = NULL;
  guint links = 0;
  guint records = 0;
  GPtrArray *breaks = spa_note_chain_verify (f->store, &links, &records, &error);

  g_assert_no_error (error);
  g_assert_nonnull (breaks);
  g_assert_cmpuint (links, ==, expected_links);
  g_assert_cmpuint (records, ==, expected_records);
  return breaks;
}

static void
test_intact (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) breaks = verify (f, 2, 2);
  g_autofree char *draft_hash = NULL;

  /* The signed note and its amendment; never the draft. */
  g_assert_cmpuint (breaks->len, ==, 0);

  /* Signing the draft links it, once: saving the same content again adds nothing. */
  {
    g_autoptr(SpaRecord) draft = spa_store_get (f->store, "session_note", f->draft_id, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (spa_clinical_sign_note (f->store, draft, "Claire Dubois", &error));
    g_assert_no_error (error);
    g_assert_true (spa_note_chain_add (f->store, "session_note", f->draft_id, &error));
  }
  g_clear_pointer (&breaks, g_ptr_array_unref);
  breaks = verify (f, 3, 3);
  g_assert_cmpuint (breaks->len, ==, 0);
}

static void
test_link_hash (void)
{
  /* The documented recipe, fixed: sha256 of "PREVIOUS\nENTITY\nID\nCONTENT\n". */
  g_autofree char *link = spa_note_chain_link_hash (SPA_NOTE_CHAIN_START, "session_note",
                                                    "n1", "abc");
  g_autofree char *text = g_strdup_printf ("%s\nsession_note\nn1\nabc\n",
                                           SPA_NOTE_CHAIN_START);
  g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  g_assert_cmpstr (link, ==, expected);
}

/* After @sql runs on the file, verifying finds one break: @id's, saying @words. */
static SpaNoteChainBreak *
expect_break (Fixture    *f,
              const char *sql,
              guint       links,
              guint       records,
              const char *entity,
              const char *id,
              const char *words)
{
  g_autoptr(GPtrArray) breaks = NULL;
  SpaNoteChainBreak *b;

  tamper (f, sql);
  breaks = verify (f, links, records);
  g_assert_cmpuint (breaks->len, ==, 1);
  b = g_ptr_array_steal_index (breaks, 0);
  g_assert_cmpstr (b->entity, ==, entity);
  g_assert_cmpstr (b->record_id, ==, id);
  g_assert_nonnull (strstr (b->reason, words));
  return b;
}

static void
test_note_edited (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE session_note SET pain_before = 2"
                                          " WHERE id = '%s'", f->signed_id);
  g_autoptr(SpaNoteChainBreak) b = expect_break (f, sql, 2, 2, "session_note", f->signed_id,
                                                 "changed after it was signed");

  g_assert_cmpint (b->seq, ==, 1);
}

static void
test_amendment_edited (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE note_amendment SET text = 'Pain after was"
                                          " 1/10.' WHERE id = '%s'", f->amendment_id);
  g_autoptr(SpaNoteChainBreak) b = expect_break (f, sql, 2, 2, "note_amendment",
                                                 f->amendment_id,
                                                 "changed after it was signed");

  g_assert_cmpint (b->seq, ==, 2);
}

/* Whoever edits a note also rewrites its link's content hash: the chain still breaks. */
static void
test_link_rewritten (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE session_note SET pain_before = 2"
                                          " WHERE id = '%s'", f->signed_id);
  g_autofree char *forged = NULL;
  g_autofree char *update = NULL;
  g_autoptr(SpaNoteChainBreak) b = NULL;

  tamper (f, sql);
  forged = spa_note_chain_content_hash (f->store, "session_note", f->signed_id, NULL);
  update = g_strdup_printf ("UPDATE note_chain SET content_hash = '%s' WHERE record_id = '%s'",
                            forged, f->signed_id);
  b = expect_break (f, update, 2, 2, "session_note", f->signed_id, "breaks at link 1");
}

static void
test_removed (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA foreign_keys = OFF;"
                                          "DELETE FROM note_amendment WHERE id = '%s'",
                                          f->amendment_id);
  g_autoptr(SpaNoteChainBreak) b = expect_break (f, sql, 2, 1, "note_amendment",
                                                 f->amendment_id, "removed");
}

static void
test_written_outside (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE session_note SET signed_at ="
                                          " '2026-11-27T18:00:00Z', signed_by = 'Nobody'"
                                          " WHERE id = '%s'", f->draft_id);
  g_autoptr(SpaNoteChainBreak) b = expect_break (f, sql, 2, 3, "session_note", f->draft_id,
                                                 "not in the record chain");

  g_assert_cmpint (b->seq, ==, 0);
}

/* A migration that adds a column to the notes leaves every hash as it was. */
static void
test_column_added (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) breaks = NULL;

  tamper (f, "ALTER TABLE session_note ADD COLUMN reviewed_by TEXT;"
             "ALTER TABLE note_amendment ADD COLUMN reviewed_by TEXT");
  breaks = verify (f, 2, 2);
  g_assert_cmpuint (breaks->len, ==, 0);
}

/* A database from before the chain gets its signed records linked by the migration. */
static void
test_migration_links_existing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *path = spa_store_default_path (dir);
  g_autoptr(SpaStore) old = spa_store_open_at_version (path, 41, &error);
  g_autoptr(SpaRecord) client = NULL;
  g_autoptr(SpaRecord) note = spa_record_new ("session_note");
  g_autoptr(SpaStore) store = NULL;
  g_autoptr(GPtrArray) breaks = NULL;
  guint links = 0;

  g_assert_no_error (error);
  client = spa_test_add_client (old, "Mei", "Chen", NULL, NULL);
  spa_record_set_string (note, "client_id", spa_record_get_id (client));
  spa_record_set_string (note, "session_date", "2026-10-02");
  g_assert_true (spa_clinical_sign_note (old, note, "Claire Dubois", &error));
  g_clear_object (&old);

  store = spa_store_open (path, &error);
  g_assert_no_error (error);
  breaks = spa_note_chain_verify (store, &links, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links, ==, 1);
  g_assert_cmpuint (breaks->len, ==, 0);
  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/note-chain/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("intact", test_intact);
  ADD ("note-edited", test_note_edited);
  ADD ("amendment-edited", test_amendment_edited);
  ADD ("link-rewritten", test_link_rewritten);
  ADD ("removed", test_removed);
  ADD ("written-outside", test_written_outside);
  ADD ("column-added", test_column_added);
#undef ADD
  g_test_add_func ("/note-chain/link-hash", test_link_hash);
  g_test_add_func ("/note-chain/migration-links-existing", test_migration_links_existing);

  return g_test_run ();
}
