/* spa-note-editor.h
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

#define SPA_TYPE_NOTE_EDITOR (spa_note_editor_get_type ())

G_DECLARE_FINAL_TYPE (SpaNoteEditor, spa_note_editor, SPA, NOTE_EDITOR, GtkWidget)

void          spa_note_editor_set_context      (SpaNoteEditor *self,
                                                SpaContext    *context);
void          spa_note_editor_set_note         (SpaNoteEditor *self,
                                                SpaRecord     *note);
SpaRecord    *spa_note_editor_get_note         (SpaNoteEditor *self);
gboolean      spa_note_editor_flush            (SpaNoteEditor *self);
void          spa_note_editor_scroll_to_amendments (SpaNoteEditor *self);
gboolean      spa_note_editor_add_amendment    (SpaNoteEditor *self,
                                                const char    *author,
                                                const char    *text,
                                                GError       **error);


G_END_DECLS
