/* spa-conflicts-window.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_CONFLICTS_WINDOW (spa_conflicts_window_get_type ())

G_DECLARE_FINAL_TYPE (SpaConflictsWindow, spa_conflicts_window, SPA, CONFLICTS_WINDOW, AdwWindow)

SpaConflictsWindow *spa_conflicts_window_new     (SpaContext         *context);
void                spa_conflicts_window_refresh (SpaConflictsWindow *self);
guint               spa_conflicts_window_get_n_conflicts (SpaConflictsWindow *self);
gboolean            spa_conflicts_window_resolve (SpaConflictsWindow *self,
                                                  guint               index,
                                                  gboolean            keep_mine);

G_END_DECLS
