/* spa-intake-draft.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-intake-draft"

#include "config.h"

#include "spa-clinical.h"
#include "spa-intake-draft.h"
#include "spa-validate.h"

/*
 * An intake being filled in with the client: saved by the draft's autosave until it
 * is completed, which records the consent and makes it read-only (a later visit
 * starts a new intake). The consent is asked for only on completion, so the answers
 * are checked without it while the form is filled in.
 */

struct _SpaIntakeDraft
{
  SpaRecordDraft parent_instance;
};

G_DEFINE_FINAL_TYPE (SpaIntakeDraft, spa_intake_draft, SPA_TYPE_RECORD_DRAFT)

static gboolean
spa_intake_draft_is_read_only (SpaRecordDraft *draft)
{
  return spa_record_has_value (spa_record_draft_get_record (draft), "completed_at");
}

static void
spa_intake_draft_class_init (SpaIntakeDraftClass *klass)
{
  SpaRecordDraftClass *draft_class = SPA_RECORD_DRAFT_CLASS (klass);

  draft_class->is_read_only = spa_intake_draft_is_read_only;
}

static void
spa_intake_draft_init (SpaIntakeDraft *self)
{
}

SpaIntakeDraft *
spa_intake_draft_new (SpaStore *store)
{
  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  return g_object_new (SPA_TYPE_INTAKE_DRAFT, "store", store, NULL);
}

/**
 * spa_intake_draft_check_answers:
 *
 * The problems of the answers as they stand, without the consent (only asked for on
 * completion): what the form shows while it is filled in.
 *
 * Returns: (transfer full): field → translated message
 */
GHashTable *
spa_intake_draft_check_answers (SpaIntakeDraft *self)
{
  SpaRecordDraft *draft = SPA_RECORD_DRAFT (self);
  GHashTable *errors;

  g_return_val_if_fail (SPA_IS_INTAKE_DRAFT (self), NULL);
  g_return_val_if_fail (spa_record_draft_get_record (draft) != NULL, NULL);

  errors = spa_validate_collect_errors (spa_record_draft_get_store (draft),
                                        spa_record_draft_get_record (draft));
  g_hash_table_remove (errors, "consent_name");
  return errors;
}

/**
 * spa_intake_draft_check_consent:
 *
 * Whether the consent is in the client's own name (spa_clinical_check_consent()).
 */
gboolean
spa_intake_draft_check_consent (SpaIntakeDraft *self,
                                GError        **error)
{
  SpaRecordDraft *draft = SPA_RECORD_DRAFT (self);

  g_return_val_if_fail (SPA_IS_INTAKE_DRAFT (self), FALSE);
  return spa_clinical_check_consent (spa_record_draft_get_store (draft),
                                     spa_record_draft_get_record (draft), error);
}

/**
 * spa_intake_draft_complete:
 *
 * Completes the intake as it stands (spa_clinical_complete_intake()): it becomes the
 * client's current intake and read-only.
 */
gboolean
spa_intake_draft_complete (SpaIntakeDraft *self,
                           GError        **error)
{
  SpaRecordDraft *draft = SPA_RECORD_DRAFT (self);

  g_return_val_if_fail (SPA_IS_INTAKE_DRAFT (self), FALSE);
  g_return_val_if_fail (!spa_record_draft_is_read_only (draft), FALSE);

  if (!spa_clinical_complete_intake (spa_record_draft_get_store (draft),
                                     spa_record_draft_get_record (draft), error))
    return FALSE;
  spa_record_draft_settle (draft);
  return TRUE;
}
