/* spa-sessions-section.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-client-section.h"

#include "spa-context.h"
#include "spa-note-editor.h"

G_BEGIN_DECLS

#define SPA_TYPE_SESSIONS_SECTION (spa_sessions_section_get_type ())

G_DECLARE_FINAL_TYPE (SpaSessionsSection, spa_sessions_section, SPA, SESSIONS_SECTION, GtkWidget)

gboolean       spa_sessions_section_new_note    (SpaSessionsSection *self,
                                                 const char         *booking_id,
                                                 GError            **error);
gboolean       spa_sessions_section_open_note   (SpaSessionsSection *self,
                                                 const char         *note_id);
void           spa_sessions_section_show_list   (SpaSessionsSection *self);
SpaNoteEditor *spa_sessions_section_get_editor  (SpaSessionsSection *self);
GtkListBox    *spa_sessions_section_get_list    (SpaSessionsSection *self);

G_END_DECLS
