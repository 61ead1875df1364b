/* spa-hostile-server.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A sync server that misbehaves on purpose, on 127.0.0.1, in the test's own main
 * context. The first segment of the path picks the behaviour: a device given
 * `spa_hostile_server_url (server, "gone")` as its server asks for
 * /gone/v1/sync/push and /gone/v1/sync/pull. The modes are listed in the .c file. */
typedef struct _SpaHostileServer SpaHostileServer;

SpaHostileServer *spa_hostile_server_new        (void);
void              spa_hostile_server_free       (SpaHostileServer *server);
char             *spa_hostile_server_url        (SpaHostileServer *server,
                                                 const char       *mode);
guint             spa_hostile_server_requests   (SpaHostileServer *server,
                                                 const char       *mode,
                                                 const char       *method);
guint64           spa_hostile_server_bytes_sent (SpaHostileServer *server);
void              spa_hostile_server_redirect_to (SpaHostileServer *server,
                                                  const char       *url);
gboolean          spa_hostile_server_release    (SpaHostileServer *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaHostileServer, spa_hostile_server_free)

G_END_DECLS
