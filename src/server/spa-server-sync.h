/* spa-server-sync.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "spa-json.h"
#include "spa-role.h"
#include "spa-store.h"

G_BEGIN_DECLS

#define SPA_SERVER_MAX_BODY       (10 * 1024 * 1024)
#define SPA_SERVER_MAX_MUTATIONS  500
#define SPA_SERVER_MAX_PULL       1000
/* A pull page stops growing past this many bytes (and one record). */
#define SPA_SERVER_MAX_PULL_BYTES (4 * 1024 * 1024)
/* The longest string a push may hold, once unescaped (the longest text field is far
 * shorter; see spa-record.h). */
#define SPA_SERVER_MAX_STRING     (256 * 1024)

/* How a push body is read: the protocol's depth, the body limit, SPA_SERVER_MAX_STRING. */
extern const SpaJsonLimits spa_server_push_limits;

/* Mutation ids: at most 2^53 - 1 (exact in every JSON reader), and at most 2^31 above
 * the device's last one. */
#define SPA_SERVER_MAX_MUTATION_ID    G_GINT64_CONSTANT (9007199254740991)
#define SPA_SERVER_MAX_MUTATION_LEAP  G_GINT64_CONSTANT (2147483648)

gboolean    spa_server_add_user         (SpaStore    *store,
                                         const char  *name,
                                         SpaRole      role,
                                         char       **token,
                                         GError     **error);
gboolean    spa_server_set_user_therapist (SpaStore  *store,
                                         const char  *name,
                                         const char  *therapist_id,
                                         GError     **error);
gboolean    spa_server_set_user_pin     (SpaStore    *store,
                                         const char  *name,
                                         const char  *pin,
                                         GError     **error);
gboolean    spa_server_revoke_user      (SpaStore    *store,
                                         const char  *name,
                                         GError     **error);
GPtrArray  *spa_server_list_users       (SpaStore    *store,
                                         GError     **error);
SpaRole     spa_server_authenticate     (SpaStore    *store,
                                         const char  *token,
                                         char       **user_name);
SpaRole     spa_server_authenticate_full (SpaStore   *store,
                                         const char  *token,
                                         char       **user_name,
                                         GError     **error);

JsonNode   *spa_server_error_json       (const char  *code,
                                         const char  *message,
                                         gint64       mutation_id);
guint       spa_server_desk_users       (SpaStore    *store,
                                         JsonNode   **response);
guint       spa_server_money_takings    (SpaStore    *store,
                                         const char  *user_name,
                                         const char  *from,
                                         const char  *to,
                                         JsonNode   **response);
guint       spa_server_push             (SpaStore    *store,
                                         SpaRole      role,
                                         const char  *user_name,
                                         JsonNode    *request,
                                         JsonNode   **response);
guint       spa_server_pull             (SpaStore    *store,
                                         SpaRole      role,
                                         const char  *since,
                                         const char  *limit,
                                         gboolean     full,
                                         char       **response);
guint       spa_server_calendar         (SpaStore    *store,
                                         const char  *therapist_id,
                                         char       **ics,
                                         JsonNode   **error_response);
gboolean    spa_server_write_record     (SpaStore    *store,
                                         SpaRecord   *record,
                                         const char  *device_id,
                                         GError     **error);
gboolean    spa_server_compact          (SpaStore    *store,
                                         GError     **error);

G_END_DECLS
