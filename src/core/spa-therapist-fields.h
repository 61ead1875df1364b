/* spa-therapist-fields.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"

G_BEGIN_DECLS

/* A therapist: the entity and its field names as the store, the outbox and the wire
 * spell them (the fields are declared in spa-therapist.c), and typed readers. */

#define SPA_THERAPIST_ENTITY              "therapist"
#define SPA_THERAPIST_NAME                "name"
#define SPA_THERAPIST_EMAIL               "email"
#define SPA_THERAPIST_PHONE               "phone"
#define SPA_THERAPIST_CREDENTIALS         "credentials"
#define SPA_THERAPIST_REGISTRATION_NUMBER "registration_number"
#define SPA_THERAPIST_SERVICE_IDS         "service_ids"
#define SPA_THERAPIST_COLOR               "color"
#define SPA_THERAPIST_WORKING_HOURS       "working_hours"
#define SPA_THERAPIST_ACTIVE              "active"
#define SPA_THERAPIST_ONLINE              "online"
#define SPA_THERAPIST_BIO                 "bio"
#define SPA_THERAPIST_LOCATION_ID         "location_id"
/* Hours at the chain's other locations: location id → hours as working_hours (which are
 * the hours at location_id). */
#define SPA_THERAPIST_LOCATION_HOURS      "location_hours"

static inline const char *
spa_therapist_get_name (SpaRecord *therapist)
{
  return spa_record_get_string (therapist, SPA_THERAPIST_NAME);
}

static inline const char *
spa_therapist_get_email (SpaRecord *therapist)
{
  return spa_record_get_string (therapist, SPA_THERAPIST_EMAIL);
}

static inline const char *
spa_therapist_get_phone (SpaRecord *therapist)
{
  return spa_record_get_string (therapist, SPA_THERAPIST_PHONE);
}

static inline const char *
spa_therapist_get_credentials (SpaRecord *therapist)
{
  return spa_record_get_string (therapist, SPA_THERAPIST_CREDENTIALS);
}

static inline const char *
spa_therapist_get_color (SpaRecord *therapist)
{
  return spa_record_get_string (therapist, SPA_THERAPIST_COLOR);
}

static inline const char *
spa_therapist_get_registration_number (SpaRecord *therapist)
{
  return spa_record_get_string (therapist, SPA_THERAPIST_REGISTRATION_NUMBER);
}

static inline gboolean
spa_therapist_get_active (SpaRecord *therapist)
{
  return spa_record_get_boolean (therapist, SPA_THERAPIST_ACTIVE);
}

static inline gboolean
spa_therapist_get_online (SpaRecord *therapist)
{
  return spa_record_get_boolean (therapist, SPA_THERAPIST_ONLINE);
}

static inline const char *
spa_therapist_get_bio (SpaRecord *therapist)
{
  return spa_record_get_string (therapist, SPA_THERAPIST_BIO);
}

static inline JsonNode *
spa_therapist_get_service_ids (SpaRecord *therapist)
{
  return spa_record_get_json (therapist, SPA_THERAPIST_SERVICE_IDS);
}

static inline JsonNode *
spa_therapist_get_location_hours (SpaRecord *therapist)
{
  return spa_record_get_json (therapist, SPA_THERAPIST_LOCATION_HOURS);
}

static inline JsonNode *
spa_therapist_get_working_hours (SpaRecord *therapist)
{
  return spa_record_get_json (therapist, SPA_THERAPIST_WORKING_HOURS);
}

G_END_DECLS
