/* spa-context.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "spa-core.h"
#include "spa-sync-engine.h"

G_BEGIN_DECLS

#define SPA_TYPE_CONTEXT (spa_context_get_type ())

G_DECLARE_FINAL_TYPE (SpaContext, spa_context, SPA, CONTEXT, GObject)

SpaContext *spa_context_new            (SpaStore   *store,
                                        GSettings  *settings);
SpaStore   *spa_context_get_store      (SpaContext *self);
GSettings  *spa_context_get_settings   (SpaContext *self);
GTimeZone  *spa_context_get_time_zone  (SpaContext *self);
GDateTime  *spa_context_now            (SpaContext *self);
SpaSyncEngine *spa_context_get_sync_engine (SpaContext *self);
void        spa_context_reload_sync    (SpaContext *self);
gboolean    spa_context_sign_in_enabled (SpaContext *self);
SpaAccount *spa_context_get_account    (SpaContext *self);
void        spa_context_set_account    (SpaContext *self,
                                        SpaAccount *account);
void        spa_context_sign_in_changed (SpaContext *self,
                                         SpaAccount *creator);
SpaRole     spa_context_get_role       (SpaContext *self);
const char *spa_context_get_location_id (SpaContext *self);
void        spa_context_set_location_id (SpaContext *self,
                                         const char *location_id);
gboolean    spa_context_is_chain       (SpaContext *self);

G_END_DECLS
