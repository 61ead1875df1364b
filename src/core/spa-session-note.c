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
#include "spa-error.h"
#include "spa-store.h"
#include "spa-util.h"
#include "spa-validate.h"
#include "spa-vocab.h"

static const SpaFieldInfo session_note_fields[] = {
  { "client_id", SPA_FIELD_TEXT, N_("Client") },
  { "booking_id", SPA_FIELD_TEXT, N_("Booking") },
  { "therapist_id", SPA_FIELD_TEXT, N_("Therapist") },
  { "session_date", SPA_FIELD_TEXT, N_("Session date") },
  { "duration_min", SPA_FIELD_INTEGER, N_("Duration") },
  { "subjective", SPA_FIELD_TEXT, N_("Subjective") },
  { "objective", SPA_FIELD_TEXT, N_("Objective") },
  { "assessment", SPA_FIELD_TEXT, N_("Assessment") },
  { "plan", SPA_FIELD_TEXT, N_("Plan") },
  { "techniques", SPA_FIELD_JSON, N_("Techniques") },
  { "pressure", SPA_FIELD_TEXT, N_("Pressure") },
  { "areas_treated", SPA_FIELD_JSON, N_("Areas treated") },
  { "pain_before", SPA_FIELD_INTEGER, N_("Pain before") },
  { "pain_after", SPA_FIELD_INTEGER, N_("Pain after") },
  { "home_care", SPA_FIELD_TEXT, N_("Home care advice") },
  { "signed_at", SPA_FIELD_TEXT, N_("Signed") },
  { "signed_by", SPA_FIELD_TEXT, N_("Signed by") },
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
