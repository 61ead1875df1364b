/* spa-intake-section.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"
#include "spa-intake-editor.h"

G_BEGIN_DECLS

#define SPA_TYPE_INTAKE_SECTION (spa_intake_section_get_type ())

G_DECLARE_FINAL_TYPE (SpaIntakeSection, spa_intake_section, SPA, INTAKE_SECTION, GtkWidget)

void             spa_intake_section_set_context (SpaIntakeSection *self,
                                                 SpaContext       *context);
void             spa_intake_section_set_client  (SpaIntakeSection *self,
                                                 SpaRecord        *client);
SpaIntakeEditor *spa_intake_section_get_editor  (SpaIntakeSection *self);
void             spa_intake_section_new_intake  (SpaIntakeSection *self);

G_END_DECLS
