/* spa-note-draft.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-account.h"
#include "spa-record-draft.h"

G_BEGIN_DECLS

#define SPA_TYPE_NOTE_DRAFT (spa_note_draft_get_type ())

G_DECLARE_FINAL_TYPE (SpaNoteDraft, spa_note_draft, SPA, NOTE_DRAFT, SpaRecordDraft)

SpaNoteDraft *spa_note_draft_new   (SpaStore     *store);
gboolean      spa_note_draft_sign  (SpaNoteDraft *self,
                                    SpaAccount   *account,
                                    const char   *pin,
                                    const char   *signed_by,
                                    GError      **error);

G_END_DECLS
