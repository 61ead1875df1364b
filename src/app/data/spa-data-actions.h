/* spa-data-actions.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void       spa_data_actions_install        (GtkWidgetClass *window_class);
GtkWidget *spa_data_actions_import_clients (GtkWidget      *window);

G_END_DECLS
