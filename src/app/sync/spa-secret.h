/* spa-secret.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void      spa_secret_lookup_token_async  (const char           *server_url,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
char     *spa_secret_lookup_token_finish (GAsyncResult         *result,
                                          GError              **error);
void      spa_secret_store_token_async   (const char           *server_url,
                                          const char           *token,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean  spa_secret_store_token_finish  (GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
