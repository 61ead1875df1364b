/* spa-intake.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-intake"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-entity.h"
#include "spa-store.h"
#include "spa-validate.h"

static const SpaFieldInfo intake_fields[] = {
  { "client_id", SPA_FIELD_TEXT },
  { "completed_at", SPA_FIELD_TEXT },
  { "reason", SPA_FIELD_TEXT },
  { "goals", SPA_FIELD_TEXT },
  { "pain_areas", SPA_FIELD_JSON },
  { "avoid_areas", SPA_FIELD_JSON },
  { "pressure", SPA_FIELD_TEXT },
  { "conditions", SPA_FIELD_JSON },
  { "pregnancy_weeks", SPA_FIELD_INTEGER },
  { "recent_injury", SPA_FIELD_TEXT },
  { "medications", SPA_FIELD_TEXT },
  { "allergies", SPA_FIELD_TEXT },
  { "consent_name", SPA_FIELD_TEXT },
  { "consent_at", SPA_FIELD_TEXT },
};

static const char * const pressures[] = { "light", "medium", "firm", "deep", NULL };

static gboolean
validate_intake (SpaStore   *store,
                 SpaRecord  *intake,
                 GError    **error)
{
  return spa_validate_reference (store, intake, "client_id", "client", TRUE, error) &&
         spa_validate_one_of (intake, "pressure", pressures, FALSE, error) &&
         spa_validate_int_range (intake, "pregnancy_weeks", 0, 45,
                                 _("Pregnancy weeks are from 0 to 45."), error) &&
         spa_validate_time (intake, "completed_at", FALSE, error) &&
         spa_validate_time (intake, "consent_at", FALSE, error);
}

const SpaEntityInfo spa_intake_entity = {
  .name = "intake",
  .fields = intake_fields,
  .n_fields = G_N_ELEMENTS (intake_fields),
  .validate = validate_intake,
};
