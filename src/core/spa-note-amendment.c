/* spa-note-amendment.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-note-amendment"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-note-amendment-fields.h"
#include "spa-entity.h"
#include "spa-store.h"
#include "spa-validate.h"

static const SpaFieldInfo note_amendment_fields[] = {
  { SPA_NOTE_AMENDMENT_NOTE_ID, SPA_FIELD_TEXT, N_("Note") },
  { SPA_NOTE_AMENDMENT_AUTHOR, SPA_FIELD_TEXT, N_("Author") },
  { SPA_NOTE_AMENDMENT_TEXT, SPA_FIELD_TEXT, N_("Text") },
  { SPA_NOTE_AMENDMENT_SIGNATURE, SPA_FIELD_TEXT, N_("Signature") },
};

static gboolean
validate_note_amendment (SpaStore   *store,
                         SpaRecord  *amendment,
                         GError    **error)
{
  /* Insert-only: a written amendment is corrected by another amendment. */
  return spa_validate_not_locked (store, amendment, NULL,
                                  _("An amendment cannot be changed once written; add another "
                                    "one."), error) &&
         spa_validate_reference (store, amendment, "note_id", "session_note", TRUE, error) &&
         spa_validate_required (amendment, "author", _("Enter who makes the correction."), error) &&
         spa_validate_required (amendment, "text", _("Write the correction."), error);
}

const SpaEntityInfo spa_note_amendment_entity = {
  .name = "note_amendment",
  .fields = note_amendment_fields,
  .n_fields = G_N_ELEMENTS (note_amendment_fields),
  .validate = validate_note_amendment,
  .undeletable = TRUE,
};
