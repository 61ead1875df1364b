/* spa-location-fields.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"

G_BEGIN_DECLS

/* One of a chain's spas: the entity and its field names as the store, the outbox and the
 * wire spell them (the fields are declared in spa-location.c), and typed readers.
 * Therapists, rooms and bookings name theirs in `location_id`; clients belong to the
 * whole chain. */

#define SPA_LOCATION_ENTITY      "location"
#define SPA_LOCATION_NAME        "name"
#define SPA_LOCATION_ADDRESS     "address"
#define SPA_LOCATION_TIME_ZONE   "time_zone"
#define SPA_LOCATION_PHONE       "phone"
#define SPA_LOCATION_TAX_NUMBERS "tax_numbers"
#define SPA_LOCATION_ACTIVE      "active"

/* The field naming a record's location, the same in therapist, room and booking. */
#define SPA_LOCATION_ID_FIELD    "location_id"

/* The location every spa starts with (migration 60), with a fixed id so that every desk
 * and the server agree on it; a record without a location_id is there. */
#define SPA_LOCATION_DEFAULT_ID  "10ca7100-0000-4000-8000-000000000001"

static inline const char *
spa_location_get_name (SpaRecord *location)
{
  return spa_record_get_string (location, SPA_LOCATION_NAME);
}

static inline const char *
spa_location_get_address (SpaRecord *location)
{
  return spa_record_get_string (location, SPA_LOCATION_ADDRESS);
}

static inline const char *
spa_location_get_time_zone (SpaRecord *location)
{
  return spa_record_get_string (location, SPA_LOCATION_TIME_ZONE);
}

static inline const char *
spa_location_get_phone (SpaRecord *location)
{
  return spa_record_get_string (location, SPA_LOCATION_PHONE);
}

static inline const char *
spa_location_get_tax_numbers (SpaRecord *location)
{
  return spa_record_get_string (location, SPA_LOCATION_TAX_NUMBERS);
}

static inline gboolean
spa_location_get_active (SpaRecord *location)
{
  return spa_record_get_boolean (location, SPA_LOCATION_ACTIVE);
}

/* The location of a therapist (their home location), room or booking: the default one
 * when the record names none (written before locations, or by an older desk). */
static inline const char *
spa_record_get_location_id (SpaRecord *record)
{
  const char *id = spa_record_get_string (record, SPA_LOCATION_ID_FIELD);

  return id != NULL && *id != '\0' ? id : SPA_LOCATION_DEFAULT_ID;
}

G_END_DECLS
