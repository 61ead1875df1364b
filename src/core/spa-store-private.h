/* spa-store-private.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-store.h"

G_BEGIN_DECLS

/* For the sync engine and the store's own helpers: writes without validation or outbox. */
gboolean spa_store_write_row     (SpaStore    *self,
                                  SpaRecord   *record,
                                  gboolean     only_changed,
                                  GError     **error);
gboolean spa_store_append_outbox (SpaStore    *self,
                                  const char  *entity,
                                  const char  *id,
                                  const char  *op,
                                  gint64       base_version,
                                  JsonObject  *fields,
                                  GError     **error);
gboolean spa_store_set_error     (SpaStore    *self,
                                  GError     **error);

G_END_DECLS
