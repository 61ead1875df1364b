/* spa-body-map.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * SpaBodyMapMode:
 * @SPA_BODY_MAP_MODE_PAIN: regions are rated for pain (0–10, quality) or marked to avoid
 * @SPA_BODY_MAP_MODE_TREATED: regions are toggled as treated; pain and avoid areas show
 *   read-only underneath
 * @SPA_BODY_MAP_MODE_VIEW: read-only (an old intake, a signed note, the heat map)
 */
typedef enum
{
  SPA_BODY_MAP_MODE_PAIN,
  SPA_BODY_MAP_MODE_TREATED,
  SPA_BODY_MAP_MODE_VIEW,
} SpaBodyMapMode;

#define SPA_TYPE_BODY_MAP (spa_body_map_get_type ())

G_DECLARE_FINAL_TYPE (SpaBodyMap, spa_body_map, SPA, BODY_MAP, GtkWidget)

GtkWidget      *spa_body_map_new                (void);
void            spa_body_map_set_mode           (SpaBodyMap  *self,
                                                 SpaBodyMapMode mode);
SpaBodyMapMode  spa_body_map_get_mode           (SpaBodyMap  *self);
void            spa_body_map_clear              (SpaBodyMap  *self);

void            spa_body_map_set_pain_areas     (SpaBodyMap  *self,
                                                 JsonNode    *areas);
JsonNode       *spa_body_map_dup_pain_areas     (SpaBodyMap  *self);
void            spa_body_map_set_avoid_areas    (SpaBodyMap  *self,
                                                 JsonNode    *areas);
JsonNode       *spa_body_map_dup_avoid_areas    (SpaBodyMap  *self);
void            spa_body_map_set_treated        (SpaBodyMap  *self,
                                                 const char * const *regions);
char          **spa_body_map_dup_treated        (SpaBodyMap  *self);
void            spa_body_map_set_heat           (SpaBodyMap  *self,
                                                 const char  *region,
                                                 double       intensity,
                                                 const char  *description);

void            spa_body_map_draw_paper         (cairo_t     *cr,
                                                 double       width,
                                                 double       height,
                                                 JsonNode    *pain_areas,
                                                 JsonNode    *avoid_areas);

G_END_DECLS
