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
gboolean spa_test_focus_by_keys (GtkWidget  *target,
                                 const char *key,
                                 guint       limit);
void     spa_test_type      (GtkWidget  *widget,
                             const char *text);
void     spa_test_replace_text (gpointer    editable,
                                const char *text);
void     spa_test_click     (GtkWidget  *widget,
                             double      x,
                             double      y);
void     spa_test_choose    (GtkWidget  *list,
                             const char *item);
void     spa_test_drag      (GtkWidget  *from,
                             double      from_x,
                             double      from_y,
                             GtkWidget  *to,
                             double      to_x,
                             double      to_y);

G_END_DECLS
