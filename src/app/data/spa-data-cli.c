/* spa-data-cli.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-data-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "spa-core.h"
#include "spa-data-cli.h"
#include "spa-export-receipts.h"
#include "spa-export.h"
#include "spa-import.h"

/*
 * `spa-desk --import-clients FILE`, `--undo-import` and `--export FOLDER`: for scripts,
 * tests and a spa moving in or out, without a window. The work is the core's
 * (spa-import.c, spa-export.c); this prints what it did. Exit status 0 when it was
 * done (rows with problems are reported, not fatal), 1 when a file or the database
 * could not be read or written.
 */

const GOptionEntry spa_data_cli_options[] = {
  { "import-clients", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import the clients of a CSV file, say what was added, merged and skipped, and quit"),
    N_("FILE") },
  { "import-duplicates", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --import-clients: what to do with a client already in the spa: merge (the "
       "default), skip or keep-both"),
    N_("CHOICE") },
  { "undo-import", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Undo the last client import, say what was undone, and quit"), NULL },
  { "export", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write every record of the spa into a new folder (CSV, JSON and iCalendar files), or "
       "into one archive when the name ends in .tar.gz, and quit"),
    N_("FOLDER") },
  { NULL }
};

static SpaStore *
open_store (const char *data_dir)
{
  g_autofree char *path = spa_store_default_path (data_dir);
  g_autoptr(GError) error = NULL;
  SpaStore *store;

  store = spa_store_open_exclusive (path, &error);
  if (store == NULL)
    g_printerr ("spa-desk: %s\n", error->message);
  return store;
}

static char *
client_name (SpaStore   *store,
             const char *id)
{
  g_autoptr(SpaRecord) client = spa_store_get (store, "client", id, NULL);

  return client ? spa_client_dup_display_name (client) : g_strdup (id);
}

static void
print_rows (SpaImport *import,
            SpaStore  *store)
{
  for (guint i = 0; i < spa_import_get_n_rows (import); i++)
    {
      guint line = spa_import_get_line (import, i);
      const char *reason = spa_import_get_row_duplicate_reason (import, i);
      g_autofree char *problems = NULL;
      g_autofree char *name = NULL;

      switch (spa_import_get_row_outcome (import, i))
        {
        case SPA_IMPORT_ROW_SKIPPED_PROBLEM:
          problems = spa_import_describe_row_problems (import, i);
          g_print (_("Row %u skipped: %s\n"), line, problems);
          break;
        case SPA_IMPORT_ROW_SKIPPED_DUPLICATE:
          name = client_name (store, spa_import_get_row_duplicate (import, i));
          /* TRANSLATORS: the client's name, then why the row is taken for them
           * ("Same e-mail address") */
          g_print (_("Row %u skipped: already in the spa as %s (%s)\n"), line, name, reason);
          break;
        case SPA_IMPORT_ROW_MERGED:
          name = client_name (store, spa_import_get_row_duplicate (import, i));
          g_print (_("Row %u merged into %s (%s)\n"), line, name, reason);
          break;
        case SPA_IMPORT_ROW_PENDING:
        case SPA_IMPORT_ROW_ADDED:
        default:
          break;
        }
    }
}

static gboolean
parse_decision (const char        *text,
                SpaImportDecision *decision)
{
  if (text == NULL || g_str_equal (text, "merge"))
    *decision = SPA_IMPORT_MERGE;
  else if (g_str_equal (text, "skip"))
    *decision = SPA_IMPORT_SKIP;
  else if (g_str_equal (text, "keep-both"))
    *decision = SPA_IMPORT_KEEP_BOTH;
  else
    return FALSE;
  return TRUE;
}

static int
import_clients (const char *data_dir,
                const char *path,
                const char *duplicates)
{
  g_autoptr(SpaImport) import = spa_import_new ();
  g_autoptr(SpaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  SpaImportDecision decision;
  SpaImportCounts counts;
  gboolean done;

  if (!parse_decision (duplicates, &decision))
    {
      g_printerr (_("spa-desk: --import-duplicates takes merge, skip or keep-both, not “%s”\n"),
                  duplicates);
      return 2;
    }

  if (!spa_import_load_file (import, path, &error))
    {
      g_printerr ("spa-desk: %s: %s\n", path, error->message);
      return 1;
    }

  store = open_store (data_dir);
  if (store == NULL)
    return 1;

  spa_import_set_default_decision (import, decision);
  done = spa_import_run (import, store, NULL, NULL, NULL, &counts, &error);
  if (!done && !g_error_matches (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_CANCELLED) &&
      counts.batch_id == 0)
    {
      g_printerr ("spa-desk: %s: %s\n", path, error->message);
      return 1;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "%s: %u row\n", "%s: %u rows\n",
                        spa_import_get_n_rows (import)),
           spa_import_get_file_name (import), spa_import_get_n_rows (import));
  print_rows (import, store);
  g_print (_("Added: %u\n"), counts.added);
  g_print (_("Merged: %u\n"), counts.merged);
  g_print (_("Skipped: %u (%u with problems, %u already in the spa)\n"),
           counts.skipped_problems + counts.skipped_duplicates,
           counts.skipped_problems, counts.skipped_duplicates);

  if (!done)
    {
      g_printerr ("spa-desk: %s: %s\n", path, error->message);
      return 1;
    }
  return 0;
}

static int
undo_import (const char *data_dir)
{
  g_autoptr(SpaStore) store = open_store (data_dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *file_name = NULL;
  guint removed, restored, kept;

  if (store == NULL)
    return 1;

  spa_import_can_undo (store, &file_name, NULL);
  if (!spa_import_undo_last (store, &removed, &restored, &kept, &error))
    {
      g_printerr ("spa-desk: %s\n", error->message);
      return 1;
    }

  g_print (_("Undid the import of %s\n"), file_name);
  g_print (_("Removed: %u\n"), removed);
  g_print (_("Merged clients put back as they were: %u\n"), restored);
  if (kept > 0)
    g_print (_("Kept, because they have an intake or session notes now: %u\n"), kept);
  return 0;
}

static int
export_spa (const char *data_dir,
            const char *folder)
{
  g_autoptr(SpaStore) store = open_store (data_dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(SpaExportReceipts) receipts = NULL;
  gboolean archive;

  if (store == NULL)
    return 1;

  settings = g_settings_new (APP_ID);
  receipts = spa_export_receipts_new (settings, spa_schedule_get_time_zone (store));
  archive = g_str_has_suffix (folder, ".tar.gz") || g_str_has_suffix (folder, ".tgz");
  if (archive)
    counts = spa_export_to_archive_full (store, folder, spa_export_receipts_write, receipts, NULL,
                                         &error);
  else
    {
      counts = spa_export_to_folder (store, folder, NULL, &error);
      if (counts != NULL && !spa_export_receipts_write (store, folder, receipts, NULL, &error))
        g_clear_pointer (&counts, g_array_unref);
    }
  if (counts == NULL)
    {
      g_printerr ("spa-desk: %s\n", error->message);
      return 1;
    }
  /* No one signs in on the command line: the event names the desk only. */
  if (!spa_audit_record (store, NULL, NULL, SPA_AUDIT_EXPORTED, folder, &error))
    {
      g_printerr ("spa-desk: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < counts->len; i++)
    {
      SpaExportCount *count = &g_array_index (counts, SpaExportCount, i);

      /* TRANSLATORS: a file of the export, and how many records it holds */
      g_print (g_dngettext (GETTEXT_PACKAGE, "%s.csv: %u record\n", "%s.csv: %u records\n",
                            count->n_records),
               count->entity, count->n_records);
    }
  if (archive)
    /* TRANSLATORS: the archive written by --export */
    g_print (_("Wrote the archive %s\n"), folder);
  else
    g_print (_("Wrote %s, %s and a CSV file per record type in %s\n"),
             SPA_EXPORT_JSON_FILE, SPA_EXPORT_README_FILE, folder);
  return 0;
}

/**
 * spa_data_cli_handle_options:
 * @options: the application's command-line options
 * @data_dir: (nullable): the spa's data folder (--data-dir)
 *
 * Runs --import-clients, --undo-import or --export when given.
 *
 * Returns: the exit status, or -1 when none was given (the app starts as usual)
 */
int
spa_data_cli_handle_options (GVariantDict *options,
                             const char   *data_dir)
{
  g_autofree char *import_path = NULL;
  g_autofree char *export_path = NULL;
  g_autofree char *duplicates = NULL;

  g_variant_dict_lookup (options, "import-duplicates", "s", &duplicates);
  if (g_variant_dict_lookup (options, "import-clients", "^ay", &import_path))
    return import_clients (data_dir, import_path, duplicates);
  if (g_variant_dict_contains (options, "undo-import"))
    return undo_import (data_dir);
  if (g_variant_dict_lookup (options, "export", "^ay", &export_path))
    return export_spa (data_dir, export_path);
  return -1;
}
