/* fuzz-import.c: libFuzzer harness for the client import's CSV reader
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "spa-core.h"
#include "spa-import.h"
#include "spa-fuzz-util.h"

/*
 * Any bytes as a CSV file to import: the reader (encoding, separator, libcsv) gives a
 * table or an error, never a crash; every field is valid UTF-8 and no row holds more
 * than SPA_CSV_MAX_COLUMNS fields; and a file that reads is mapped, every row turned
 * into a client and checked against a spa with a few clients (problems and duplicates),
 * as the preview does. One input in four (by its first byte) goes on to write the
 * import into a fresh copy of that spa and undo it, which must leave the spa's clients
 * as they were.
 */

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char     *work_dir;
static SpaStore *store;      /* the spa the preview checks against, never written */
static GBytes   *seed_file;  /* its file, copied for each import written */

static char *
path_in (const char *folder)
{
  g_autofree char *dir = g_build_filename (work_dir, folder, NULL);

  return spa_store_default_path (dir);
}

static void
remove_work_dir (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (work_dir == NULL)
    return;
  g_clear_object (&store);
  dir = g_dir_open (work_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *folder = g_build_filename (work_dir, name, NULL);
      g_autofree char *path = spa_store_default_path (folder);
      g_autofree char *lock = g_strconcat (path, ".lock", NULL);

      spa_fuzz_remove_db (path);
      g_unlink (lock);
      g_rmdir (folder);
    }
  g_rmdir (work_dir);
  g_clear_pointer (&work_dir, g_free);
}

static void
add_client (const char *first,
            const char *last,
            const char *email,
            const char *phone,
            const char *dob)
{
  g_autoptr(SpaRecord) client = spa_record_new ("client");
  g_autoptr(GError) error = NULL;

  spa_record_set_string (client, "first_name", first);
  spa_record_set_string (client, "last_name", last);
  if (email != NULL)
    spa_record_set_string (client, "email", email);
  if (phone != NULL)
    spa_record_set_string (client, "phone", phone);
  if (dob != NULL)
    spa_record_set_string (client, "date_of_birth", dob);
  if (!spa_store_save (store, client, &error))
    g_error ("%s", error->message);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_build_filename (spa_fuzz_work_base (), "spa-fuzz-import-XXXXXX",
                                                NULL);
  g_autofree char *path = NULL;

  work_dir = g_mkdtemp (g_steal_pointer (&template));
  g_assert (work_dir != NULL);
  atexit (remove_work_dir);

  path = path_in ("seed");
  store = spa_store_open (path, &error);
  g_assert_no_error (error);
  add_client ("Anne", "Roy", "anne@example.com", "+1 604 555 0101", NULL);
  add_client ("Zoë", "Côté", NULL, NULL, "1980-03-05");
  add_client ("Bob", "Lee", "bob@example.com", NULL, "1975-12-31");
  /* Closing the last connection folds the WAL into the file. */
  g_clear_object (&store);
  {
    char *contents;
    gsize length;

    if (!g_file_get_contents (path, &contents, &length, &error))
      g_error ("%s", error->message);
    seed_file = g_bytes_new_take (contents, length);
  }
  store = spa_store_open (path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *run = g_build_filename (work_dir, "run", NULL);

    g_mkdir_with_parents (run, 0700);
  }
  return 0;
}

/* The spa's clients, field by field, to compare before and after an undo. */
static char *
describe_clients (SpaStore *spa)
{
  g_autoptr(GPtrArray) clients = spa_store_list (spa, "client", FALSE, NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < clients->len; i++)
    {
      const SpaEntityInfo *info = spa_record_get_entity_info (clients->pdata[i]);

      g_string_append_printf (out, "%s\n", spa_record_get_id (clients->pdata[i]));
      for (guint f = 0; f < info->n_fields; f++)
        if (info->fields[f].type == SPA_FIELD_TEXT)
          g_string_append_printf (out, "  %s=%s\n", info->fields[f].name,
                                  spa_record_get_string (clients->pdata[i], info->fields[f].name));
    }
  return g_string_free (out, FALSE);
}

static void
check_table (const uint8_t *data,
             size_t         size)
{
  g_autoptr(SpaCsvTable) table = spa_csv_table_parse ((const char *)data, size, NULL);

  if (table == NULL)
    return;
  for (guint r = 0; r < table->rows->len; r++)
    {
      char **fields = table->rows->pdata[r];
      guint n = g_strv_length (fields);

      if (n == 0 || n > SPA_CSV_MAX_COLUMNS)
        abort ();
      for (guint c = 0; c < n; c++)
        if (!g_utf8_validate (fields[c], -1, NULL))
          abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SpaImport) import = spa_import_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStore) copy = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  check_table (data, size);

  if (!spa_import_load_data (import, "fuzz.csv", (const char *)data, size, &error))
    return 0;
  /* Map any unmapped first column as the first name, as a person would in the dialog. */
  if (spa_import_get_n_columns (import) > 0 && spa_import_get_column_target (import, 0) == NULL)
    spa_import_set_column_target (import, 0, "first_name");
  if (!spa_import_check (import, store, &error))
    return 0;

  for (guint i = 0; i < spa_import_get_n_rows (import); i++)
    {
      g_autoptr(SpaRecord) client = spa_import_dup_row_record (import, i);
      GHashTable *problems = spa_import_get_row_problems (import, i);

      /* A row without problems is one the store accepts. */
      if (problems == NULL && !spa_validate_record (store, client, NULL))
        abort ();
    }

  if (size == 0 || data[0] % 4 != 0)
    return 0;

  path = path_in ("run");
  spa_fuzz_remove_db (path);
  if (!g_file_set_contents (path, g_bytes_get_data (seed_file, NULL), g_bytes_get_size (seed_file),
                            &error))
    g_error ("%s", error->message);
  copy = spa_store_open (path, &error);
  g_assert_no_error (error);

  before = describe_clients (copy);
  if (!spa_import_run (import, copy, NULL, NULL, NULL, NULL, &error))
    {
      g_printerr ("import failed: %s\n", error->message);
      abort ();
    }
  if (spa_import_can_undo (copy, NULL, NULL) &&
      !spa_import_undo_last (copy, NULL, NULL, NULL, &error))
    {
      g_printerr ("undo failed: %s\n", error->message);
      abort ();
    }
  after = describe_clients (copy);
  if (strcmp (before, after) != 0)
    {
      g_printerr ("undo left the clients changed:\n%s\nwas:\n%s\n", after, before);
      abort ();
    }
  return 0;
}
