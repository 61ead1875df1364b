/* spa-migrations.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "spa-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint        version;
  const char  *sql;
  gboolean   (*after) (SpaStore *store, GError **error);
} SpaMigration;

const SpaMigration *spa_migrations_get       (guint *n_migrations);
const char         *spa_default_service_id   (guint  index);

/* The spa's money (spa-migrations-money.c). */
#define SPA_TAX_RATE_GST_ID "7a8e5000-0000-4000-8000-000000000001"
#define SPA_TAX_RATE_PST_ID "7a8e5000-0000-4000-8000-000000000002"
extern const char spa_migration_20_sql[];
gboolean spa_migration_20_seed (SpaStore  *store,
                                GError   **error);
extern const char spa_migration_21_sql[];

/* What the spa server sends and publishes (spa-migrations-mail.c). */
extern const char spa_migration_40_sql[];
extern const char spa_migration_41_sql[];

/* Treatment plans (spa-migrations-plans.c). */
extern const char spa_migration_42_sql[];
extern const char spa_migration_43_sql[];
extern const char spa_migration_44_sql[];

/* Client imports and their undo (spa-migrations-import.c). */
extern const char spa_migration_50_sql[];

/* A chain's locations (spa-migrations-locations.c). */
extern const char spa_migration_60_sql[];
gboolean spa_migration_60_seed (SpaStore  *store,
                                GError   **error);

/* When a cancelled booking was cancelled, if its history's last entry says so (NULL
 * otherwise): an expression of migration 30's booking_report index, which the reports'
 * scan must write exactly so for SQLite to read it from the index. Never change it:
 * the index holds it as migration 30 wrote it. */
#define SPA_REPORT_CANCELLED_AT \
  "CASE WHEN status = 'cancelled' AND json_valid (status_history)" \
  " AND json_extract (status_history, '$[#-1].status') = 'cancelled'" \
  " THEN json_extract (status_history, '$[#-1].at') END"

G_END_DECLS
