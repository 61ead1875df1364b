/* spa-test-server.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-server.h"

G_BEGIN_DECLS

/* Our server for @store, listening on 127.0.0.1 at a free port, in time zone @zone
 * (%NULL: the machine's); *url_out is its address. */
SpaServer *spa_test_server_start (SpaStore   *store,
                                  GTimeZone  *zone,
                                  char      **url_out);

G_END_DECLS
