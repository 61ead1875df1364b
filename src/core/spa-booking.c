/* spa-booking.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-booking"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-booking-fields.h"
#include "spa-entity.h"
#include "spa-error.h"
#include "spa-location.h"
#include "spa-schedule.h"
#include "spa-store.h"
#include "spa-util.h"
#include "spa-validate.h"

static const SpaFieldInfo booking_fields[] = {
  { SPA_BOOKING_CLIENT_ID, SPA_FIELD_TEXT, N_("Client") },
  { SPA_BOOKING_THERAPIST_ID, SPA_FIELD_TEXT, N_("Therapist") },
  { SPA_BOOKING_SERVICE_ID, SPA_FIELD_TEXT, N_("Service") },
  { SPA_BOOKING_ROOM_ID, SPA_FIELD_TEXT, N_("Room") },
  { SPA_BOOKING_STARTS_AT, SPA_FIELD_TEXT, N_("Start") },
  { SPA_BOOKING_ENDS_AT, SPA_FIELD_TEXT, N_("End") },
  { SPA_BOOKING_STATUS, SPA_FIELD_TEXT, N_("Status") },
  { SPA_BOOKING_SOURCE, SPA_FIELD_TEXT, N_("Source") },
  { SPA_BOOKING_NOTES, SPA_FIELD_TEXT, N_("Notes") },
  { SPA_BOOKING_PRICE_CENTS, SPA_FIELD_INTEGER, N_("Price") },
  { SPA_BOOKING_CANCEL_REASON, SPA_FIELD_TEXT, N_("Cancellation reason") },
  { SPA_BOOKING_STATUS_HISTORY, SPA_FIELD_JSON, N_("Status history") },
  { SPA_BOOKING_LOCATION_ID, SPA_FIELD_TEXT, N_("Location") },
  { SPA_BOOKING_SERIES_ID, SPA_FIELD_TEXT, N_("Treatment plan") },
};

static const char * const statuses[] = {
  "requested", "booked", "confirmed", "checked_in", "completed", "no_show", "cancelled", NULL
};

static const char * const sources[] = { "desk", "online", NULL };

static gboolean
validate_times (SpaRecord  *booking,
                GError    **error)
{
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) ends = NULL;

  if (!spa_validate_time (booking, "starts_at", TRUE, error) ||
      !spa_validate_time (booking, "ends_at", TRUE, error))
    return FALSE;

  starts = spa_time_parse_utc (spa_record_get_string (booking, "starts_at"));
  ends = spa_time_parse_utc (spa_record_get_string (booking, "ends_at"));
  if (g_date_time_compare (ends, starts) <= 0)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "ends_at",
                                _("The booking must end after it starts."));
      return FALSE;
    }

  if (g_date_time_difference (ends, starts) > 12 * G_TIME_SPAN_HOUR)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "ends_at",
                                _("A booking cannot last more than 12 hours."));
      return FALSE;
    }

  return TRUE;
}

/* Status changes must make sense (a cancelled booking is not checked in); only a
 * change of status is checked, so a record arriving in any state can still be edited. */
static gboolean
validate_transition (SpaStore   *store,
                     SpaRecord  *booking,
                     GError    **error)
{
  g_autoptr(JsonObject) changed = NULL;
  g_autoptr(SpaRecord) stored = NULL;
  const char *from;
  const char *to = spa_record_get_string (booking, "status");

  if (!spa_record_is_stored (booking))
    return TRUE;

  changed = spa_record_get_changed (booking);
  if (!json_object_has_member (changed, "status"))
    return TRUE;

  stored = spa_store_get (store, "booking", spa_record_get_id (booking), NULL);
  if (stored == NULL)
    return TRUE;

  from = spa_record_get_string (stored, "status");
  if (spa_booking_status_can_change (from, to))
    return TRUE;

  spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "status",
                            _("A booking that is %s cannot be marked %s."),
                            spa_booking_status_label (from), spa_booking_status_label (to));
  return FALSE;
}

static gboolean
validate_booking (SpaStore   *store,
                  SpaRecord  *booking,
                  GError    **error)
{
  return spa_validate_reference (store, booking, "client_id", "client", TRUE, error) &&
         spa_validate_reference (store, booking, "service_id", "service", TRUE, error) &&
         spa_validate_reference (store, booking, "therapist_id", "therapist", TRUE, error) &&
         spa_validate_reference (store, booking, "room_id", "room", FALSE, error) &&
         spa_location_check_booking (store, booking, error) &&
         validate_times (booking, error) &&
         spa_validate_one_of (booking, "status", statuses, TRUE, error) &&
         spa_validate_one_of (booking, "source", sources, FALSE, error) &&
         spa_validate_int_range (booking, "price_cents", 0, G_MAXINT32,
                                 _("The price cannot be negative."), error) &&
         validate_transition (store, booking, error) &&
         /* Last: the overlap query needs valid times and references. */
         spa_schedule_check_overlap (store, booking, error);
}

const SpaEntityInfo spa_booking_entity = {
  .name = "booking",
  .fields = booking_fields,
  .n_fields = G_N_ELEMENTS (booking_fields),
  .validate = validate_booking,
};
