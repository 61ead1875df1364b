/* spa-reports-page.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_REPORTS_PAGE (spa_reports_page_get_type ())

G_DECLARE_FINAL_TYPE (SpaReportsPage, spa_reports_page, SPA, REPORTS_PAGE, GtkWidget)

GtkWidget      *spa_reports_page_new             (SpaContext *context);
gboolean        spa_reports_page_may_show        (SpaContext     *context);
void            spa_reports_page_show_section    (SpaReportsPage *self,
                                                  int             section);
gboolean        spa_reports_page_is_busy         (SpaReportsPage *self);
const char     *spa_reports_page_get_figure_text (SpaReportsPage *self,
                                                  SpaFigure       figure);
SpaReportTable *spa_reports_page_get_table       (SpaReportsPage *self);
void            spa_reports_page_get_period      (SpaReportsPage  *self,
                                                  SpaReportPeriod *period);

G_END_DECLS
