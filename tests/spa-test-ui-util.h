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
GtkWidget        *spa_test_find_labelled       (GtkWidget  *root,
                                                GType       type,
                                                const char *text);
GtkWidget        *spa_test_find_action_widget  (GtkWidget  *root,
                                                const char *action_name);
void              spa_test_show_view           (GtkWidget  *window,
                                                const char *title);
GtkWidget        *spa_test_find_widget         (GtkWidget  *root,
                                                GType       type);

G_END_DECLS
