/* spa-note-editor-private.h: what the tests look at inside a SpaNoteEditor
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-note-draft.h"
#include "spa-note-editor.h"

G_BEGIN_DECLS

GtkTextView  *spa_note_editor_get_text_view    (SpaNoteEditor *self,
                                                const char    *field);
GtkToggleButton *spa_note_editor_get_technique (SpaNoteEditor *self,
                                                const char    *code);
SpaBodyMap   *spa_note_editor_get_body_map     (SpaNoteEditor *self);
AdwComboRow  *spa_note_editor_get_combo        (SpaNoteEditor *self,
                                                const char    *field);
const char   *spa_note_editor_get_error        (SpaNoteEditor *self);
guint         spa_note_editor_get_n_amendments (SpaNoteEditor *self);
SpaNoteDraft *spa_note_editor_get_draft        (SpaNoteEditor *self);

G_END_DECLS
