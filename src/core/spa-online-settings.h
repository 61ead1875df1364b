/* spa-online-settings.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "spa-record.h"
#include "spa-store.h"

G_BEGIN_DECLS

/* The one online_settings record every store holds (migration 26). */
#define SPA_ONLINE_SETTINGS_ID "0b11e5e7-0000-4000-8000-000000000001"

#define SPA_ONLINE_DEFAULT_HORIZON_DAYS 90
#define SPA_ONLINE_DEFAULT_CANCEL_HOURS 24

SpaRecord *spa_online_settings_load      (SpaStore    *store,
                                          GError     **error);
gboolean   spa_online_settings_enabled   (SpaRecord   *settings);
guint      spa_online_settings_get       (SpaRecord   *settings,
                                          const char  *field);
gboolean   spa_online_settings_set_text  (SpaRecord   *settings,
                                          const char  *field,
                                          const char  *text,
                                          GError     **error);
char      *spa_online_settings_get_text  (SpaRecord   *settings,
                                          const char  *field);

G_END_DECLS
