/* spa-preferences-window-private.h: what the tests look at inside a SpaPreferencesWindow
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-preferences-window.h"

G_BEGIN_DECLS

const char           *spa_preferences_window_get_error  (SpaPreferencesWindow *self);

G_END_DECLS
