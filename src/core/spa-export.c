/* spa-export.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-export"

#include "config.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "spa-entity.h"
#include "spa-export.h"
#include "spa-json.h"
#include "spa-record.h"
#include "spa-store-private.h"
#include "spa-util.h"

/*
 * Everything a spa holds, for a spa that leaves or wants its own copy (docs/export.md):
 * a folder with one CSV file per record type (a header of column names, one record a
 * line, JSON columns as JSON text), one JSON file of all records as the sync protocol
 * writes them, and a README that says what each file holds. Records are read a page
 * at a time in table order, so a spa of a million bookings is written without holding
 * them all. Deleted records (tombstones) are left out.
 */

#define PAGE_SIZE 1000

static gboolean
write_failed (const char  *path,
              GError     **error)
{
  int saved = errno;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               _("Could not write %s: %s"), path, g_strerror (saved));
  return FALSE;
}

/* A new file only its owner reads: the export is clinical data. */
static FILE *
create_private (const char *path)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  FILE *file;

  if (fd < 0)
    return NULL;
  file = fdopen (fd, "wb");
  if (file == NULL)
    close (fd);
  return file;
}

static void
csv_cell (FILE       *file,
          const char *text,
          gboolean    last)
{
  csv_fwrite (file, text, strlen (text));
  fputs (last ? "\r\n" : ",", file);
}

/* A column's value as CSV text: strings as they are, other JSON as JSON, null empty. */
static char *
cell_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return spa_json_to_string (node);
}

static const char * const common_columns[] = {
  "id", "version", "created_at", "updated_at", "deleted"
};

static gboolean
export_entity (SpaStore             *store,
               const SpaEntityInfo  *info,
               const char           *folder,
               FILE                 *json,
               gboolean             *first_record,
               guint                *n_records,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autofree char *name = g_strconcat (info->name, ".csv", NULL);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *sql = NULL;
  gint64 last_rid = 0;
  FILE *file;
  gboolean more = TRUE;

  file = create_private (path);
  if (file == NULL)
    return write_failed (path, error);

  for (guint i = 0; i < G_N_ELEMENTS (common_columns); i++)
    csv_cell (file, common_columns[i], FALSE);
  for (guint i = 0; i < info->n_fields; i++)
    csv_cell (file, info->fields[i].name, i + 1 == info->n_fields);

  sql = g_strdup_printf ("SELECT rid, %s FROM %s WHERE deleted = 0 AND rid > ?"
                         " ORDER BY rid LIMIT %d",
                         spa_store_columns (store, info), info->name, PAGE_SIZE);
  *n_records = 0;
  while (more)
    {
      g_autoptr(SpaStmt) stmt = NULL;
      guint n_page = 0;
      int rc;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto failed;

      stmt = spa_store_prepare (store, sql, error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, last_rid);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autoptr(SpaRecord) record = spa_store_record_from_row (store, info, stmt, 1);
          g_autoptr(JsonObject) object = spa_record_to_json (record);
          g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
          g_autoptr(GString) line = g_string_new (*first_record ? "\n" : ",\n");

          last_rid = sqlite3_column_int64 (stmt, 0);
          for (guint i = 0; i < G_N_ELEMENTS (common_columns); i++)
            {
              JsonNode *value = json_object_get_member (object, common_columns[i]);
              g_autofree char *text = cell_text (value);

              csv_cell (file, text, FALSE);
            }
          for (guint i = 0; i < info->n_fields; i++)
            {
              JsonNode *value = json_object_get_member (object, info->fields[i].name);
              g_autofree char *text = cell_text (value);

              csv_cell (file, text, i + 1 == info->n_fields);
            }

          /* {"entity": …, "record": …}, as a pull page's changes are written. */
          g_string_append (line, "{\"entity\": ");
          spa_json_append_string (line, info->name, -1);
          g_string_append (line, ", \"record\": ");
          spa_json_append_node (line, node);
          g_string_append_c (line, '}');
          if (fwrite (line->str, 1, line->len, json) != line->len)
            {
              write_failed (SPA_EXPORT_JSON_FILE, error);
              goto failed;
            }
          *first_record = FALSE;
          n_page++;
        }
      if (rc != SQLITE_DONE)
        {
          spa_store_set_error (store, error);
          goto failed;
        }
      *n_records += n_page;
      more = n_page == PAGE_SIZE;
    }

  if (ferror (file) || fclose (file) != 0)
    return write_failed (path, error);
  return TRUE;

failed:
  fclose (file);
  return FALSE;
}

static gboolean
write_readme (const char  *folder,
              GArray      *counts,
              const char  *now,
              GError     **error)
{
  g_autofree char *path = g_build_filename (folder, SPA_EXPORT_README_FILE, NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, _("Spa Desk export, made %s (UTC)."), now);
  g_string_append (text, "\n\n");
  g_string_append (text, _("Everything the spa holds, as it was then: clients, bookings, "
                           "intake forms, session notes with their amendments, the menu, "
                           "staff and rooms, and the money records. It is clinical data: "
                           "keep it as safely as the spa’s own computers."));
  g_string_append (text, "\n\n");
  g_string_append (text, _("One CSV file per record type (UTF-8, comma-separated, every "
                           "field in double quotes, one record a line; a field may hold line "
                           "breaks). The first line names the columns: id, version, "
                           "created_at, updated_at and deleted, which every record has, then "
                           "the record’s own. Times are UTC (2026-11-25T17:30:00Z), dates "
                           "YYYY-MM-DD, amounts whole cents. Columns that hold lists or "
                           "details (conditions, pain areas, working hours) are JSON text. "
                           "Records refer to each other by id: a booking’s client_id is the "
                           "id of a line of client.csv."));
  g_string_append (text, "\n\n");
  g_string_append_printf (text, _("%s: every record once more, as Spa Desk’s sync protocol "
                                  "writes them: a JSON object whose \"records\" list holds "
                                  "{\"entity\": record type, \"record\": its fields}, in an order "
                                  "where a record comes after those it refers to."),
                          SPA_EXPORT_JSON_FILE);
  g_string_append (text, "\n\n");
  for (guint i = 0; i < counts->len; i++)
    {
      SpaExportCount *count = &g_array_index (counts, SpaExportCount, i);

      g_string_append_printf (text, "%s.csv: ", count->entity);
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records",
                                           count->n_records),
                              count->n_records);
      g_string_append_c (text, '\n');
    }

  return g_file_set_contents_full (path, text->str, text->len, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}

/**
 * spa_export_to_folder:
 * @folder: where to write; made (0700) if missing, refused if it holds anything
 * @cancellable: (nullable): stops between two pages of records
 *
 * Writes every record of the spa (docs/export.md): `ENTITY.csv` for each record type,
 * %SPA_EXPORT_JSON_FILE and %SPA_EXPORT_README_FILE. Read in one transaction, so the
 * files agree with each other even while the desk or a sync writes.
 *
 * Returns: (transfer full) (element-type SpaExportCount): the records of each type,
 *   or %NULL with @error set
 */
GArray *
spa_export_to_folder (SpaStore      *store,
                      const char    *folder,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (SpaExportCount));
  g_autofree char *json_path = g_build_filename (folder, SPA_EXPORT_JSON_FILE, NULL);
  g_autofree char *now = spa_store_now_utc (store);
  g_autoptr(GDir) dir = NULL;
  const SpaEntityInfo **entities;
  guint n_entities;
  gboolean first = TRUE;
  gboolean ok = TRUE;
  FILE *json;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (folder != NULL, NULL);
  g_return_val_if_fail (!spa_store_in_transaction (store), NULL);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not make the folder %s: %s"), folder, g_strerror (saved));
      return NULL;
    }
  dir = g_dir_open (folder, 0, error);
  if (dir == NULL)
    return NULL;
  if (g_dir_read_name (dir) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("The folder %s is not empty; choose an empty or a new folder."), folder);
      return NULL;
    }

  json = create_private (json_path);
  if (json == NULL)
    {
      write_failed (json_path, error);
      return NULL;
    }
  fprintf (json, "{\"format\": \"spa-desk-export\", \"version\": 1, \"exported_at\": \"%s\", "
           "\"records\": [", now);

  /* One read transaction: every file sees the same spa. */
  if (!spa_store_exec (store, "BEGIN", error))
    {
      fclose (json);
      return NULL;
    }
  entities = spa_entity_list (&n_entities);
  for (guint i = 0; ok && i < n_entities; i++)
    {
      SpaExportCount count = { entities[i]->name, 0 };

      ok = export_entity (store, entities[i], folder, json, &first, &count.n_records,
                          cancellable, error);
      g_array_append_val (counts, count);
    }
  spa_store_exec (store, "COMMIT", NULL);

  fputs ("\n]}\n", json);
  if (ferror (json) || fclose (json) != 0)
    ok = ok && write_failed (json_path, error);
  ok = ok && write_readme (folder, counts, now, error);
  return ok ? g_steal_pointer (&counts) : NULL;
}
