/* spa-session-note.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-session-note"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-entity.h"
#include "spa-store.h"
#include "spa-validate.h"

static const SpaFieldInfo session_note_fields[] = {
  { "client_id", SPA_FIELD_TEXT },
  { "booking_id", SPA_FIELD_TEXT },
  { "therapist_id", SPA_FIELD_TEXT },
  { "session_date", SPA_FIELD_TEXT },
  { "duration_min", SPA_FIELD_INTEGER },
  { "subjective", SPA_FIELD_TEXT },
  { "objective", SPA_FIELD_TEXT },
  { "assessment", SPA_FIELD_TEXT },
  { "plan", SPA_FIELD_TEXT },
  { "techniques", SPA_FIELD_JSON },
  { "pressure", SPA_FIELD_TEXT },
  { "areas_treated", SPA_FIELD_JSON },
  { "pain_before", SPA_FIELD_INTEGER },
  { "pain_after", SPA_FIELD_INTEGER },
  { "home_care", SPA_FIELD_TEXT },
  { "signed_at", SPA_FIELD_TEXT },
  { "signed_by", SPA_FIELD_TEXT },
};

static gboolean
validate_session_note (SpaStore   *store,
                       SpaRecord  *note,
                       GError    **error)
{
  return spa_validate_reference (store, note, "client_id", "client", TRUE, error) &&
         spa_validate_reference (store, note, "booking_id", "booking", FALSE, error) &&
         spa_validate_reference (store, note, "therapist_id", "therapist", FALSE, error) &&
         spa_validate_date (note, "session_date", TRUE, error) &&
         spa_validate_int_range (note, "pain_before", 0, 10,
                                 _("Pain is rated from 0 to 10."), error) &&
         spa_validate_int_range (note, "pain_after", 0, 10,
                                 _("Pain is rated from 0 to 10."), error);
}

const SpaEntityInfo spa_session_note_entity = {
  .name = "session_note",
  .fields = session_note_fields,
  .n_fields = G_N_ELEMENTS (session_note_fields),
  .validate = validate_session_note,
  .undeletable = TRUE,
};
