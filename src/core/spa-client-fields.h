/* spa-client-fields.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"

G_BEGIN_DECLS

/* A client of the spa: the entity and its field names as the store, the outbox and the
 * wire spell them (the fields are declared in spa-client.c), and typed readers. */

#define SPA_CLIENT_ENTITY                  "client"
#define SPA_CLIENT_FIRST_NAME              "first_name"
#define SPA_CLIENT_LAST_NAME               "last_name"
#define SPA_CLIENT_PREFERRED_NAME          "preferred_name"
#define SPA_CLIENT_PRONOUNS                "pronouns"
#define SPA_CLIENT_EMAIL                   "email"
#define SPA_CLIENT_PHONE                   "phone"
#define SPA_CLIENT_DATE_OF_BIRTH           "date_of_birth"
#define SPA_CLIENT_ADDRESS                 "address"
#define SPA_CLIENT_EMERGENCY_CONTACT_NAME  "emergency_contact_name"
#define SPA_CLIENT_EMERGENCY_CONTACT_PHONE "emergency_contact_phone"
#define SPA_CLIENT_ALLERGIES               "allergies"
#define SPA_CLIENT_MEDICATIONS             "medications"
#define SPA_CLIENT_CONDITIONS              "conditions"
#define SPA_CLIENT_NOTES                   "notes"
#define SPA_CLIENT_MARKETING_CONSENT       "marketing_consent"
#define SPA_CLIENT_ARCHIVED_AT             "archived_at"
#define SPA_CLIENT_REMINDER_OPT_IN         "reminder_opt_in"
#define SPA_CLIENT_LANGUAGE                "language"

static inline const char *
spa_client_get_first_name (SpaRecord *client)
{
  return spa_record_get_string (client, SPA_CLIENT_FIRST_NAME);
}

static inline const char *
spa_client_get_last_name (SpaRecord *client)
{
  return spa_record_get_string (client, SPA_CLIENT_LAST_NAME);
}

static inline const char *
spa_client_get_preferred_name (SpaRecord *client)
{
  return spa_record_get_string (client, SPA_CLIENT_PREFERRED_NAME);
}

static inline const char *
spa_client_get_pronouns (SpaRecord *client)
{
  return spa_record_get_string (client, SPA_CLIENT_PRONOUNS);
}

static inline const char *
spa_client_get_email (SpaRecord *client)
{
  return spa_record_get_string (client, SPA_CLIENT_EMAIL);
}

static inline const char *
spa_client_get_phone (SpaRecord *client)
{
  return spa_record_get_string (client, SPA_CLIENT_PHONE);
}

static inline const char *
spa_client_get_date_of_birth (SpaRecord *client)
{
  return spa_record_get_string (client, SPA_CLIENT_DATE_OF_BIRTH);
}

static inline const char *
spa_client_get_address (SpaRecord *client)
{
  return spa_record_get_string (client, SPA_CLIENT_ADDRESS);
}

static inline const char *
spa_client_get_emergency_contact_name (SpaRecord *client)
{
  return spa_record_get_string (client, SPA_CLIENT_EMERGENCY_CONTACT_NAME);
}

static inline const char *
spa_client_get_emergency_contact_phone (SpaRecord *client)
{
  return spa_record_get_string (client, SPA_CLIENT_EMERGENCY_CONTACT_PHONE);
}

static inline const char *
spa_client_get_allergies (SpaRecord *client)
{
  return spa_record_get_string (client, SPA_CLIENT_ALLERGIES);
}

static inline const char *
spa_client_get_medications (SpaRecord *client)
{
  return spa_record_get_string (client, SPA_CLIENT_MEDICATIONS);
}

static inline const char *
spa_client_get_notes (SpaRecord *client)
{
  return spa_record_get_string (client, SPA_CLIENT_NOTES);
}

static inline gboolean
spa_client_get_marketing_consent (SpaRecord *client)
{
  return spa_record_get_boolean (client, SPA_CLIENT_MARKETING_CONSENT);
}

static inline const char *
spa_client_get_archived_at (SpaRecord *client)
{
  return spa_record_get_string (client, SPA_CLIENT_ARCHIVED_AT);
}

/* Unset means yes, as the column's default: clients get their booking e-mails until
 * someone says they do not want them. */
static inline gboolean
spa_client_get_reminder_opt_in (SpaRecord *client)
{
  return spa_record_get_int (client, SPA_CLIENT_REMINDER_OPT_IN, 1) != 0;
}

static inline const char *
spa_client_get_language (SpaRecord *client)
{
  return spa_record_get_string (client, SPA_CLIENT_LANGUAGE);
}

static inline JsonNode *
spa_client_get_conditions (SpaRecord *client)
{
  return spa_record_get_json (client, SPA_CLIENT_CONDITIONS);
}

G_END_DECLS
