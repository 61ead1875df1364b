/* spa-sync-indicator.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "spa-sync-engine.h"

G_BEGIN_DECLS

#define SPA_TYPE_SYNC_INDICATOR (spa_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (SpaSyncIndicator, spa_sync_indicator, SPA, SYNC_INDICATOR, GtkWidget)

void        spa_sync_indicator_set_engine (SpaSyncIndicator *self,
                                           SpaSyncEngine    *engine);
const char *spa_sync_indicator_get_text   (SpaSyncIndicator *self);
char       *spa_sync_indicator_describe   (SpaSyncEngine    *engine,
                                           gint64            now_unix);

G_END_DECLS
