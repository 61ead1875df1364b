/* spa-widget-util.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     spa_widget_unparent_children (GtkWidget   *widget);
gboolean spa_widget_save_png          (GtkWidget   *widget,
                                       const char  *path,
                                       GError     **error);

G_END_DECLS
