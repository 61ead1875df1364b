/* spa-server.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "spa-server-mail.h"
#include "spa-store.h"

G_BEGIN_DECLS

/* Connection limits, in seconds (docs/security.md). */
#define SPA_SERVER_HEADER_TIMEOUT 10   /* a request's headers, or idle keep-alive */
#define SPA_SERVER_BODY_TIMEOUT   60   /* a request body, at most 10 MiB */
#define SPA_SERVER_IDLE_TIMEOUT   30   /* no traffic at all */
#define SPA_SERVER_BACKLOG        SOMAXCONN

#define SPA_TYPE_SERVER (spa_server_get_type ())

G_DECLARE_FINAL_TYPE (SpaServer, spa_server, SPA, SERVER, GObject)

SpaServer *spa_server_new        (SpaStore        *store,
                                  GTlsCertificate *certificate);
void       spa_server_set_limits (SpaServer       *self,
                                  guint            max_connections,
                                  guint            max_per_address);
void       spa_server_set_timeouts (SpaServer     *self,
                                  guint            header_timeout,
                                  guint            body_timeout);
void       spa_server_set_trusted_proxies (SpaServer *self,
                                  GPtrArray       *proxies);
void       spa_server_set_time_zone (SpaServer     *self,
                                  GTimeZone       *zone);
void       spa_server_start_mail (SpaServer       *self,
                                  SpaMailConfig   *config);
gboolean   spa_server_listen     (SpaServer       *self,
                                  const char      *host,
                                  guint            port,
                                  GError         **error);
char      *spa_server_get_url    (SpaServer       *self);
void       spa_server_disconnect (SpaServer       *self);

G_END_DECLS
