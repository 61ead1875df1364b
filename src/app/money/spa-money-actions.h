/* spa-money-actions.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void       spa_money_actions_install  (GtkWidgetClass *window_class);
GtkWidget *spa_money_actions_checkout (GtkWidget      *window,
                                       const char     *booking_id);

G_END_DECLS
