/* spa-online-page-private.h: what the UI tests reach of the online booking page
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-online-page.h"

G_BEGIN_DECLS

GtkWidget *spa_online_page_get_row         (SpaOnlinePage *self,
                                            const char    *field);

G_END_DECLS
