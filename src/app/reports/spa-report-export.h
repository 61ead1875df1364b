/* spa-report-export.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "spa-report.h"

G_BEGIN_DECLS

void     spa_report_export_csv  (GtkWindow      *parent,
                                 SpaReportTable *table,
                                 const char     *suggested_name);
void     spa_report_export_pdf  (GtkWindow      *parent,
                                 SpaReportTable *table,
                                 const char     *subtitle,
                                 const char     *suggested_name);
void     spa_report_print       (GtkWindow      *parent,
                                 SpaReportTable *table,
                                 const char     *subtitle);
gboolean spa_report_write_csv   (SpaReportTable *table,
                                 GFile          *file,
                                 GError        **error);
gboolean spa_report_write_pdf   (GtkWindow      *parent,
                                 SpaReportTable *table,
                                 const char     *subtitle,
                                 const char     *path,
                                 GError        **error);

G_END_DECLS
