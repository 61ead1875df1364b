/* spa-widget-util.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void     spa_widget_unparent_children (GtkWidget   *widget);
gboolean spa_widget_save_png          (GtkWidget   *widget,
                                       const char  *path,
                                       GError     **error);
void     spa_widget_ask_discard       (GtkWindow   *form,
                                       const char  *heading,
                                       const char  *body);
void     spa_list_box_remove_all      (GtkListBox  *list);

G_END_DECLS
