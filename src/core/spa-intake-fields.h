/* spa-intake-fields.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"

G_BEGIN_DECLS

/* A client's intake form: the entity and its field names as the store, the outbox and
 * the wire spell them (the fields are declared in spa-intake.c), and typed readers. */

#define SPA_INTAKE_ENTITY          "intake"
#define SPA_INTAKE_CLIENT_ID       "client_id"
#define SPA_INTAKE_COMPLETED_AT    "completed_at"
#define SPA_INTAKE_REASON          "reason"
#define SPA_INTAKE_GOALS           "goals"
#define SPA_INTAKE_PAIN_AREAS      "pain_areas"
#define SPA_INTAKE_AVOID_AREAS     "avoid_areas"
#define SPA_INTAKE_PRESSURE        "pressure"
#define SPA_INTAKE_CONDITIONS      "conditions"
#define SPA_INTAKE_PREGNANCY_WEEKS "pregnancy_weeks"
#define SPA_INTAKE_RECENT_INJURY   "recent_injury"
#define SPA_INTAKE_MEDICATIONS     "medications"
#define SPA_INTAKE_ALLERGIES       "allergies"
#define SPA_INTAKE_CONSENT_NAME    "consent_name"
#define SPA_INTAKE_CONSENT_AT      "consent_at"
#define SPA_INTAKE_FILLED_BY       "filled_by"

static inline const char *
spa_intake_get_client_id (SpaRecord *intake)
{
  return spa_record_get_string (intake, SPA_INTAKE_CLIENT_ID);
}

static inline const char *
spa_intake_get_completed_at (SpaRecord *intake)
{
  return spa_record_get_string (intake, SPA_INTAKE_COMPLETED_AT);
}

static inline const char *
spa_intake_get_reason (SpaRecord *intake)
{
  return spa_record_get_string (intake, SPA_INTAKE_REASON);
}

static inline const char *
spa_intake_get_goals (SpaRecord *intake)
{
  return spa_record_get_string (intake, SPA_INTAKE_GOALS);
}

static inline const char *
spa_intake_get_pressure (SpaRecord *intake)
{
  return spa_record_get_string (intake, SPA_INTAKE_PRESSURE);
}

static inline gint64
spa_intake_get_pregnancy_weeks (SpaRecord *intake,
                               gint64     fallback)
{
  return spa_record_get_int (intake, SPA_INTAKE_PREGNANCY_WEEKS, fallback);
}

static inline const char *
spa_intake_get_recent_injury (SpaRecord *intake)
{
  return spa_record_get_string (intake, SPA_INTAKE_RECENT_INJURY);
}

static inline const char *
spa_intake_get_medications (SpaRecord *intake)
{
  return spa_record_get_string (intake, SPA_INTAKE_MEDICATIONS);
}

static inline const char *
spa_intake_get_allergies (SpaRecord *intake)
{
  return spa_record_get_string (intake, SPA_INTAKE_ALLERGIES);
}

static inline const char *
spa_intake_get_consent_name (SpaRecord *intake)
{
  return spa_record_get_string (intake, SPA_INTAKE_CONSENT_NAME);
}

static inline const char *
spa_intake_get_consent_at (SpaRecord *intake)
{
  return spa_record_get_string (intake, SPA_INTAKE_CONSENT_AT);
}

static inline const char *
spa_intake_get_filled_by (SpaRecord *intake)
{
  return spa_record_get_string (intake, SPA_INTAKE_FILLED_BY);
}

static inline JsonNode *
spa_intake_get_pain_areas (SpaRecord *intake)
{
  return spa_record_get_json (intake, SPA_INTAKE_PAIN_AREAS);
}

static inline JsonNode *
spa_intake_get_avoid_areas (SpaRecord *intake)
{
  return spa_record_get_json (intake, SPA_INTAKE_AVOID_AREAS);
}

static inline JsonNode *
spa_intake_get_conditions (SpaRecord *intake)
{
  return spa_record_get_json (intake, SPA_INTAKE_CONDITIONS);
}

G_END_DECLS
