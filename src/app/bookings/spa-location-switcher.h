/* spa-location-switcher.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_LOCATION_SWITCHER (spa_location_switcher_get_type ())

G_DECLARE_FINAL_TYPE (SpaLocationSwitcher, spa_location_switcher, SPA, LOCATION_SWITCHER, GtkWidget)

void spa_location_switcher_set_context (SpaLocationSwitcher *self,
                                        SpaContext          *context);

G_END_DECLS
