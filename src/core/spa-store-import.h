/* spa-store-import.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-types.h"

G_BEGIN_DECLS

/* The client import's queries (spa-store-import.c): the keys of existing clients and
 * the import batches that undo reads. */

typedef void (*SpaImportClientKeyFunc) (const char *id,
                                        const char *email,
                                        const char *phone,
                                        const char *first_name,
                                        const char *last_name,
                                        const char *date_of_birth,
                                        gpointer    user_data);

typedef struct
{
  char     *client_id;
  gboolean  added;      /* else merged */
  char     *previous;   /* a merged client's fields before the import (JSON), or NULL */
} SpaImportBatchClient;

void       spa_import_batch_client_free     (SpaImportBatchClient *entry);

gboolean   spa_store_import_client_keys     (SpaStore               *store,
                                             SpaImportClientKeyFunc  func,
                                             gpointer                user_data,
                                             GError                **error);
gint64     spa_store_import_begin_batch     (SpaStore               *store,
                                             const char             *file_name,
                                             GError                **error);
gboolean   spa_store_import_find_in_batch   (SpaStore               *store,
                                             gint64                  batch_id,
                                             const char             *client_id,
                                             gboolean               *added,
                                             char                  **previous);
gboolean   spa_store_import_add_to_batch    (SpaStore               *store,
                                             gint64                  batch_id,
                                             const char             *client_id,
                                             gboolean                added,
                                             const char             *previous,
                                             GError                **error);
gboolean   spa_store_import_add_client      (SpaStore               *store,
                                             SpaRecord              *client,
                                             gint64                  batch_id,
                                             GError                **error);
gboolean   spa_store_import_count_batch     (SpaStore               *store,
                                             gint64                  batch_id,
                                             guint                   added,
                                             guint                   merged,
                                             guint                   skipped,
                                             GError                **error);
gint64     spa_store_import_last_batch      (SpaStore               *store,
                                             char                  **file_name,
                                             guint                  *added,
                                             guint                  *merged,
                                             guint                  *skipped);
GPtrArray *spa_store_import_batch_clients   (SpaStore               *store,
                                             gint64                  batch_id,
                                             GError                **error);
gboolean   spa_store_import_defer_search    (SpaStore               *store,
                                             GError                **error);
void       spa_store_import_keep_search     (SpaStore               *store,
                                             gboolean                keep);
gboolean   spa_store_import_index_batch     (SpaStore               *store,
                                             gint64                  batch_id,
                                             GError                **error);
gboolean   spa_store_import_mark_undone     (SpaStore               *store,
                                             gint64                  batch_id,
                                             GError                **error);

G_END_DECLS
