/* test-export.c: exporting a whole spa and reading it back
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "spa-audit-fields.h"
#include "spa-audit.h"
#include "spa-export.h"
#include "spa-import-csv.h"
#include "spa-note-chain.h"
#include "spa-store-private.h"
#include "spa-test-util.h"

typedef struct
{
  char      *dir;
  SpaStore  *store;
  char      *folder;
  GArray    *counts;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Vancouver");
  g_autoptr(GDateTime) today = g_date_time_new (zone, 2026, 12, 1, 9, 0, 0);

  f->store = spa_test_open_store (&f->dir);
  g_assert_true (spa_demo_fill (f->store, zone, today, &error));
  g_assert_no_error (error);
  /* The audit trail: a client's intake opened, and an earlier export. */
  {
    g_autoptr(GPtrArray) clients = spa_store_list (f->store, "client", FALSE, NULL);

    g_assert_true (spa_audit_record (f->store, NULL, spa_record_get_id (clients->pdata[0]),
                                     SPA_AUDIT_INTAKE_OPENED, NULL, &error));
    g_assert_true (spa_audit_record (f->store, NULL, NULL, SPA_AUDIT_EXPORTED, "/media/usb",
                                     &error));
    g_assert_no_error (error);
  }
  f->folder = g_build_filename (f->dir, "export", NULL);
  f->counts = spa_export_to_folder (f->store, f->folder, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->counts);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->folder, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->folder);
  g_clear_pointer (&f->counts, g_array_unref);
  g_clear_object (&f->store);
  spa_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->folder);
}

static SpaCsvTable *
read_csv (Fixture    *f,
          const char *entity)
{
  g_autofree char *name = g_strconcat (entity, ".csv", NULL);
  g_autofree char *path = g_build_filename (f->folder, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  SpaCsvTable *table;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  table = spa_csv_table_parse (contents, length, &error);
  g_assert_no_error (error);
  return table;
}

/* Every record of every type is in its CSV file, once, with its values. */
static void
test_csv_files (Fixture *f, gconstpointer data)
{
  guint n_entities;
  const SpaEntityInfo **entities = spa_entity_list (&n_entities);
  guint64 total = 0;

  g_assert_cmpuint (f->counts->len, ==, n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      const SpaEntityInfo *info = entities[i];
      g_autoptr(SpaCsvTable) table = read_csv (f, info->name);
      g_autoptr(GPtrArray) records = spa_store_list (f->store, info->name, FALSE, NULL);
      g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
      char **header = table->rows->pdata[0];

      g_test_message ("%s: %u records", info->name, records->len);
      g_assert_cmpstr (g_array_index (f->counts, SpaExportCount, i).entity, ==, info->name);
      g_assert_cmpuint (g_array_index (f->counts, SpaExportCount, i).n_records, ==, records->len);
      g_assert_cmpuint (table->rows->len, ==, records->len + 1);
      g_assert_cmpuint (g_strv_length (header), ==, 5 + info->n_fields);
      g_assert_cmpstr (header[0], ==, "id");
      g_assert_cmpstr (header[5], ==, info->fields[0].name);
      total += records->len;

      for (guint r = 1; r < table->rows->len; r++)
        {
          char **row = table->rows->pdata[r];

          g_assert_false (g_hash_table_contains (by_id, row[0]));
          g_hash_table_add (by_id, row[0]);
          g_assert_cmpuint (g_strv_length (row), ==, 5 + info->n_fields);
        }
      for (guint r = 0; r < records->len; r++)
        g_assert_true (g_hash_table_contains (by_id, spa_record_get_id (records->pdata[r])));
    }
  /* The sample spa has something of every kind that matters. */
  g_assert_cmpuint (total, >, 100);
  g_assert_cmpint (spa_store_count (f->store, "audit_event"), ==, 2);

  /* A client's text fields as they are stored. */
  {
    g_autoptr(SpaCsvTable) table = read_csv (f, "client");
    char **header = table->rows->pdata[0];
    char **row = table->rows->pdata[1];
    g_autoptr(SpaRecord) client = spa_store_get (f->store, "client", row[0], NULL);

    for (guint c = 5; header[c]; c++)
      if (spa_entity_find_field (&spa_client_entity, header[c])->type == SPA_FIELD_TEXT)
        g_assert_cmpstr (row[c], ==, spa_record_get_string (client, header[c]) ?: "");
  }
}

/* The JSON file, loaded into an empty database the way a sync applies records, gives
 * the same records. */
static void
test_json_reimport (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->folder, SPA_EXPORT_JSON_FILE, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *other_dir = NULL;
  g_autoptr(SpaStore) other = spa_test_open_store (&other_dir);
  guint n_entities;
  const SpaEntityInfo **entities = spa_entity_list (&n_entities);
  g_autoptr(GHashTable) seeded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *root;
  JsonArray *records;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "spa-desk-export");
  records = json_object_get_array_member (root, "records");

  /* Every database starts with the default services, tax rates and online settings
   * (fixed ids): loading them keeps their own created_at, as a sync does. */
  for (guint i = 0; i < n_entities; i++)
    {
      g_autoptr(GPtrArray) rows = spa_store_list (other, entities[i]->name, TRUE, NULL);

      for (guint r = 0; r < rows->len; r++)
        g_hash_table_add (seeded, g_strdup (spa_record_get_id (rows->pdata[r])));
    }

  g_assert_true (spa_store_begin (other, &error));
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *entry = json_array_get_object_element (records, i);
      const char *entity = json_object_get_string_member (entry, "entity");
      JsonObject *fields = json_object_get_object_member (entry, "record");
      g_autoptr(SpaRecord) record = spa_record_new_from_json (entity, fields, &error);

      g_assert_no_error (error);
      g_assert_true (spa_store_write_row (other, record, FALSE, &error));
      g_assert_no_error (error);
    }
  g_assert_true (spa_store_commit (other, &error));

  for (guint i = 0; i < n_entities; i++)
    {
      g_autoptr(GPtrArray) mine = spa_store_list (f->store, entities[i]->name, FALSE, NULL);

      g_assert_cmpint (spa_store_count (other, entities[i]->name), ==, mine->len);
      for (guint r = 0; r < mine->len; r++)
        {
          g_autoptr(SpaRecord) copy = spa_store_get (other, entities[i]->name,
                                                     spa_record_get_id (mine->pdata[r]), NULL);
          g_autoptr(JsonObject) a = spa_record_to_json (mine->pdata[r]);
          g_autoptr(JsonObject) b = spa_record_to_json (copy);
          g_autoptr(JsonNode) na = json_node_init_object (json_node_alloc (), a);
          g_autoptr(JsonNode) nb = json_node_init_object (json_node_alloc (), b);

          if (g_hash_table_contains (seeded, spa_record_get_id (copy)))
            {
              json_object_remove_member (a, "created_at");
              json_object_remove_member (b, "created_at");
            }

          g_autofree char *ta = spa_json_to_string (na);
          g_autofree char *tb = spa_json_to_string (nb);

          g_assert_cmpstr (ta, ==, tb);
        }
    }
  spa_test_remove_dir (other_dir);
}

static void
test_readme_and_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->folder, SPA_EXPORT_README_FILE, NULL);
  g_autofree char *readme = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) again = NULL;
  GStatBuf st;

  g_assert_true (g_file_get_contents (path, &readme, NULL, NULL));
  g_assert_nonnull (strstr (readme, "client.csv: "));
  g_assert_nonnull (strstr (readme, SPA_EXPORT_JSON_FILE));
  g_assert_nonnull (strstr (readme, "session_note.csv: "));
  g_assert_nonnull (strstr (readme, SPA_EXPORT_ICS_FILE ": "));
  g_assert_nonnull (strstr (readme, SPA_EXPORT_CHAIN_FILE ": "));
  g_assert_nonnull (strstr (readme, "audit_event.csv: the audit trail"));
  g_assert_nonnull (strstr (readme, "audit_event.csv: 2 records"));

  /* Clinical data: only the owner reads it. */
  g_assert_cmpint (g_stat (f->folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (f->folder, "session_note.csv", NULL);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Never over an earlier export. */
  again = spa_export_to_folder (f->store, f->folder, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
}

/* bookings.ics, read by python-icalendar: one event per booking, with its times and
 * whether it was cancelled. */
static void
test_bookings_ics (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->folder, SPA_EXPORT_ICS_FILE, NULL);
  const char *script =
    "import icalendar, sys\n"
    "cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n"
    "for e in cal.walk('VEVENT'):\n"
    "    print(str(e['UID']), e['DTSTART'].dt.strftime('%Y-%m-%dT%H:%M:%SZ'),\n"
    "          str(e.get('STATUS')))\n";
  /* Debian's Python, which python3-icalendar is installed for (build-aux/setup.sh). */
  const char *argv[] = { "/usr/bin/python3", "-c", script, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bookings = spa_store_list (f->store, "booking", FALSE, NULL);
  g_autoptr(GHashTable) events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = NULL;
  guint n_cancelled = 0;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("python-icalendar could not read %s: %s", path, err);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] && lines[i][0]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], " ", 3);

      g_assert_cmpuint (g_strv_length (parts), ==, 3);
      g_assert_true (g_str_has_suffix (parts[0], "@spa-desk"));
      *strchr (parts[0], '@') = '\0';
      g_hash_table_insert (events, g_strdup (parts[0]),
                           g_strconcat (parts[1], " ", parts[2], NULL));
    }
  g_assert_cmpuint (bookings->len, >, 10);
  g_assert_cmpuint (g_hash_table_size (events), ==, bookings->len);
  for (guint i = 0; i < bookings->len; i++)
    {
      SpaRecord *booking = bookings->pdata[i];
      const char *event = g_hash_table_lookup (events, spa_record_get_id (booking));
      const char *state = spa_record_get_string (booking, "status");
      gboolean cancelled = g_strcmp0 (state, "cancelled") == 0 || g_strcmp0 (state, "no_show") == 0;
      g_autofree char *starts = g_strconcat (spa_record_get_string (booking, "starts_at"), " ",
                                             NULL);

      g_assert_nonnull (event);
      g_assert_true (g_str_has_prefix (event, starts));
      g_assert_cmpint (g_str_has_suffix (event, "CANCELLED"), ==, cancelled);
      n_cancelled += cancelled;
    }
  /* The sample spa has cancelled bookings and no-shows. */
  g_assert_cmpuint (n_cancelled, >, 0);
}

/* note-chain.csv holds the database's chain, link for link, and the chain can be
 * recomputed from the file alone. */
static void
test_note_chain (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaCsvTable) table = read_csv (f, "note-chain");
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStmt) stmt = spa_store_prepare (f->store, "SELECT count(*) FROM note_chain", &error);
  g_autofree char *previous = g_strdup (SPA_NOTE_CHAIN_START);
  char **header = table->rows->pdata[0];

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), >, 0);
  g_assert_cmpuint (table->rows->len, ==, sqlite3_column_int64 (stmt, 0) + 1);
  g_assert_cmpstr (header[1], ==, "entity");
  g_assert_cmpstr (header[4], ==, "chain_hash");

  for (guint r = 1; r < table->rows->len; r++)
    {
      char **row = table->rows->pdata[r];
      g_autofree char *content = spa_note_chain_content_hash (f->store, row[1], row[2], &error);
      g_autofree char *link = spa_note_chain_link_hash (previous, row[1], row[2], row[3]);

      g_assert_no_error (error);
      g_assert_cmpstr (row[3], ==, content);
      g_assert_cmpstr (row[4], ==, link);
      g_free (previous);
      previous = g_strdup (row[4]);
    }
}

/* One archive: the same files under a folder named after it, read back by tar. */
static void
test_archive (Fixture *f, gconstpointer data)
{
  g_autofree char *archive = g_build_filename (f->dir, "spa-export-test.tar.gz", NULL);
  g_autofree char *unpacked = g_build_filename (f->dir, "unpacked", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_files = 0;
  GStatBuf st;
  int status;

  counts = spa_export_to_archive (f->store, archive, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (counts);
  g_assert_cmpuint (counts->len, ==, f->counts->len);
  g_assert_cmpint (g_stat (archive, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_cmpint (g_mkdir (unpacked, 0700), ==, 0);
  {
    const char *argv[] = { "tar", "-xzf", archive, "-C", unpacked, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("tar could not read the archive: %s", err);
  }

  /* Every file of the folder export, the same but for the time it was made. */
  dir = g_dir_open (f->folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->folder, name, NULL);
      g_autofree char *copy = g_build_filename (unpacked, "spa-export-test", name, NULL);
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      g_assert_true (g_file_get_contents (path, &a, NULL, NULL));
      g_assert_true (g_file_get_contents (copy, &b, NULL, NULL));
      if (g_str_has_suffix (name, ".csv"))
        g_assert_cmpstr (a, ==, b);
      else
        g_assert_cmpuint (strlen (a), ==, strlen (b));
      n_files++;
    }
  g_assert_cmpuint (n_files, >, 20);
  for (const char *const *f2 = (const char *const[]){ SPA_EXPORT_ICS_FILE, SPA_EXPORT_CHAIN_FILE,
                                                       SPA_EXPORT_JSON_FILE, SPA_EXPORT_README_FILE,
                                                       NULL };
       *f2; f2++)
    {
      g_autofree char *copy = g_build_filename (unpacked, "spa-export-test", *f2, NULL);

      g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));
    }

  /* Unpacked files are removed with the data folder. */
  {
    const char *argv[] = { "rm", "-rf", unpacked, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, &error));
  }
  g_unlink (archive);
}

static gint64
count_for (Fixture    *f,
           const char *sql,
           const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStmt) stmt = spa_store_prepare (f->store, sql, &error);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* One client's file: their record, and as many intakes, notes, amendments and
 * bookings as the database holds for them. */
static void
test_client_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) notes = spa_store_list (f->store, "session_note", FALSE, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const char *client_id;
  JsonObject *root;
  JsonArray *file_notes;
  gint64 n_amendments = 0;

  g_assert_cmpuint (notes->len, >, 0);
  client_id = spa_record_get_string (notes->pdata[0], "client_id");
  json = spa_export_client_file (f->store, client_id, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "spa-desk-client-file");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "client"),
                                                  "id"), ==, client_id);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (root, "intakes")), ==,
                   count_for (f, "SELECT count(*) FROM intake WHERE client_id = ? AND deleted = 0",
                              client_id));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (root, "bookings")), ==,
                   count_for (f, "SELECT count(*) FROM booking WHERE client_id = ? AND deleted = 0",
                              client_id));
  file_notes = json_object_get_array_member (root, "session_notes");
  g_assert_cmpint (json_array_get_length (file_notes), ==,
                   count_for (f, "SELECT count(*) FROM session_note"
                                 " WHERE client_id = ? AND deleted = 0", client_id));
  for (guint i = 0; i < json_array_get_length (file_notes); i++)
    {
      JsonObject *note = json_array_get_object_element (file_notes, i);

      g_assert_cmpstr (json_object_get_string_member (note, "client_id"), ==, client_id);
      n_amendments += json_array_get_length (json_object_get_array_member (note, "amendments"));
    }
  g_assert_cmpint (n_amendments, ==,
                   count_for (f, "SELECT count(*) FROM note_amendment a"
                                 " JOIN session_note n ON n.id = a.note_id"
                                 " WHERE n.client_id = ? AND a.deleted = 0", client_id));

  /* A client the spa does not hold: an error, no file. */
  g_clear_pointer (&json, g_free);
  json = spa_export_client_file (f->store, "no-such-client", &error);
  g_assert_null (json);
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/export/csv-files", test_csv_files);
  ADD ("/export/json-reimport", test_json_reimport);
  ADD ("/export/readme-and-folder", test_readme_and_folder);
  ADD ("/export/bookings-ics", test_bookings_ics);
  ADD ("/export/note-chain", test_note_chain);
  ADD ("/export/archive", test_archive);
  ADD ("/export/client-file", test_client_file);
#undef ADD

  return g_test_run ();
}
