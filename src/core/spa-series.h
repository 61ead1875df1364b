/* spa-series.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "spa-recurrence.h"
#include "spa-store.h"

G_BEGIN_DECLS

/**
 * SpaSeriesScope:
 * @SPA_SERIES_THIS_ONE: only the visit chosen
 * @SPA_SERIES_FOLLOWING: that visit and every later one of its plan still to come
 */
typedef enum
{
  SPA_SERIES_THIS_ONE,
  SPA_SERIES_FOLLOWING,
} SpaSeriesScope;

GPtrArray *spa_series_plan         (SpaStore            *store,
                                    SpaRecord           *booking,
                                    const SpaRecurrence *rule,
                                    GDateTime           *now,
                                    GTimeZone           *zone,
                                    guint                n_alternatives,
                                    GError             **error);
GPtrArray *spa_series_book         (SpaStore            *store,
                                    SpaRecord           *booking,
                                    GPtrArray           *slots,
                                    GError             **error);
GPtrArray *spa_series_visits       (SpaStore            *store,
                                    const char          *series_id,
                                    GError             **error);
guint      spa_series_count_following (SpaStore         *store,
                                    SpaRecord           *booking);
gboolean   spa_series_cancel       (SpaStore            *store,
                                    SpaRecord           *booking,
                                    SpaSeriesScope       scope,
                                    const char          *reason,
                                    guint               *n_cancelled,
                                    GError             **error);
gboolean   spa_series_move         (SpaStore            *store,
                                    SpaRecord           *edited,
                                    SpaSeriesScope       scope,
                                    GTimeZone           *zone,
                                    guint               *n_moved,
                                    GError             **error);

G_END_DECLS
