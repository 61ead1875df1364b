/* spa-demo-money.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"
#include "spa-types.h"

G_BEGIN_DECLS

gboolean spa_demo_add_money (SpaStore   *store,
                             GTimeZone  *zone,
                             GDateTime  *today,
                             GPtrArray  *clients,
                             GPtrArray  *therapists,
                             GError    **error);

G_END_DECLS
