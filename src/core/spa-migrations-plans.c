/* spa-migrations-plans.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-migrations"

#include "config.h"

#include "spa-migrations.h"

/*
 * Treatment plans (docs/treatment-plans.md): the visits of one plan share a
 * `series_id`, a synced booking field (a UUID made by the desk that books the plan), so
 * "this and the following" finds the same visits on every desk and the server. A booking
 * that is not part of a plan keeps it NULL, and so does one an older desk sends.
 */
const char spa_migration_42_sql[] =
  "ALTER TABLE booking ADD COLUMN series_id TEXT;"
  "CREATE INDEX booking_series ON booking (series_id, starts_at) WHERE series_id IS NOT NULL;";
