/* spa-chart-documents.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-core.h"
#include "spa-print-document.h"

G_BEGIN_DECLS

SpaPrintDocument *spa_chart_document_client_file (SpaStore    *store,
                                                  const char  *client_id,
                                                  GTimeZone   *zone,
                                                  GError     **error);

SpaPrintDocument *spa_chart_document_intake      (SpaStore    *store,
                                                  const char  *intake_id,
                                                  GTimeZone   *zone,
                                                  GError     **error);
SpaPrintDocument *spa_chart_document_note        (SpaStore    *store,
                                                  const char  *note_id,
                                                  GTimeZone   *zone,
                                                  GError     **error);
SpaPrintDocument *spa_chart_document_progress    (SpaStore    *store,
                                                  const char  *client_id,
                                                  GTimeZone   *zone,
                                                  GError     **error);

G_END_DECLS
