/* spa-bench-sync.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the sync benchmark measured; NAN (and a reason in @error) where it could not. */
typedef struct
{
  gint64  records;            /* records in the server's change log */
  double  full_seconds;       /* SpaSyncEngine's first full sync */
  double  full_rate;          /* records/s */
  double  raw_seconds;        /* bare libsoup pulls + one prepared INSERT per table */
  double  raw_rate;
  GArray *incremental_small;  /* ms per sync round, 10 changes, on the small set */
  GArray *incremental_large;  /* the same on the benchmark's data */
  double  incremental_first;  /* ms of the first round after the first full sync */
  gint64  small_records;
  double  server_idle_mb;     /* VmHWM of the server once it listens */
  double  server_peak_mb;     /* VmHWM after the full syncs */
  double  load_seconds;       /* copying the data into the server's database */
  char   *error;
} SpaBenchSyncResult;

void spa_bench_sync_measure      (const char         *server,
                                  const char         *data_dir,
                                  guint               runs,
                                  SpaBenchSyncResult *result);
void spa_bench_sync_result_clear (SpaBenchSyncResult *result);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SpaBenchSyncResult, spa_bench_sync_result_clear)

G_END_DECLS
