/* spa-plan-dialog.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_PLAN_DIALOG (spa_plan_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SpaPlanDialog, spa_plan_dialog, SPA, PLAN_DIALOG, AdwWindow)

SpaPlanDialog *spa_plan_dialog_new           (SpaContext    *context,
                                              SpaRecord     *booking);
guint          spa_plan_dialog_get_n_clashes (SpaPlanDialog *self);
guint          spa_plan_dialog_get_n_visits  (SpaPlanDialog *self);

G_END_DECLS
