/* spa-demo-clinical.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-store.h"

G_BEGIN_DECLS

gboolean spa_demo_add_clinical (SpaStore   *store,
                                GDateTime  *today,
                                GPtrArray  *clients,
                                GPtrArray  *therapists,
                                GError    **error);

G_END_DECLS
