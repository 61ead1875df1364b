/* spa-test-ui-util.h: helpers for the UI tests
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwMessageDialog *spa_test_find_message_dialog (void);
GtkWidget        *spa_test_find_message_button (const char *label);

G_END_DECLS
