/* spa-sync-local.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "spa-store.h"
#include "spa-sync-page.h"

G_BEGIN_DECLS

/* One open conflict: the device's losing values and the server copy that won. */
typedef struct
{
  gint64      conflict_id;
  gint64      mutation_id;
  char       *entity;
  char       *record_id;
  JsonObject *local_fields;
  JsonObject *server_record;
  char       *created_at;
} SpaSyncConflict;

void        spa_sync_conflict_free          (SpaSyncConflict *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaSyncConflict, spa_sync_conflict_free)

char       *spa_sync_local_device_id        (SpaStore    *store,
                                             GError     **error);
gint64      spa_sync_local_get_cursor       (SpaStore    *store);
gboolean    spa_sync_local_in_resync        (SpaStore    *store);
JsonNode   *spa_sync_local_build_push       (SpaStore    *store,
                                             const char  *device_id,
                                             guint        max_mutations,
                                             guint       *n_mutations,
                                             GError     **error);
gboolean    spa_sync_local_apply_push       (SpaStore    *store,
                                             JsonNode    *response,
                                             GError     **error);
gboolean    spa_sync_local_apply_pull       (SpaStore    *store,
                                             GBytes      *body,
                                             gboolean    *has_more,
                                             GError     **error);
gboolean    spa_sync_local_apply_pulled     (SpaStore    *store,
                                             SpaPullPage *page,
                                             GError     **error);
gboolean    spa_sync_local_is_pending       (SpaStore    *store,
                                             gint64       mutation_id);
gboolean    spa_sync_local_apply_page       (SpaStore    *store,
                                             SpaPullPage *page,
                                             GHashTable  *touched,
                                             GError     **error);
gboolean    spa_sync_local_begin_resync     (SpaStore    *store,
                                             GError     **error);
gboolean    spa_sync_local_reject           (SpaStore    *store,
                                             gint64       mutation_id,
                                             const char  *code,
                                             const char  *message,
                                             GError     **error);
gint64      spa_sync_local_count_conflicts  (SpaStore    *store);
gint64      spa_sync_local_count_rejected   (SpaStore    *store);
GPtrArray  *spa_sync_local_list_conflicts   (SpaStore    *store,
                                             GError     **error);
gboolean    spa_sync_local_resolve_conflict (SpaStore    *store,
                                             gint64       conflict_id,
                                             gboolean     keep_mine,
                                             GError     **error);
char       *spa_sync_local_get_rejection    (SpaStore    *store,
                                             const char  *entity,
                                             const char  *record_id,
                                             char       **code);
gboolean    spa_sync_local_is_unconfirmed   (SpaStore    *store,
                                             const char  *entity,
                                             const char  *record_id);
gboolean    spa_sync_local_has_synced       (SpaStore    *store);
char       *spa_sync_local_get_state        (SpaStore    *store,
                                             const char  *key);
gboolean    spa_sync_local_set_state        (SpaStore    *store,
                                             const char  *key,
                                             const char  *value,
                                             GError     **error);

G_END_DECLS
