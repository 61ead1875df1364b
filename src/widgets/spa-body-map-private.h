/* spa-body-map-private.h: what the tests look at and do inside a SpaBodyMap
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-body-map.h"

G_BEGIN_DECLS

void            spa_body_map_set_region_pain    (SpaBodyMap  *self,
                                                 const char  *region,
                                                 int          intensity,
                                                 const char  *quality);
int             spa_body_map_get_region_pain    (SpaBodyMap  *self,
                                                 const char  *region);
void            spa_body_map_set_region_avoid   (SpaBodyMap  *self,
                                                 const char  *region,
                                                 gboolean     avoid,
                                                 const char  *reason);
gboolean        spa_body_map_get_region_avoid   (SpaBodyMap  *self,
                                                 const char  *region);
gboolean        spa_body_map_get_region_treated (SpaBodyMap  *self,
                                                 const char  *region);
void            spa_body_map_activate_region    (SpaBodyMap  *self,
                                                 const char  *region);
GtkWidget      *spa_body_map_get_region_widget  (SpaBodyMap  *self,
                                                 const char  *region);
const char     *spa_body_map_region_at          (SpaBodyMap  *self,
                                                 double       x,
                                                 double       y);
GtkPopover     *spa_body_map_get_popover        (SpaBodyMap  *self);
GtkRange       *spa_body_map_get_popover_scale  (SpaBodyMap  *self);
GtkListBox     *spa_body_map_get_list           (SpaBodyMap  *self);

G_END_DECLS
