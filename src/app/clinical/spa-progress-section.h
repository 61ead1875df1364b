/* spa-progress-section.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-client-section.h"

#include "spa-body-map.h"
#include "spa-context.h"
#include "spa-pain-chart.h"

G_BEGIN_DECLS

#define SPA_TYPE_PROGRESS_SECTION (spa_progress_section_get_type ())

G_DECLARE_FINAL_TYPE (SpaProgressSection, spa_progress_section, SPA, PROGRESS_SECTION, GtkWidget)

SpaPainChart *spa_progress_section_get_chart    (SpaProgressSection *self);
SpaBodyMap   *spa_progress_section_get_heat_map (SpaProgressSection *self);

G_END_DECLS
