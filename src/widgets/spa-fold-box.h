/* spa-fold-box.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SPA_TYPE_FOLD_BOX (spa_fold_box_get_type ())

G_DECLARE_FINAL_TYPE (SpaFoldBox, spa_fold_box, SPA, FOLD_BOX, GtkWidget)

GtkWidget *spa_fold_box_new (void);

G_END_DECLS
