/* spa-demo.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-store.h"

G_BEGIN_DECLS

gboolean spa_demo_fill (SpaStore   *store,
                        GTimeZone  *zone,
                        GDateTime  *today,
                        GError    **error);

gboolean spa_demo_fill_chain (SpaStore   *store,
                              GTimeZone  *zone,
                              GDateTime  *today,
                              GError    **error);

G_END_DECLS
