/* spa-server.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "spa-store.h"

G_BEGIN_DECLS

#define SPA_TYPE_SERVER (spa_server_get_type ())

G_DECLARE_FINAL_TYPE (SpaServer, spa_server, SPA, SERVER, GObject)

SpaServer *spa_server_new        (SpaStore     *store,
                                  GTlsCertificate *certificate);
gboolean   spa_server_listen     (SpaServer    *self,
                                  const char   *host,
                                  guint         port,
                                  GError      **error);
char      *spa_server_get_url    (SpaServer    *self);
void       spa_server_disconnect (SpaServer    *self);

G_END_DECLS
