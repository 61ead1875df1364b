/* spa-server-feed.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "spa-role.h"
#include "spa-store.h"

G_BEGIN_DECLS

/* How far back a feed reaches: calendar apps fetch the whole feed every time. */
#define SPA_FEED_PAST_DAYS 92

#define SPA_FEED_PATH_PREFIX "/v1/feed/"

char     *spa_server_feed_ics      (SpaStore    *store,
                                    const char  *therapist_id,
                                    GError     **error);
char     *spa_server_feed_create   (SpaStore    *store,
                                    const char  *therapist_id,
                                    GError     **error);
char     *spa_server_feed_url      (SpaStore    *store,
                                    const char  *secret);
gboolean  spa_server_feed_revoke   (SpaStore    *store,
                                    const char  *therapist_id,
                                    guint       *n_revoked,
                                    GError     **error);
char     *spa_server_feed_open     (SpaStore    *store,
                                    const char  *secret,
                                    GError     **error);
gboolean  spa_server_feed_allowed  (SpaStore    *store,
                                    SpaRole      role,
                                    const char  *user_name,
                                    const char  *therapist_id);

G_END_DECLS
