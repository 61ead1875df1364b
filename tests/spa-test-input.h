/* spa-test-input.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     spa_test_send_keys (GtkWidget  *widget,
                             const char *keys);
gboolean spa_test_activate  (GtkWidget  *widget);

G_END_DECLS
