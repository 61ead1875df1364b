/* spa-import.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "spa-import-csv.h"
#include "spa-record.h"
#include "spa-store.h"

G_BEGIN_DECLS

/**
 * SpaImportDecision:
 * @SPA_IMPORT_MERGE: fill the existing client's empty fields from the row (notes and
 *   allergies that differ are added below the existing text)
 * @SPA_IMPORT_SKIP: leave the existing client as it is, import nothing of the row
 * @SPA_IMPORT_KEEP_BOTH: add the row as a new client beside the existing one
 *
 * What to do with a row that looks like a client already in the spa.
 */
typedef enum
{
  SPA_IMPORT_MERGE,
  SPA_IMPORT_SKIP,
  SPA_IMPORT_KEEP_BOTH,
} SpaImportDecision;

/**
 * SpaImportOutcome:
 * @SPA_IMPORT_ROW_PENDING: not imported yet
 * @SPA_IMPORT_ROW_ADDED: a new client
 * @SPA_IMPORT_ROW_MERGED: merged into an existing client
 * @SPA_IMPORT_ROW_SKIPPED_PROBLEM: not imported: the row has problems
 * @SPA_IMPORT_ROW_SKIPPED_DUPLICATE: not imported: a duplicate the person chose to skip
 */
typedef enum
{
  SPA_IMPORT_ROW_PENDING,
  SPA_IMPORT_ROW_ADDED,
  SPA_IMPORT_ROW_MERGED,
  SPA_IMPORT_ROW_SKIPPED_PROBLEM,
  SPA_IMPORT_ROW_SKIPPED_DUPLICATE,
} SpaImportOutcome;

/**
 * SpaImportTarget:
 * @code: what a column is imported as: a client field (`first_name`, `email`, …) or
 *   one of the import's own (`full_name`, `address_city`, …)
 * @label: its translatable label (`N_()`)
 */
typedef struct
{
  const char *code;
  const char *label;
} SpaImportTarget;

typedef struct
{
  guint added;
  guint merged;
  guint skipped_problems;
  guint skipped_duplicates;
  gint64 batch_id;
} SpaImportCounts;

typedef void (*SpaImportProgressFunc) (guint    done,
                                       guint    total,
                                       gpointer user_data);

#define SPA_TYPE_IMPORT (spa_import_get_type ())

G_DECLARE_FINAL_TYPE (SpaImport, spa_import, SPA, IMPORT, GObject)

const SpaImportTarget *spa_import_targets          (guint          *n_targets);
const char            *spa_import_guess_target     (const char     *header);

SpaImport   *spa_import_new                 (void);
gboolean     spa_import_load_file           (SpaImport      *self,
                                             const char     *path,
                                             GError        **error);
gboolean     spa_import_load_data           (SpaImport      *self,
                                             const char     *name,
                                             const char     *data,
                                             gsize           length,
                                             GError        **error);
const char  *spa_import_get_file_name       (SpaImport      *self);
const char  *spa_import_get_encoding        (SpaImport      *self);
char         spa_import_get_separator       (SpaImport      *self);

guint        spa_import_get_n_columns       (SpaImport      *self);
const char  *spa_import_get_header          (SpaImport      *self,
                                             guint           column);
const char  *spa_import_get_column_target   (SpaImport      *self,
                                             guint           column);
void         spa_import_set_column_target   (SpaImport      *self,
                                             guint           column,
                                             const char     *target);

gboolean     spa_import_check               (SpaImport      *self,
                                             SpaStore       *store,
                                             GError        **error);
guint        spa_import_get_n_rows          (SpaImport      *self);
guint        spa_import_get_line            (SpaImport      *self,
                                             guint           row);
SpaRecord   *spa_import_dup_row_record      (SpaImport      *self,
                                             guint           row);
GHashTable  *spa_import_get_row_problems    (SpaImport      *self,
                                             guint           row);
const char  *spa_import_get_row_duplicate   (SpaImport      *self,
                                             guint           row);
const char  *spa_import_get_row_duplicate_reason (SpaImport *self,
                                             guint           row);
int          spa_import_get_row_duplicate_row (SpaImport   *self,
                                             guint           row);
char        *spa_import_describe_row_problems (SpaImport   *self,
                                             guint           row);
SpaImportDecision spa_import_get_row_decision (SpaImport    *self,
                                             guint           row);
void         spa_import_set_row_decision    (SpaImport      *self,
                                             guint           row,
                                             SpaImportDecision decision);
void         spa_import_set_default_decision (SpaImport     *self,
                                             SpaImportDecision decision);
SpaImportOutcome spa_import_get_row_outcome (SpaImport      *self,
                                             guint           row);
guint        spa_import_count_problems      (SpaImport      *self);
guint        spa_import_count_duplicates    (SpaImport      *self);

gboolean     spa_import_run                 (SpaImport      *self,
                                             SpaStore       *store,
                                             SpaImportProgressFunc progress,
                                             gpointer        user_data,
                                             GCancellable   *cancellable,
                                             SpaImportCounts *counts,
                                             GError        **error);

gboolean     spa_import_can_undo            (SpaStore       *store,
                                             char          **file_name,
                                             SpaImportCounts *counts);
gboolean     spa_import_undo_last           (SpaStore       *store,
                                             guint          *n_removed,
                                             guint          *n_restored,
                                             guint          *n_kept,
                                             GError        **error);

G_END_DECLS
