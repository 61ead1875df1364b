/* spa-note-draft.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-note-draft"

#include "config.h"

#include "spa-clinical.h"
#include "spa-error.h"
#include "spa-note-draft.h"

/*
 * A session note being written: saved by the draft's autosave until it is signed.
 * The store is what keeps a signed note unchanged: a change that reaches a signed
 * note anyway, or a note signed elsewhere meanwhile (another desk, a sync), is
 * refused on save, and the signed note is put back in place of the draft so the form
 * shows the record as it is.
 */

struct _SpaNoteDraft
{
  SpaRecordDraft parent_instance;
};

G_DEFINE_FINAL_TYPE (SpaNoteDraft, spa_note_draft, SPA_TYPE_RECORD_DRAFT)

static void
spa_note_draft_save_failed (SpaRecordDraft *draft,
                            const GError   *error)
{
  if (g_error_matches (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED))
    spa_record_draft_reload (draft);
}

static void
spa_note_draft_class_init (SpaNoteDraftClass *klass)
{
  SpaRecordDraftClass *draft_class = SPA_RECORD_DRAFT_CLASS (klass);

  draft_class->save_failed = spa_note_draft_save_failed;
}

static void
spa_note_draft_init (SpaNoteDraft *self)
{
}

SpaNoteDraft *
spa_note_draft_new (SpaStore *store)
{
  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  return g_object_new (SPA_TYPE_NOTE_DRAFT, "store", store, NULL);
}

/**
 * spa_note_draft_sign:
 * @account: (nullable): the signed-in account, who typed @pin again
 * @pin: (nullable): with @account
 * @signed_by: (nullable): without an account (sign-in off), who signs
 *
 * Signs the note as it stands (spa_clinical_sign_note_as() or
 * spa_clinical_sign_note()); pending changes are part of what is signed.
 */
gboolean
spa_note_draft_sign (SpaNoteDraft *self,
                     SpaAccount   *account,
                     const char   *pin,
                     const char   *signed_by,
                     GError      **error)
{
  SpaRecordDraft *draft = SPA_RECORD_DRAFT (self);
  SpaRecord *note = spa_record_draft_get_record (draft);
  SpaStore *store = spa_record_draft_get_store (draft);
  gboolean ok;

  g_return_val_if_fail (SPA_IS_NOTE_DRAFT (self), FALSE);
  g_return_val_if_fail (note != NULL, FALSE);

  if (pin != NULL && account != NULL)
    ok = spa_clinical_sign_note_as (store, note, account, pin, error);
  else
    ok = spa_clinical_sign_note (store, note, signed_by, error);
  if (ok)
    spa_record_draft_settle (draft);
  return ok;
}
