/* spa-wrap-box.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SPA_TYPE_WRAP_BOX (spa_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (SpaWrapBox, spa_wrap_box, SPA, WRAP_BOX, GtkWidget)

GtkWidget *spa_wrap_box_new    (void);
void       spa_wrap_box_append (SpaWrapBox *self,
                                GtkWidget  *child);
void       spa_wrap_box_remove_all (SpaWrapBox *self);

G_END_DECLS
