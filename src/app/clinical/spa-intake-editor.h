/* spa-intake-editor.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-body-map.h"
#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_INTAKE_EDITOR (spa_intake_editor_get_type ())

G_DECLARE_FINAL_TYPE (SpaIntakeEditor, spa_intake_editor, SPA, INTAKE_EDITOR, GtkWidget)

void          spa_intake_editor_set_context     (SpaIntakeEditor *self,
                                                 SpaContext      *context);
void          spa_intake_editor_set_intake      (SpaIntakeEditor *self,
                                                 SpaRecord       *intake);
SpaRecord    *spa_intake_editor_get_intake      (SpaIntakeEditor *self);
gboolean      spa_intake_editor_flush           (SpaIntakeEditor *self);
gboolean      spa_intake_editor_is_read_only    (SpaIntakeEditor *self);


G_END_DECLS
