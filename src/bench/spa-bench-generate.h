/* spa-bench-generate.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint   n_clients;
  guint   n_bookings;
  guint   n_notes;
  guint   n_therapists;
  guint   n_rooms;
  guint   years;
  guint32 seed;
} SpaBenchSizes;

typedef struct
{
  gint64 clients;
  gint64 bookings;
  gint64 intakes;
  gint64 notes;
  gint64 invoices;  /* sales and refunds */
  gint64 refunds;
  double seconds;
} SpaBenchGenerated;

gboolean spa_bench_generate (SpaStore            *store,
                             const SpaBenchSizes *sizes,
                             SpaBenchGenerated   *out,
                             GError             **error);

G_END_DECLS
