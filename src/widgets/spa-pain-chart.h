/* spa-pain-chart.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "spa-clinical.h"

G_BEGIN_DECLS

#define SPA_TYPE_PAIN_CHART (spa_pain_chart_get_type ())

G_DECLARE_FINAL_TYPE (SpaPainChart, spa_pain_chart, SPA, PAIN_CHART, GtkWidget)

GtkWidget *spa_pain_chart_new        (void);
void       spa_pain_chart_set_series (SpaPainChart *self,
                                      GArray       *series);
guint      spa_pain_chart_get_n_points (SpaPainChart *self);

G_END_DECLS
