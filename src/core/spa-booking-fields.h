/* spa-booking-fields.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"

G_BEGIN_DECLS

/* A booking: the entity and its field names as the store, the outbox and the wire spell
 * them (the fields are declared in spa-booking.c), and typed readers. */

#define SPA_BOOKING_ENTITY         "booking"
#define SPA_BOOKING_CLIENT_ID      "client_id"
#define SPA_BOOKING_THERAPIST_ID   "therapist_id"
#define SPA_BOOKING_SERVICE_ID     "service_id"
#define SPA_BOOKING_ROOM_ID        "room_id"
#define SPA_BOOKING_STARTS_AT      "starts_at"
#define SPA_BOOKING_ENDS_AT        "ends_at"
#define SPA_BOOKING_STATUS         "status"
#define SPA_BOOKING_SOURCE         "source"
#define SPA_BOOKING_NOTES          "notes"
#define SPA_BOOKING_PRICE_CENTS    "price_cents"
#define SPA_BOOKING_CANCEL_REASON  "cancel_reason"
#define SPA_BOOKING_STATUS_HISTORY "status_history"
#define SPA_BOOKING_LOCATION_ID    "location_id"
#define SPA_BOOKING_SERIES_ID      "series_id"

static inline const char *
spa_booking_get_client_id (SpaRecord *booking)
{
  return spa_record_get_string (booking, SPA_BOOKING_CLIENT_ID);
}

static inline const char *
spa_booking_get_therapist_id (SpaRecord *booking)
{
  return spa_record_get_string (booking, SPA_BOOKING_THERAPIST_ID);
}

static inline const char *
spa_booking_get_service_id (SpaRecord *booking)
{
  return spa_record_get_string (booking, SPA_BOOKING_SERVICE_ID);
}

static inline const char *
spa_booking_get_room_id (SpaRecord *booking)
{
  return spa_record_get_string (booking, SPA_BOOKING_ROOM_ID);
}

static inline const char *
spa_booking_get_starts_at (SpaRecord *booking)
{
  return spa_record_get_string (booking, SPA_BOOKING_STARTS_AT);
}

static inline const char *
spa_booking_get_ends_at (SpaRecord *booking)
{
  return spa_record_get_string (booking, SPA_BOOKING_ENDS_AT);
}

static inline const char *
spa_booking_get_status (SpaRecord *booking)
{
  return spa_record_get_string (booking, SPA_BOOKING_STATUS);
}

static inline const char *
spa_booking_get_source (SpaRecord *booking)
{
  return spa_record_get_string (booking, SPA_BOOKING_SOURCE);
}

static inline const char *
spa_booking_get_notes (SpaRecord *booking)
{
  return spa_record_get_string (booking, SPA_BOOKING_NOTES);
}

static inline gint64
spa_booking_get_price_cents (SpaRecord *booking,
                            gint64     fallback)
{
  return spa_record_get_int (booking, SPA_BOOKING_PRICE_CENTS, fallback);
}

static inline const char *
spa_booking_get_cancel_reason (SpaRecord *booking)
{
  return spa_record_get_string (booking, SPA_BOOKING_CANCEL_REASON);
}

static inline const char *
spa_booking_get_series_id (SpaRecord *booking)
{
  return spa_record_get_string (booking, SPA_BOOKING_SERIES_ID);
}

static inline JsonNode *
spa_booking_get_status_history (SpaRecord *booking)
{
  return spa_record_get_json (booking, SPA_BOOKING_STATUS_HISTORY);
}

G_END_DECLS
