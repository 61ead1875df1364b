/* spa-chart.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "spa-report.h"

G_BEGIN_DECLS

#define SPA_TYPE_CHART (spa_chart_get_type ())

G_DECLARE_FINAL_TYPE (SpaChart, spa_chart, SPA, CHART, GtkWidget)

GtkWidget      *spa_chart_new       (void);
void            spa_chart_set_table (SpaChart       *self,
                                     SpaReportTable *table);
SpaReportTable *spa_chart_get_table (SpaChart       *self);
void            spa_chart_render    (SpaReportTable *table,
                                     cairo_t        *cr,
                                     PangoContext   *pango,
                                     double          width,
                                     double          height,
                                     const GdkRGBA  *foreground,
                                     const GdkRGBA  *accent);

G_END_DECLS
