/* spa-session-note.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-session-note"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-session-note-fields.h"
#include "spa-entity.h"
#include "spa-error.h"
#include "spa-store.h"
#include "spa-util.h"
#include "spa-validate.h"
#include "spa-vocab.h"

static const SpaFieldInfo session_note_fields[] = {
  { SPA_SESSION_NOTE_CLIENT_ID, SPA_FIELD_TEXT, N_("Client") },
  { SPA_SESSION_NOTE_BOOKING_ID, SPA_FIELD_TEXT, N_("Booking") },
  { SPA_SESSION_NOTE_THERAPIST_ID, SPA_FIELD_TEXT, N_("Therapist") },
  { SPA_SESSION_NOTE_SESSION_DATE, SPA_FIELD_TEXT, N_("Session date") },
  { SPA_SESSION_NOTE_DURATION_MIN, SPA_FIELD_INTEGER, N_("Duration") },
  { SPA_SESSION_NOTE_SUBJECTIVE, SPA_FIELD_TEXT, N_("Subjective") },
  { SPA_SESSION_NOTE_OBJECTIVE, SPA_FIELD_TEXT, N_("Objective") },
  { SPA_SESSION_NOTE_ASSESSMENT, SPA_FIELD_TEXT, N_("Assessment") },
  { SPA_SESSION_NOTE_PLAN, SPA_FIELD_TEXT, N_("Plan") },
  { SPA_SESSION_NOTE_TECHNIQUES, SPA_FIELD_JSON, N_("Techniques") },
  { SPA_SESSION_NOTE_PRESSURE, SPA_FIELD_TEXT, N_("Pressure") },
  { SPA_SESSION_NOTE_AREAS_TREATED, SPA_FIELD_JSON, N_("Areas treated") },
  { SPA_SESSION_NOTE_PAIN_BEFORE, SPA_FIELD_INTEGER, N_("Pain before") },
  { SPA_SESSION_NOTE_PAIN_AFTER, SPA_FIELD_INTEGER, N_("Pain after") },
  { SPA_SESSION_NOTE_HOME_CARE, SPA_FIELD_TEXT, N_("Home care advice") },
  { SPA_SESSION_NOTE_SIGNED_AT, SPA_FIELD_TEXT, N_("Signed") },
  { SPA_SESSION_NOTE_SIGNED_BY, SPA_FIELD_TEXT, N_("Signed by") },
  { SPA_SESSION_NOTE_SIGNATURE, SPA_FIELD_TEXT, N_("Signature") },
};

static const char * const pressures[] = { "light", "medium", "firm", "deep", NULL };

static gboolean
is_region (const char *code)
{
  return spa_vocab_find_region (code) != NULL;
}

static gboolean
validate_signature (SpaRecord  *note,
                    GError    **error)
{
  if (spa_str_empty (spa_record_get_string (note, "signed_at")))
    return TRUE;

  return spa_validate_time (note, "signed_at", TRUE, error) &&
         spa_validate_required (note, "signed_by", _("Enter who signs the note."), error);
}

static gboolean
validate_session_note (SpaStore   *store,
                       SpaRecord  *note,
                       GError    **error)
{
  /* First, whatever else is wrong: a signed note is a closed clinical record. */
  return spa_validate_not_locked (store, note, "signed_at",
                                  _("This note is signed and can no longer be changed; add an "
                                    "amendment instead."), error) &&
         spa_validate_reference (store, note, "client_id", "client", TRUE, error) &&
         spa_validate_reference (store, note, "booking_id", "booking", FALSE, error) &&
         spa_validate_reference (store, note, "therapist_id", "therapist", FALSE, error) &&
         spa_validate_date (note, "session_date", TRUE, error) &&
         spa_validate_int_range (note, "pain_before", 0, 10,
                                 _("Pain is rated from 0 to 10."), error) &&
         spa_validate_int_range (note, "pain_after", 0, 10,
                                 _("Pain is rated from 0 to 10."), error) &&
         spa_validate_int_range (note, "duration_min", 1, 600,
                                 _("The duration is from 1 to 600 minutes."), error) &&
         spa_validate_one_of (note, "pressure", pressures, FALSE, error) &&
         spa_validate_codes (note, "techniques", spa_vocab_is_technique,
                             _("“%s” is not a known technique."), error) &&
         spa_validate_codes (note, "areas_treated", is_region,
                             _("“%s” is not a known body region."), error) &&
         validate_signature (note, error);
}

const SpaEntityInfo spa_session_note_entity = {
  .name = "session_note",
  .fields = session_note_fields,
  .n_fields = G_N_ELEMENTS (session_note_fields),
  .validate = validate_session_note,
  .undeletable = TRUE,
};
