/* spa-client-row.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-core.h"

G_BEGIN_DECLS

#define SPA_TYPE_CLIENT_ROW (spa_client_row_get_type ())

G_DECLARE_FINAL_TYPE (SpaClientRow, spa_client_row, SPA, CLIENT_ROW, GtkWidget)

GtkWidget *spa_client_row_new        (void);
void       spa_client_row_set_client (SpaClientRow *self,
                                      SpaRecord    *client);

G_END_DECLS
