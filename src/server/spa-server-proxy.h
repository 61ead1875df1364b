/* spa-server-proxy.h: the client's address behind trusted reverse proxies
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* X-Forwarded-For entries read from the right, at most: past them, the peer. */
#define SPA_PROXY_MAX_HOPS 16

GPtrArray *spa_proxy_parse_trusted   (const char * const *specs,
                                      GError            **error);
char      *spa_proxy_client_address  (const char         *peer,
                                      const char         *forwarded_for,
                                      GPtrArray          *trusted);

G_END_DECLS
