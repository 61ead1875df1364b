/* spa-sync-pull.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "spa-store.h"

G_BEGIN_DECLS

void     spa_sync_pull_async  (SpaStore             *store,
                               const char           *base_url,
                               const char           *token,
                               guint                 limit,
                               guint                 timeout,
                               guint                 deadline,
                               guint                 max_pages,
                               gboolean              whole,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data);
gboolean spa_sync_pull_finish (GAsyncResult         *result,
                               gboolean             *gone,
                               guint                *pages,
                               GError              **error);

G_END_DECLS
