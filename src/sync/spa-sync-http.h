/* spa-sync-http.h: what the engine and the pull worker share about the protocol's HTTP
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Pages a server may answer "more" to without moving the cursor before a pull stops. */
#define SPA_SYNC_MAX_STALLS 1000

SoupMessage *spa_sync_http_message        (const char   *base_url,
                                           const char   *token,
                                           const char   *method,
                                           const char   *path);
char        *spa_sync_http_pull_path      (gint64        since,
                                           guint         limit,
                                           gboolean      full);
JsonNode    *spa_sync_http_parse_body     (GBytes       *bytes);
const char  *spa_sync_http_body_string    (JsonNode     *body,
                                           const char   *member);
gint64       spa_sync_http_body_int       (JsonNode     *body,
                                           const char   *member);
gboolean     spa_sync_http_check_response (SoupMessage  *msg,
                                           GBytes       *bytes,
                                           GError       *transport_error,
                                           JsonNode    **body,
                                           GError      **error);

G_END_DECLS
