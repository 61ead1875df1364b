/* spa-intake-draft.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record-draft.h"

G_BEGIN_DECLS

#define SPA_TYPE_INTAKE_DRAFT (spa_intake_draft_get_type ())

G_DECLARE_FINAL_TYPE (SpaIntakeDraft, spa_intake_draft, SPA, INTAKE_DRAFT, SpaRecordDraft)

SpaIntakeDraft *spa_intake_draft_new            (SpaStore       *store);
GHashTable     *spa_intake_draft_check_answers  (SpaIntakeDraft *self);
gboolean        spa_intake_draft_check_consent  (SpaIntakeDraft *self,
                                                 GError        **error);
gboolean        spa_intake_draft_complete       (SpaIntakeDraft *self,
                                                 GError        **error);

G_END_DECLS
