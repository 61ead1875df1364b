/* spa-today-page-private.h: what the tests look at inside a SpaTodayPage
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-today-page.h"

G_BEGIN_DECLS

GtkWidget  *spa_today_page_get_checkout_button (SpaTodayPage *self,
                                                const char   *booking_id);
GtkWidget  *spa_today_page_get_check_in_button (SpaTodayPage *self,
                                          const char   *booking_id);

G_END_DECLS
