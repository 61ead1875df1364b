/* spa-import-csv.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SpaImportError:
 * @SPA_IMPORT_ERROR_UNREADABLE: the file cannot be read, or is not text
 * @SPA_IMPORT_ERROR_TOO_BIG: the file is larger than %SPA_CSV_MAX_BYTES
 * @SPA_IMPORT_ERROR_EMPTY: the file holds no client rows
 * @SPA_IMPORT_ERROR_NO_NAME: no column gives the clients' names
 * @SPA_IMPORT_ERROR_NOTHING_TO_UNDO: there is no import to undo
 * @SPA_IMPORT_ERROR_CANCELLED: the import was stopped; what was written is one batch
 */
typedef enum
{
  SPA_IMPORT_ERROR_UNREADABLE,
  SPA_IMPORT_ERROR_TOO_BIG,
  SPA_IMPORT_ERROR_EMPTY,
  SPA_IMPORT_ERROR_NO_NAME,
  SPA_IMPORT_ERROR_NOTHING_TO_UNDO,
  SPA_IMPORT_ERROR_CANCELLED,
} SpaImportError;

#define SPA_IMPORT_ERROR (spa_import_error_quark ())
GQuark spa_import_error_quark (void);

/* The most columns a row keeps (the rest are dropped). */
#define SPA_CSV_MAX_COLUMNS 500

/* The largest file the import reads (a 100 000-client export is about 15 MB). */
#define SPA_CSV_MAX_BYTES (256 * 1024 * 1024)

/**
 * SpaCsvTable:
 * @rows: (element-type GStrv): every record of the file, the header first; each a
 *   %NULL-terminated array of UTF-8 fields
 * @separator: the field separator found: `,`, `;` or a tab
 * @encoding: what the file was written in: "UTF-8" (with or without a byte order
 *   mark), "UTF-16" or "WINDOWS-1252"
 */
typedef struct
{
  GPtrArray  *rows;
  char        separator;
  const char *encoding;
} SpaCsvTable;

SpaCsvTable *spa_csv_table_parse    (const char  *data,
                                     gsize        length,
                                     GError     **error);
void         spa_csv_table_free     (SpaCsvTable *table);
char        *spa_csv_decode         (const char  *data,
                                     gsize        length,
                                     const char **encoding,
                                     GError     **error);
char         spa_csv_sniff_separator (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaCsvTable, spa_csv_table_free)

G_END_DECLS
