/* spa-lock-screen.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_LOCK_SCREEN (spa_lock_screen_get_type ())

G_DECLARE_FINAL_TYPE (SpaLockScreen, spa_lock_screen, SPA, LOCK_SCREEN, AdwBin)

GtkWidget  *spa_lock_screen_new            (SpaContext *context);
void        spa_lock_screen_reset          (SpaLockScreen *self,
                                            SpaAccount    *current);
void        spa_lock_screen_choose         (SpaLockScreen *self,
                                            guint          index);
SpaAccount *spa_lock_screen_get_chosen     (SpaLockScreen *self);

G_END_DECLS
