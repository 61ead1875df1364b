/* spa-session-note-fields.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"

G_BEGIN_DECLS

/* A session note: the entity and its field names as the store, the outbox and the wire
 * spell them (the fields are declared in spa-session-note.c), and typed readers. */

#define SPA_SESSION_NOTE_ENTITY        "session_note"
#define SPA_SESSION_NOTE_CLIENT_ID     "client_id"
#define SPA_SESSION_NOTE_BOOKING_ID    "booking_id"
#define SPA_SESSION_NOTE_THERAPIST_ID  "therapist_id"
#define SPA_SESSION_NOTE_SESSION_DATE  "session_date"
#define SPA_SESSION_NOTE_DURATION_MIN  "duration_min"
#define SPA_SESSION_NOTE_SUBJECTIVE    "subjective"
#define SPA_SESSION_NOTE_OBJECTIVE     "objective"
#define SPA_SESSION_NOTE_ASSESSMENT    "assessment"
#define SPA_SESSION_NOTE_PLAN          "plan"
#define SPA_SESSION_NOTE_TECHNIQUES    "techniques"
#define SPA_SESSION_NOTE_PRESSURE      "pressure"
#define SPA_SESSION_NOTE_AREAS_TREATED "areas_treated"
#define SPA_SESSION_NOTE_PAIN_BEFORE   "pain_before"
#define SPA_SESSION_NOTE_PAIN_AFTER    "pain_after"
#define SPA_SESSION_NOTE_HOME_CARE     "home_care"
#define SPA_SESSION_NOTE_SIGNED_AT     "signed_at"
#define SPA_SESSION_NOTE_SIGNED_BY     "signed_by"
#define SPA_SESSION_NOTE_SIGNATURE     "signature"

static inline const char *
spa_session_note_get_client_id (SpaRecord *note)
{
  return spa_record_get_string (note, SPA_SESSION_NOTE_CLIENT_ID);
}

static inline const char *
spa_session_note_get_booking_id (SpaRecord *note)
{
  return spa_record_get_string (note, SPA_SESSION_NOTE_BOOKING_ID);
}

static inline const char *
spa_session_note_get_therapist_id (SpaRecord *note)
{
  return spa_record_get_string (note, SPA_SESSION_NOTE_THERAPIST_ID);
}

static inline const char *
spa_session_note_get_session_date (SpaRecord *note)
{
  return spa_record_get_string (note, SPA_SESSION_NOTE_SESSION_DATE);
}

static inline gint64
spa_session_note_get_duration_min (SpaRecord *note,
                                  gint64     fallback)
{
  return spa_record_get_int (note, SPA_SESSION_NOTE_DURATION_MIN, fallback);
}

static inline const char *
spa_session_note_get_subjective (SpaRecord *note)
{
  return spa_record_get_string (note, SPA_SESSION_NOTE_SUBJECTIVE);
}

static inline const char *
spa_session_note_get_objective (SpaRecord *note)
{
  return spa_record_get_string (note, SPA_SESSION_NOTE_OBJECTIVE);
}

static inline const char *
spa_session_note_get_assessment (SpaRecord *note)
{
  return spa_record_get_string (note, SPA_SESSION_NOTE_ASSESSMENT);
}

static inline const char *
spa_session_note_get_plan (SpaRecord *note)
{
  return spa_record_get_string (note, SPA_SESSION_NOTE_PLAN);
}

static inline const char *
spa_session_note_get_pressure (SpaRecord *note)
{
  return spa_record_get_string (note, SPA_SESSION_NOTE_PRESSURE);
}

static inline gint64
spa_session_note_get_pain_before (SpaRecord *note,
                                 gint64     fallback)
{
  return spa_record_get_int (note, SPA_SESSION_NOTE_PAIN_BEFORE, fallback);
}

static inline gint64
spa_session_note_get_pain_after (SpaRecord *note,
                                gint64     fallback)
{
  return spa_record_get_int (note, SPA_SESSION_NOTE_PAIN_AFTER, fallback);
}

static inline const char *
spa_session_note_get_home_care (SpaRecord *note)
{
  return spa_record_get_string (note, SPA_SESSION_NOTE_HOME_CARE);
}

static inline const char *
spa_session_note_get_signed_at (SpaRecord *note)
{
  return spa_record_get_string (note, SPA_SESSION_NOTE_SIGNED_AT);
}

static inline const char *
spa_session_note_get_signed_by (SpaRecord *note)
{
  return spa_record_get_string (note, SPA_SESSION_NOTE_SIGNED_BY);
}

static inline JsonNode *
spa_session_note_get_techniques (SpaRecord *note)
{
  return spa_record_get_json (note, SPA_SESSION_NOTE_TECHNIQUES);
}

static inline JsonNode *
spa_session_note_get_areas_treated (SpaRecord *note)
{
  return spa_record_get_json (note, SPA_SESSION_NOTE_AREAS_TREATED);
}

G_END_DECLS
