/* spa-recurrence.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "spa-availability.h"
#include "spa-store.h"

G_BEGIN_DECLS

/* The most visits one treatment plan books at once. */
#define SPA_RECURRENCE_MAX_OCCURRENCES 52

/**
 * SpaRecurrence:
 * @interval_weeks: every so many weeks (1 to 52)
 * @count: this many visits in all, the first included (0: until @until)
 * @until: (nullable): the last day a visit may fall on, in the spa's zone
 */
typedef struct
{
  guint  interval_weeks;
  guint  count;
  GDate *until;
} SpaRecurrence;

/**
 * SpaPlanVisit:
 * @starts: when the visit would start (in the spa's zone)
 * @slot: (nullable): the therapist and room free then, %NULL for a clash
 * @alternatives: (element-type SpaSlot): for a clash, the free times that day nearest to
 *   @starts, in time order (with another therapist when the one asked for has none)
 */
typedef struct
{
  GDateTime *starts;
  SpaSlot   *slot;
  GPtrArray *alternatives;
} SpaPlanVisit;

void       spa_plan_visit_free     (SpaPlanVisit        *visit);

GPtrArray *spa_recurrence_expand   (GDateTime           *first,
                                    GTimeZone           *zone,
                                    const SpaRecurrence *rule,
                                    GError             **error);
GPtrArray *spa_recurrence_check    (SpaStore            *store,
                                    const SpaAvailabilityQuery *query,
                                    GPtrArray           *starts,
                                    guint                n_alternatives,
                                    GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaPlanVisit, spa_plan_visit_free)

G_END_DECLS
