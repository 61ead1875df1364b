/* spa-intake-editor-private.h: what the tests look at inside a SpaIntakeEditor
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-intake-draft.h"
#include "spa-intake-editor.h"

G_BEGIN_DECLS

SpaBodyMap   *spa_intake_editor_get_body_map    (SpaIntakeEditor *self);
GtkEditable  *spa_intake_editor_get_field       (SpaIntakeEditor *self,
                                                 const char      *field);
GtkCheckButton *spa_intake_editor_get_condition (SpaIntakeEditor *self,
                                                 const char      *code);
GtkToggleButton *spa_intake_editor_get_pressure (SpaIntakeEditor *self,
                                                 const char      *code);
GtkSpinButton *spa_intake_editor_get_pregnancy_weeks (SpaIntakeEditor *self);
const char   *spa_intake_editor_get_error       (SpaIntakeEditor *self,
                                                 const char      *field);
SpaIntakeDraft *spa_intake_editor_get_draft     (SpaIntakeEditor *self);

G_END_DECLS
