/* spa-takings-window.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_TAKINGS_WINDOW (spa_takings_window_get_type ())

G_DECLARE_FINAL_TYPE (SpaTakingsWindow, spa_takings_window, SPA, TAKINGS_WINDOW, AdwWindow)

SpaTakingsWindow *spa_takings_window_new           (SpaContext     *context);
void              spa_takings_window_install_action (GtkWidgetClass *window_class);
void              spa_takings_window_follow_account (GtkWidget      *window,
                                                     SpaContext     *context);

G_END_DECLS
