/* spa-store.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "spa-record.h"
#include "spa-types.h"

G_BEGIN_DECLS

#define SPA_TYPE_STORE (spa_store_get_type ())

G_DECLARE_FINAL_TYPE (SpaStore, spa_store, SPA, STORE, GObject)

#define SPA_STORE_FILE_NAME "spa-desk.db"

char       *spa_store_default_path      (const char  *data_dir);
SpaStore   *spa_store_open              (const char  *path,
                                         GError     **error);
SpaStore   *spa_store_open_at_version   (const char  *path,
                                         guint        version,
                                         GError     **error);
SpaStore   *spa_store_open_exclusive    (const char  *path,
                                         GError     **error);
char       *spa_store_move_aside        (const char  *path,
                                         GError     **error);
gboolean    spa_store_replace_with      (const char  *path,
                                         const char  *backup,
                                         GError     **error);
guint       spa_store_latest_version    (void);
guint       spa_store_get_schema_version (SpaStore   *self);
const char *spa_store_get_path          (SpaStore    *self);
gboolean    spa_store_begin             (SpaStore    *self,
                                         GError     **error);
gboolean    spa_store_begin_bulk        (SpaStore    *self,
                                         GError     **error);
gboolean    spa_store_commit            (SpaStore    *self,
                                         GError     **error);
void        spa_store_rollback          (SpaStore    *self);
gboolean    spa_store_in_transaction    (SpaStore    *self);
gint64      spa_store_data_version      (SpaStore    *self);

void        spa_store_set_clock_offset  (SpaStore    *self,
                                         GTimeSpan    offset);
char       *spa_store_now_utc           (SpaStore    *self);

SpaRecord  *spa_store_get               (SpaStore    *self,
                                         const char  *entity,
                                         const char  *id,
                                         GError     **error);
gboolean    spa_store_exists            (SpaStore    *self,
                                         const char  *entity,
                                         const char  *id);
gboolean    spa_store_get_text          (SpaStore    *self,
                                         const char  *entity,
                                         const char  *id,
                                         const char  *field,
                                         char       **value);
gboolean    spa_store_save              (SpaStore    *self,
                                         SpaRecord   *record,
                                         GError     **error);
gboolean    spa_store_delete            (SpaStore    *self,
                                         const char  *entity,
                                         const char  *id,
                                         GError     **error);
gboolean    spa_store_restore           (SpaStore    *self,
                                         const char  *entity,
                                         const char  *id,
                                         GError     **error);
GPtrArray  *spa_store_list              (SpaStore    *self,
                                         const char  *entity,
                                         gboolean     include_deleted,
                                         GError     **error);
GPtrArray  *spa_store_list_active       (SpaStore    *self,
                                         const char  *entity,
                                         const char  *keep_id,
                                         GError     **error);

gboolean    spa_store_is_empty          (SpaStore    *self);
gint64      spa_store_count             (SpaStore    *self,
                                         const char  *entity);
gint64      spa_store_outbox_pending    (SpaStore    *self);
gboolean    spa_store_begin_load        (SpaStore    *self,
                                         GError     **error);
gboolean    spa_store_end_load          (SpaStore    *self,
                                         GError     **error);
gboolean    spa_store_configure_for_pull (SpaStore   *self,
                                         GError     **error);

char       *spa_store_search_match      (const char  *query);
GArray     *spa_store_client_rowids     (SpaStore    *self,
                                         const char  *query,
                                         GError     **error);
GArray     *spa_store_list_client_rowids (SpaStore   *self,
                                          const char *query,
                                          gboolean    archived,
                                          GError    **error);
SpaRecord  *spa_store_get_client_by_rowid (SpaStore  *self,
                                         gint64       rowid,
                                         GError     **error);
GPtrArray  *spa_store_search_clients    (SpaStore    *self,
                                         const char  *query,
                                         guint        limit,
                                         GError     **error);

void        spa_store_notify_changed    (SpaStore    *self,
                                         const char  *entity,
                                         const char  *id);

G_END_DECLS
