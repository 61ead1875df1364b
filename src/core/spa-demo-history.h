/* spa-demo-history.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-store.h"

G_BEGIN_DECLS

gboolean spa_demo_add_history (SpaStore   *store,
                               GTimeZone  *zone,
                               GDateTime  *first_day,
                               GPtrArray  *clients,
                               GPtrArray  *therapists,
                               GPtrArray  *rooms,
                               GPtrArray  *services,
                               GError    **error);

G_END_DECLS
