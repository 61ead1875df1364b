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
#include "spa-ical.h"
#include "spa-json.h"
#include "spa-record.h"
#include "spa-store-private.h"
#include "spa-util.h"

/*
 * Everything a spa holds, for a spa that leaves or wants its own copy (docs/export.md):
 * a folder with one CSV file per record type (a header of column names, one record a
 * line, JSON columns as JSON text), one JSON file of all records as the sync protocol
 * writes them, the bookings as an iCalendar file, the signed notes' chain of hashes
 * (docs/records-integrity.md), and a README that says what each file holds. Records are read a page
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

/* A statement and the new private file its rows go to, both or neither. */
static FILE *
open_query_file (SpaStore   *store,
                 const char *path,
                 const char *sql,
                 SpaStmt   **stmt,
                 GError    **error)
{
  FILE *file;

  *stmt = spa_store_prepare (store, sql, error);
  if (*stmt == NULL)
    return NULL;
  file = create_private (path);
  if (file == NULL)
    {
      g_clear_pointer (stmt, spa_stmt_release);
      write_failed (path, error);
    }
  return file;
}

/* Closes @file once its query stepped to @rc, saying what failed. */
static gboolean
close_query_file (SpaStore    *store,
                  FILE        *file,
                  const char  *path,
                  int          rc,
                  GError     **error)
{
  if (rc != SQLITE_DONE)
    {
      spa_store_set_error (store, error);
      fclose (file);
      return FALSE;
    }
  if (ferror (file) || fclose (file) != 0)
    return write_failed (path, error);
  return TRUE;
}

/* Every booking as a calendar event, cancelled ones marked so: for the spa's calendar
 * app, or the next system's calendar import. */
static gboolean
export_bookings_ics (SpaStore      *store,
                     const char    *folder,
                     const char    *now,
                     guint         *n_events,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *path = g_build_filename (folder, SPA_EXPORT_ICS_FILE, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(SpaStmt) stmt = NULL;
  FILE *file;
  int rc;

  file = open_query_file (store, path,
                          "SELECT b.id, b.starts_at, b.ends_at, b.status, c.first_name,"
                          " c.last_name, s.name, t.name, r.name, b.notes"
                          " FROM booking b LEFT JOIN client c ON c.id = b.client_id"
                          " LEFT JOIN service s ON s.id = b.service_id"
                          " LEFT JOIN therapist t ON t.id = b.therapist_id"
                          " LEFT JOIN room r ON r.id = b.room_id"
                          " WHERE b.deleted = 0 ORDER BY b.starts_at, b.id",
                          &stmt, error);
  if (file == NULL)
    return FALSE;

  *n_events = 0;
  spa_ical_begin_calendar (out, NULL, _("Spa Desk bookings"));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *status = (const char *)sqlite3_column_text (stmt, 3);
      g_autofree char *uid = g_strconcat ((const char *)sqlite3_column_text (stmt, 0),
                                          "@spa-desk", NULL);
      const char *first = (const char *)sqlite3_column_text (stmt, 4);
      const char *last = (const char *)sqlite3_column_text (stmt, 5);
      g_autofree char *client = g_strjoin (" ", first ? first : "", last ? last : "", NULL);
      const char *service = (const char *)sqlite3_column_text (stmt, 6);
      const char *therapist = (const char *)sqlite3_column_text (stmt, 7);
      const char *notes = (const char *)sqlite3_column_text (stmt, 9);
      /* TRANSLATORS: a booking in the exported calendar: the service, then the client */
      g_autofree char *summary = g_strdup_printf (_("%s – %s"), service ? service : "",
                                                  g_strstrip (client));
      g_autofree char *description = NULL;
      SpaIcalEvent event = {
        .uid = uid,
        .starts_at = (const char *)sqlite3_column_text (stmt, 1),
        .ends_at = (const char *)sqlite3_column_text (stmt, 2),
        .summary = summary,
        .location = (const char *)sqlite3_column_text (stmt, 8),
        .status = g_strcmp0 (status, "cancelled") == 0 || g_strcmp0 (status, "no_show") == 0
                    ? "CANCELLED"
                    : g_strcmp0 (status, "requested") == 0 ? "TENTATIVE" : "CONFIRMED",
      };

      if (g_cancellable_is_cancelled (cancellable))
        break;
      /* TRANSLATORS: the therapist of an exported booking */
      description = g_strdup_printf (_("Therapist: %s"), therapist ? therapist : "");
      if (notes != NULL && notes[0] != '\0')
        {
          char *with_notes = g_strconcat (description, "\n", notes, NULL);

          g_free (description);
          description = with_notes;
        }
      event.description = description;
      /* A booking whose times cannot be read is left out, not the whole file. */
      if (spa_ical_append_event (out, &event, now))
        (*n_events)++;
      if (out->len > 65536)
        {
          fwrite (out->str, 1, out->len, file);
          g_string_truncate (out, 0);
        }
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      fclose (file);
      return FALSE;
    }
  spa_ical_end_calendar (out);
  fwrite (out->str, 1, out->len, file);
  return close_query_file (store, file, path, rc, error);
}

/* The signed notes' chain as this database holds it (docs/records-integrity.md): with
 * the CSV files of the notes and amendments, anyone can recompute each hash. */
static gboolean
export_note_chain (SpaStore      *store,
                   const char    *folder,
                   guint         *n_links,
                   GError       **error)
{
  g_autofree char *path = g_build_filename (folder, SPA_EXPORT_CHAIN_FILE, NULL);
  g_autoptr(SpaStmt) stmt = NULL;
  static const char * const columns[] = {
    "seq", "entity", "record_id", "content_hash", "chain_hash", "chained_at"
  };
  FILE *file;
  int rc;

  file = open_query_file (store, path,
                          "SELECT seq, entity, record_id, content_hash, chain_hash, chained_at"
                          " FROM note_chain ORDER BY seq",
                          &stmt, error);
  if (file == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    csv_cell (file, columns[i], i + 1 == G_N_ELEMENTS (columns));
  *n_links = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        {
          const char *text = (const char *)sqlite3_column_text (stmt, i);

          csv_cell (file, text ? text : "", i + 1 == G_N_ELEMENTS (columns));
        }
      (*n_links)++;
    }
  return close_query_file (store, file, path, rc, error);
}

static gboolean
write_readme (const char  *folder,
              GArray      *counts,
              guint        n_events,
              guint        n_links,
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
  g_string_append_printf (text, _("%s: every booking as an iCalendar (RFC 5545) event, for a "
                                  "calendar app; cancelled bookings and no-shows are marked "
                                  "cancelled. Times are UTC."),
                          SPA_EXPORT_ICS_FILE);
  g_string_append (text, "\n\n");
  g_string_append_printf (text, _("%s: the chain of hashes that proves the signed session "
                                  "notes and their amendments were not changed: for each, in "
                                  "the order they were signed, the SHA-256 of its content and "
                                  "of the chain so far (Spa Desk’s docs/records-integrity.md "
                                  "says how to recompute them)."),
                          SPA_EXPORT_CHAIN_FILE);
  g_string_append (text, "\n\n");
  g_string_append (text, _("audit_event.csv: the audit trail, which no one can change: each "
                           "time someone opened a client’s intake or session notes, printed "
                           "a record or exported records, with when (occurred_at, UTC), who "
                           "(actor_id and actor_name, empty when no one was signed in), "
                           "which desk (desk_id), which client (client_id, empty for the "
                           "whole spa’s export), the action (intake-opened, notes-opened, "
                           "note-opened, printed, exported, client-file-exported) and its "
                           "detail (what was printed, where it was exported to). The export "
                           "that wrote this archive is not in it: it is the trail’s next "
                           "event."));
  g_string_append (text, "\n\n");
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE, "%s: %u booking", "%s: %u bookings",
                                       n_events),
                          SPA_EXPORT_ICS_FILE, n_events);
  g_string_append_c (text, '\n');
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE, "%s: %u link", "%s: %u links", n_links),
                          SPA_EXPORT_CHAIN_FILE, n_links);
  g_string_append_c (text, '\n');
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
 * %SPA_EXPORT_JSON_FILE, the bookings as %SPA_EXPORT_ICS_FILE, the signed notes' chain
 * as %SPA_EXPORT_CHAIN_FILE and %SPA_EXPORT_README_FILE. Read in one transaction, so the
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
  guint n_events = 0, n_links = 0;
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
  ok = ok && export_bookings_ics (store, folder, now, &n_events, cancellable, error);
  ok = ok && export_note_chain (store, folder, &n_links, error);
  spa_store_exec (store, "COMMIT", NULL);

  fputs ("\n]}\n", json);
  if (ferror (json) || fclose (json) != 0)
    ok = ok && write_failed (json_path, error);
  ok = ok && write_readme (folder, counts, n_events, n_links, now, error);
  return ok ? g_steal_pointer (&counts) : NULL;
}

/* ---- One archive ---- */

#define TAR_BLOCK 512

/* A ustar header (POSIX.1-1988) for @name: a private file of @size bytes, or a folder. */
static void
tar_header (guint8     block[TAR_BLOCK],
            const char *name,
            gboolean    folder,
            goffset     size,
            gint64      mtime)
{
  guint sum = 0;

  memset (block, 0, TAR_BLOCK);
  /* A name longer than the field's 100 bytes goes in two, split at a slash: the
   * folders in the prefix field (155 bytes), the rest in the name field. */
  if (strlen (name) > 100)
    {
      const char *slash = strchr (name, '/');

      while (slash != NULL && strlen (slash + 1) > 100)
        slash = strchr (slash + 1, '/');
      if (slash != NULL && (gsize)(slash - name) <= 155)
        {
          memcpy (block + 345, name, slash - name);
          name = slash + 1;
        }
    }
  memcpy (block, name, MIN (strlen (name), 100));
  g_snprintf ((char *)block + 100, 8, "%07o", folder ? 0700 : 0600);
  g_snprintf ((char *)block + 108, 8, "%07o", 0);
  g_snprintf ((char *)block + 116, 8, "%07o", 0);
  g_snprintf ((char *)block + 124, 12, "%011" G_GINT64_MODIFIER "o", (gint64)size);
  g_snprintf ((char *)block + 136, 12, "%011" G_GINT64_MODIFIER "o", mtime);
  block[156] = folder ? '5' : '0';
  memcpy (block + 257, "ustar", 6);
  memcpy (block + 263, "00", 2);
  /* The checksum is taken with its own field as spaces. */
  memset (block + 148, ' ', 8);
  for (guint i = 0; i < TAR_BLOCK; i++)
    sum += block[i];
  g_snprintf ((char *)block + 148, 8, "%06o", sum);
  block[155] = ' ';
}

static gboolean
tar_add_file (GOutputStream *out,
              const char    *folder,
              const char    *top,
              const char    *file_name,
              gint64         mtime,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *path = g_build_filename (folder, file_name, NULL);
  g_autofree char *name = g_strconcat (top, "/", file_name, NULL);
  g_autofree char *contents = NULL;
  guint8 block[TAR_BLOCK];
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  tar_header (block, name, FALSE, length, mtime);
  if (!g_output_stream_write_all (out, block, TAR_BLOCK, NULL, cancellable, error) ||
      !g_output_stream_write_all (out, contents, length, NULL, cancellable, error))
    return FALSE;
  memset (block, 0, TAR_BLOCK);
  return length % TAR_BLOCK == 0 ||
         g_output_stream_write_all (out, block, TAR_BLOCK - length % TAR_BLOCK, NULL,
                                    cancellable, error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static void
remove_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_folder (path);
      else
        g_unlink (path);
    }
  g_rmdir (folder);
}

/* The files and folders under @folder, as paths relative to @top, a folder before what
 * it holds (tar's order); NULL with @error set if one cannot be read. */
static gboolean
list_tree (const char  *top,
           const char  *relative,
           GPtrArray   *names,
           GError     **error)
{
  g_autofree char *folder = relative ? g_build_filename (top, relative, NULL) : g_strdup (top);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, error);
  g_autoptr(GPtrArray) here = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (here, relative ? g_strconcat (relative, "/", name, NULL) : g_strdup (name));
  g_ptr_array_sort (here, compare_names);
  for (guint i = 0; i < here->len; i++)
    {
      g_autofree char *path = g_build_filename (top, here->pdata[i], NULL);
      gboolean is_folder = g_file_test (path, G_FILE_TEST_IS_DIR);

      /* A folder's entry ends with a slash, as tar writes it. */
      g_ptr_array_add (names, g_strconcat (here->pdata[i], is_folder ? "/" : "", NULL));
      if (is_folder && !list_tree (top, here->pdata[i], names, error))
        return FALSE;
    }
  return TRUE;
}

/* The archive's top folder: its file name without ".tar.gz" ("spa-desk-export-2026-12-01"). */
static char *
archive_top (const char *archive)
{
  g_autofree char *base = g_path_get_basename (archive);

  if (g_str_has_suffix (base, ".tar.gz"))
    base[strlen (base) - strlen (".tar.gz")] = '\0';
  else if (g_str_has_suffix (base, ".tgz"))
    base[strlen (base) - strlen (".tgz")] = '\0';
  g_strdelimit (base, "/\\", '_');
  return g_strndup (base[0] ? base : "spa-desk-export", 90);
}

/**
 * spa_export_to_archive:
 * @archive: the file to write, a `.tar.gz` (replaced if it exists)
 * @cancellable: (nullable): stops the export
 *
 * Writes what spa_export_to_folder() writes into one gzip-compressed tar archive,
 * under a folder named after the archive: the form to hand over or keep. The files
 * are written into a private temporary folder first, then packed, and the archive
 * appears whole or not at all.
 *
 * Returns: (transfer full) (element-type SpaExportCount): the records of each type,
 *   or %NULL with @error set
 */
GArray *
spa_export_to_archive (SpaStore      *store,
                       const char    *archive,
                       GCancellable  *cancellable,
                       GError       **error)
{
  return spa_export_to_archive_full (store, archive, NULL, NULL, cancellable, error);
}

/**
 * spa_export_to_archive_full:
 * @archive: the file to write, a `.tar.gz` (replaced if it exists)
 * @extra: (nullable) (scope call): writes more files into the folder before it is
 *   packed (the receipts, which the app draws); a folder it makes is packed too
 * @extra_data: for @extra
 * @cancellable: (nullable): stops the export
 *
 * As spa_export_to_archive(), with what @extra adds.
 *
 * Returns: (transfer full) (element-type SpaExportCount): the records of each type,
 *   or %NULL with @error set
 */
GArray *
spa_export_to_archive_full (SpaStore         *store,
                            const char       *archive,
                            SpaExportExtraFunc extra,
                            gpointer          extra_data,
                            GCancellable     *cancellable,
                            GError          **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *top = archive_top (archive);
  g_autoptr(GFile) file = g_file_new_for_path (archive);
  g_autoptr(GFileOutputStream) file_out = NULL;
  g_autoptr(GZlibCompressor) gzip = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 mtime = g_date_time_to_unix (now);
  guint8 block[TAR_BLOCK];
  g_autofree char *top_entry = g_strconcat (top, "/", NULL);
  gboolean listed, ok;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (archive != NULL, NULL);

  /* A private folder of its own (0700), not one beside @archive: a sandboxed app may
   * write only the file the person chose there (the document portal). */
  folder = g_dir_make_tmp ("spa-desk-export-XXXXXX", error);
  if (folder == NULL)
    return NULL;
  counts = spa_export_to_folder (store, folder, cancellable, error);
  if (counts != NULL && extra != NULL && !extra (store, folder, extra_data, cancellable, error))
    g_clear_pointer (&counts, g_array_unref);
  if (counts == NULL)
    {
      remove_folder (folder);
      return NULL;
    }

  listed = list_tree (folder, NULL, names, error);
  file_out = listed ? g_file_replace (file, NULL, FALSE,
                                      G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                      cancellable, error) : NULL;
  ok = file_out != NULL;
  if (ok)
    {
      gzip = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
      out = g_converter_output_stream_new (G_OUTPUT_STREAM (file_out), G_CONVERTER (gzip));
      tar_header (block, top_entry, TRUE, 0, mtime);
      ok = g_output_stream_write_all (out, block, TAR_BLOCK, NULL, cancellable, error);
    }
  for (guint i = 0; ok && i < names->len; i++)
    {
      const char *name = names->pdata[i];

      if (g_str_has_suffix (name, "/"))
        {
          g_autofree char *entry = g_strconcat (top, "/", name, NULL);

          tar_header (block, entry, TRUE, 0, mtime);
          ok = g_output_stream_write_all (out, block, TAR_BLOCK, NULL, cancellable, error);
        }
      else
        ok = tar_add_file (out, folder, top, name, mtime, cancellable, error);
    }
  if (ok)
    {
      /* The end: two empty blocks. */
      memset (block, 0, TAR_BLOCK);
      ok = g_output_stream_write_all (out, block, TAR_BLOCK, NULL, cancellable, error) &&
           g_output_stream_write_all (out, block, TAR_BLOCK, NULL, cancellable, error) &&
           g_output_stream_close (out, cancellable, error);
    }
  else if (file_out != NULL)
    {
      /* Closed after a failure: the file it would have replaced stays as it was. */
      g_autoptr(GCancellable) stop = g_cancellable_new ();

      g_cancellable_cancel (stop);
      g_output_stream_close (G_OUTPUT_STREAM (file_out), stop, NULL);
    }
  remove_folder (folder);
  return ok ? g_steal_pointer (&counts) : NULL;
}
