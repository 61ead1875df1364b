/* spa-preferences-window.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_PREFERENCES_WINDOW (spa_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SpaPreferencesWindow, spa_preferences_window, SPA, PREFERENCES_WINDOW, AdwPreferencesWindow)

SpaPreferencesWindow *spa_preferences_window_new        (SpaContext           *context);
void                  spa_preferences_window_sign_in    (SpaPreferencesWindow *self,
                                                         const char           *url,
                                                         const char           *token);

G_END_DECLS
