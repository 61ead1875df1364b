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

#include "spa-export.h"
#include "spa-import-csv.h"
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/export/csv-files", test_csv_files);
  ADD ("/export/json-reimport", test_json_reimport);
  ADD ("/export/readme-and-folder", test_readme_and_folder);
#undef ADD

  return g_test_run ();
}
