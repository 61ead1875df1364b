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

G_END_DECLS
