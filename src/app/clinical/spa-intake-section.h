/* spa-intake-section.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-client-section.h"

#include "spa-context.h"
#include "spa-intake-editor.h"

G_BEGIN_DECLS

#define SPA_TYPE_INTAKE_SECTION (spa_intake_section_get_type ())

G_DECLARE_FINAL_TYPE (SpaIntakeSection, spa_intake_section, SPA, INTAKE_SECTION, GtkWidget)

SpaIntakeEditor *spa_intake_section_get_editor  (SpaIntakeSection *self);
void             spa_intake_section_new_intake  (SpaIntakeSection *self);

G_END_DECLS
