/* spa-sync-engine.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "spa-store.h"
#include "spa-store-money.h"
#include "spa-sync-local.h"

G_BEGIN_DECLS

typedef enum
{
  SPA_SYNC_STATE_IDLE,
  SPA_SYNC_STATE_SYNCING,
  SPA_SYNC_STATE_OFFLINE,
  SPA_SYNC_STATE_ERROR,
  SPA_SYNC_STATE_NEEDS_SIGN_IN,
  SPA_SYNC_STATE_NOT_ANSWERING,
} SpaSyncState;

GType spa_sync_state_get_type (void);
#define SPA_TYPE_SYNC_STATE (spa_sync_state_get_type ())

typedef enum
{
  SPA_SYNC_ERROR_NOT_CONFIGURED,
  SPA_SYNC_ERROR_NETWORK,
  SPA_SYNC_ERROR_AUTH,
  SPA_SYNC_ERROR_SERVER,
  SPA_SYNC_ERROR_PROTOCOL,
  SPA_SYNC_ERROR_TIMED_OUT,
  SPA_SYNC_ERROR_FORBIDDEN,
} SpaSyncError;

#define SPA_SYNC_ERROR (spa_sync_error_quark ())
GQuark spa_sync_error_quark (void);

/* The most changes a pull page may hold (the server caps `limit` here too). */
#define SPA_SYNC_MAX_PULL 1000

#define SPA_TYPE_SYNC_ENGINE (spa_sync_engine_get_type ())

G_DECLARE_FINAL_TYPE (SpaSyncEngine, spa_sync_engine, SPA, SYNC_ENGINE, GObject)

SpaSyncEngine *spa_sync_engine_new            (SpaStore            *store);
void           spa_sync_engine_set_server     (SpaSyncEngine       *self,
                                               const char          *url,
                                               const char          *token);
const char    *spa_sync_engine_get_server_url (SpaSyncEngine       *self);
void           spa_sync_engine_set_plain_http_confirmed (SpaSyncEngine *self,
                                               gboolean             confirmed);
void           spa_sync_engine_set_interval   (SpaSyncEngine       *self,
                                               guint                seconds);
void           spa_sync_engine_set_automatic  (SpaSyncEngine       *self,
                                               gboolean             automatic);
void           spa_sync_engine_set_batch_size (SpaSyncEngine       *self,
                                               guint                mutations,
                                               guint                changes);
void           spa_sync_engine_set_timeout    (SpaSyncEngine       *self,
                                               guint                seconds);
void           spa_sync_engine_set_deadline   (SpaSyncEngine       *self,
                                               guint                seconds);
void           spa_sync_engine_set_max_pages  (SpaSyncEngine       *self,
                                               guint                pages);
void           spa_sync_engine_sync_now       (SpaSyncEngine       *self);
void           spa_sync_engine_sync_async     (SpaSyncEngine       *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       spa_sync_engine_sync_finish    (SpaSyncEngine       *self,
                                               GAsyncResult        *result,
                                               GError             **error);
gboolean       spa_sync_engine_is_running     (SpaSyncEngine       *self);
SpaSyncState   spa_sync_engine_get_state      (SpaSyncEngine       *self);
gint64         spa_sync_engine_get_pending    (SpaSyncEngine       *self);
gint64         spa_sync_engine_get_conflicts  (SpaSyncEngine       *self);
gint64         spa_sync_engine_get_last_synced (SpaSyncEngine      *self);
const char    *spa_sync_engine_get_message    (SpaSyncEngine       *self);
SpaStore      *spa_sync_engine_get_store      (SpaSyncEngine       *self);
void           spa_sync_engine_refresh_counts (SpaSyncEngine       *self);
void           spa_sync_engine_new_calendar_feed_async (SpaSyncEngine       *self,
                                               const char          *therapist_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char          *spa_sync_engine_new_calendar_feed_finish (SpaSyncEngine  *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void           spa_sync_engine_list_mail_async (SpaSyncEngine       *self,
                                               const char          *status,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray     *spa_sync_engine_list_mail_finish (SpaSyncEngine  *self,
                                               GAsyncResult        *result,
                                               GError             **error);
void           spa_sync_engine_my_takings_async (SpaSyncEngine     *self,
                                               const char          *from,
                                               const char          *to,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       spa_sync_engine_my_takings_finish (SpaSyncEngine    *self,
                                               GAsyncResult        *result,
                                               SpaTherapistTakings *takings,
                                               char               **therapist_id,
                                               GError             **error);
gboolean       spa_sync_engine_is_signed_in   (SpaSyncEngine       *self);

G_END_DECLS
