/* spa-sync-http.h: what the engine and the pull worker share about the protocol's HTTP
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "spa-sync-page.h"

G_BEGIN_DECLS

/* The most bytes the desk reads of one reply (docs/sync-protocol.md, "Limits"). */
#define SPA_SYNC_MAX_BODY (32 * 1024 * 1024)

/* The longest one exchange may take, from the request to the last byte of the reply. */
#define SPA_SYNC_DEADLINE 120

/* A page may hold more changes than asked for when the first change and the records it
 * names are more than that (docs/sync-protocol.md); never more than this. */
#define SPA_SYNC_MIN_PAGE 8

/* The most pages one run pulls; the rest waits for the next run. */
#define SPA_SYNC_MAX_PAGES 20000

gboolean     spa_sync_http_is_plain_remote (const char          *url);
SoupMessage *spa_sync_http_request        (const char           *base_url,
                                           const char           *token,
                                           gboolean              need_token,
                                           const char           *method,
                                           const char           *path,
                                           GError              **error);
char        *spa_sync_http_pull_path      (gint64                since,
                                           guint                 limit,
                                           gboolean              full);
void         spa_sync_http_send_async     (SoupSession          *session,
                                           SoupMessage          *msg,
                                           guint                 deadline,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
GBytes      *spa_sync_http_send_finish    (GAsyncResult         *result,
                                           GError              **error);
GBytes      *spa_sync_http_send           (SoupSession          *session,
                                           SoupMessage          *msg,
                                           guint                 deadline,
                                           GCancellable         *cancellable,
                                           GError              **error);
JsonNode    *spa_sync_http_parse_body     (GBytes               *bytes);
const char  *spa_sync_http_body_string    (JsonNode             *body,
                                           const char           *member);
gint64       spa_sync_http_body_int       (JsonNode             *body,
                                           const char           *member);
gboolean     spa_sync_http_check_response (SoupMessage          *msg,
                                           GBytes               *bytes,
                                           GError               *transport_error,
                                           JsonNode            **body,
                                           GError              **error);
GError      *spa_sync_http_too_many_pages (void);
gboolean     spa_sync_http_check_page     (SpaPullPage          *page,
                                           gint64                since,
                                           guint                 limit,
                                           GError              **error);

G_END_DECLS
