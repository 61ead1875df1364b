/* spa-lock-screen-private.h: what the tests look at inside a SpaLockScreen
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-lock-screen.h"

G_BEGIN_DECLS

const char *spa_lock_screen_get_error      (SpaLockScreen *self);
GtkEditable *spa_lock_screen_get_pin_field (SpaLockScreen *self);

G_END_DECLS
