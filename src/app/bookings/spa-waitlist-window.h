/* spa-waitlist-window.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_WAITLIST_WINDOW (spa_waitlist_window_get_type ())

G_DECLARE_FINAL_TYPE (SpaWaitlistWindow, spa_waitlist_window, SPA, WAITLIST_WINDOW, AdwWindow)

SpaWaitlistWindow *spa_waitlist_window_new            (SpaContext     *context);
void               spa_waitlist_window_install_action (GtkWidgetClass *window_class);

G_END_DECLS
