/* spa-waitlist.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-waitlist"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spa-booking-fields.h"
#include "spa-entity.h"
#include "spa-error.h"
#include "spa-format.h"
#include "spa-store-private.h"
#include "spa-util.h"
#include "spa-validate.h"
#include "spa-waitlist.h"

/*
 * The waitlist (docs/waitlist.md): a client who wants a time that is taken waits for a
 * service, with one therapist or any, on some weekdays (none listed: any day) between
 * two times of day (either may be unset), until a day. Entries are synced records,
 * kept in the order they were made (created_at, then id), so the desks and the server
 * agree on who comes first. spa_waitlist_matches() is the one rule that says who waits
 * for a time that has just been freed.
 */

static const SpaFieldInfo waitlist_fields[] = {
  { SPA_WAITLIST_CLIENT_ID, SPA_FIELD_TEXT, N_("Client") },
  { SPA_WAITLIST_SERVICE_ID, SPA_FIELD_TEXT, N_("Service") },
  { SPA_WAITLIST_THERAPIST_ID, SPA_FIELD_TEXT, N_("Therapist") },
  { SPA_WAITLIST_DAYS, SPA_FIELD_JSON, N_("Days") },
  { SPA_WAITLIST_EARLIEST, SPA_FIELD_TEXT, N_("From") },
  { SPA_WAITLIST_LATEST, SPA_FIELD_TEXT, N_("To") },
  { SPA_WAITLIST_UNTIL, SPA_FIELD_TEXT, N_("Until") },
  { SPA_WAITLIST_STATUS, SPA_FIELD_TEXT, N_("Status") },
  { SPA_WAITLIST_BOOKING_ID, SPA_FIELD_TEXT, N_("Booking") },
  { SPA_WAITLIST_NOTES, SPA_FIELD_TEXT, N_("Notes") },
  { SPA_WAITLIST_OFFER_STARTS_AT, SPA_FIELD_TEXT, N_("Offered Time") },
};

static const char * const statuses[] = {
  "waiting", "offered", "booked", "withdrawn", "expired", NULL
};
static const char * const weekdays[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL };

/**
 * spa_waitlist_parse_time:
 * @hhmm: (nullable): a time of day, `HH:MM`
 *
 * Returns: the minutes after midnight, or -1 when @hhmm is not such a time
 */
int
spa_waitlist_parse_time (const char *hhmm)
{
  if (hhmm == NULL || strlen (hhmm) != 5 || hhmm[2] != ':' ||
      !g_ascii_isdigit (hhmm[0]) || !g_ascii_isdigit (hhmm[1]) ||
      !g_ascii_isdigit (hhmm[3]) || !g_ascii_isdigit (hhmm[4]))
    return -1;
  {
    int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
    int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');

    return h < 24 && m < 60 ? h * 60 + m : -1;
  }
}

/* The day (`YYYY-MM-DD`) @time falls on in the spa's calendar. */
static char *
local_day (GDateTime *time,
           GTimeZone *zone)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time, zone);

  return g_date_time_format (local, "%Y-%m-%d");
}

static gboolean
is_weekday (const char *code)
{
  return g_strv_contains (weekdays, code);
}

static gboolean
validate_hours (SpaRecord  *entry,
                GError    **error)
{
  const char *fields[] = { SPA_WAITLIST_EARLIEST, SPA_WAITLIST_LATEST };
  int minutes[2];

  for (guint i = 0; i < 2; i++)
    {
      minutes[i] = -1;
      if (!spa_record_has_value (entry, fields[i]))
        continue;
      minutes[i] = spa_waitlist_parse_time (spa_record_get_string (entry, fields[i]));
      if (minutes[i] < 0)
        {
          spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, fields[i],
                                    _("A time of day is written HH:MM, such as 09:30."));
          return FALSE;
        }
    }
  if (minutes[0] >= 0 && minutes[1] >= 0 && minutes[1] <= minutes[0])
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, SPA_WAITLIST_LATEST,
                                _("The latest time must come after the earliest."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_waitlist_entry (SpaStore   *store,
                         SpaRecord  *entry,
                         GError    **error)
{
  return spa_validate_reference (store, entry, SPA_WAITLIST_CLIENT_ID, "client", TRUE, error) &&
         spa_validate_reference (store, entry, SPA_WAITLIST_SERVICE_ID, "service", TRUE, error) &&
         spa_validate_reference (store, entry, SPA_WAITLIST_THERAPIST_ID, "therapist", FALSE,
                                 error) &&
         spa_validate_reference (store, entry, SPA_WAITLIST_BOOKING_ID, "booking", FALSE,
                                 error) &&
         spa_validate_codes (entry, SPA_WAITLIST_DAYS, is_weekday,
                             _("Days are mon, tue, wed, thu, fri, sat or sun."), error) &&
         validate_hours (entry, error) &&
         spa_validate_date (entry, SPA_WAITLIST_UNTIL, TRUE, error) &&
         spa_validate_time (entry, SPA_WAITLIST_OFFER_STARTS_AT, FALSE, error) &&
         spa_validate_one_of (entry, SPA_WAITLIST_STATUS, statuses, TRUE, error);
}

const SpaEntityInfo spa_waitlist_entry_entity = {
  .name = SPA_WAITLIST_ENTITY,
  .fields = waitlist_fields,
  .n_fields = G_N_ELEMENTS (waitlist_fields),
  .validate = validate_waitlist_entry,
};

/**
 * spa_waitlist_list:
 *
 * Returns: (transfer full) (element-type SpaRecord): the entries not deleted, first come
 *   first
 */
GPtrArray *
spa_waitlist_list (SpaStore  *store,
                   GError   **error)
{
  g_return_val_if_fail (SPA_IS_STORE (store), NULL);

  return spa_store_query (store, SPA_WAITLIST_ENTITY,
                          "WHERE deleted = 0 ORDER BY created_at, id", NULL, error);
}

/**
 * spa_waitlist_suits:
 * @therapist_id: who would take the time
 * @starts: the time's start, @ends its end
 * @zone: the spa's zone, whose wall clock the entry's days and hours are
 *
 * Returns: whether that time suits @entry, waiting or not: its service, its therapist
 *   if it names one, one of its days if it lists some, within its hours, not after its
 *   last day
 */
gboolean
spa_waitlist_suits (SpaRecord  *entry,
                    const char *service_id,
                    const char *therapist_id,
                    GDateTime  *starts,
                    GDateTime  *ends,
                    GTimeZone  *zone)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) local_end = NULL;
  g_autofree char *day = NULL;
  g_auto(GStrv) days = NULL;
  int start_minute, end_minute;

  g_return_val_if_fail (entry != NULL && starts != NULL && ends != NULL && zone != NULL, FALSE);

  if (g_strcmp0 (spa_record_get_string (entry, SPA_WAITLIST_SERVICE_ID), service_id) != 0)
    return FALSE;
  if (spa_record_has_value (entry, SPA_WAITLIST_THERAPIST_ID) &&
      g_strcmp0 (spa_record_get_string (entry, SPA_WAITLIST_THERAPIST_ID), therapist_id) != 0)
    return FALSE;

  local = g_date_time_to_timezone (starts, zone);
  local_end = g_date_time_to_timezone (ends, zone);
  day = local_day (starts, zone);
  if (g_strcmp0 (day, spa_record_get_string (entry, SPA_WAITLIST_UNTIL)) > 0)
    return FALSE;

  days = spa_record_get_strv (entry, SPA_WAITLIST_DAYS);
  if (days != NULL && days[0] != NULL &&
      !g_strv_contains ((const char * const *)days,
                        weekdays[g_date_time_get_day_of_week (local) - 1]))
    return FALSE;

  start_minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
  end_minute = start_minute + (int)(g_date_time_difference (local_end, local) / G_TIME_SPAN_MINUTE);
  if (spa_record_has_value (entry, SPA_WAITLIST_EARLIEST) &&
      start_minute < spa_waitlist_parse_time (spa_record_get_string (entry, SPA_WAITLIST_EARLIEST)))
    return FALSE;
  if (spa_record_has_value (entry, SPA_WAITLIST_LATEST) &&
      end_minute > spa_waitlist_parse_time (spa_record_get_string (entry, SPA_WAITLIST_LATEST)))
    return FALSE;
  return TRUE;
}

/**
 * spa_waitlist_matches:
 * @freed: a booking whose time has just become free (cancelled, or moved away)
 * @zone: the spa's time zone
 *
 * Returns: (transfer full) (element-type SpaRecord): the entries still waiting whose
 *   wishes that time suits (spa_waitlist_suits()), first come first, without the
 *   booking's own client; %NULL with @error when the store fails
 */
GPtrArray *
spa_waitlist_matches (SpaStore   *store,
                      SpaRecord  *freed,
                      GTimeZone  *zone,
                      GError    **error)
{
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) ends = NULL;
  GPtrArray *matches;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (freed != NULL && zone != NULL, NULL);

  waiting = spa_store_query (store, SPA_WAITLIST_ENTITY,
                             "WHERE deleted = 0 AND status = 'waiting' AND service_id = ?"
                             " ORDER BY created_at, id",
                             (const char * const []) { spa_booking_get_service_id (freed), NULL },
                             error);
  if (waiting == NULL)
    return NULL;

  starts = spa_time_parse_utc (spa_booking_get_starts_at (freed));
  ends = spa_time_parse_utc (spa_booking_get_ends_at (freed));
  matches = g_ptr_array_new_with_free_func (g_object_unref);
  if (starts == NULL || ends == NULL)
    return matches;
  for (guint i = 0; i < waiting->len; i++)
    {
      SpaRecord *entry = waiting->pdata[i];

      if (g_strcmp0 (spa_record_get_string (entry, SPA_WAITLIST_CLIENT_ID),
                     spa_booking_get_client_id (freed)) == 0)
        continue;
      if (spa_waitlist_suits (entry, spa_booking_get_service_id (freed),
                              spa_booking_get_therapist_id (freed), starts, ends, zone))
        g_ptr_array_add (matches, g_object_ref (entry));
    }
  return matches;
}

/**
 * spa_waitlist_current_status:
 * @taken: whether the time the entry was offered has gone to someone else (booked
 *   through another link or on a desk, or no longer free)
 * @now: the present
 * @zone: the spa's time zone, whose calendar the entry's last day is on
 *
 * The rule for an entry whose wait is over (docs/waitlist.md), the same on the server,
 * which writes it, and on the desk, which shows it: an entry offered a time that has
 * begun, or that @taken says has gone, waits again for the next matching time if its
 * last day (`until`) is today or later, and ends `expired` if its last day has passed;
 * an entry waiting without an offer ends `expired` once its last day has passed. Any
 * other entry keeps its status.
 *
 * Returns: the status the entry has now
 */
const char *
spa_waitlist_current_status (SpaRecord *entry,
                             gboolean   taken,
                             GDateTime *now,
                             GTimeZone *zone)
{
  const char *status;
  g_autoptr(GDateTime) offered = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (entry != NULL && now != NULL && zone != NULL, NULL);

  status = spa_record_get_string (entry, SPA_WAITLIST_STATUS);
  if (g_strcmp0 (status, "offered") == 0)
    {
      offered = spa_time_parse_utc (spa_record_get_string (entry,
                                                           SPA_WAITLIST_OFFER_STARTS_AT));
      if (!taken && (offered == NULL || g_date_time_compare (offered, now) > 0))
        return status;
    }
  else if (g_strcmp0 (status, "waiting") != 0)
    return status;
  today = local_day (now, zone);
  return g_strcmp0 (spa_record_get_string (entry, SPA_WAITLIST_UNTIL), today) >= 0 ? "waiting"
                                                                                   : "expired";
}

/**
 * spa_waitlist_list_offered:
 *
 * Returns: (transfer full) (element-type SpaRecord): the entries with a time offered
 *   to them, whose offers may have lapsed; %NULL with @error when the store fails
 */
GPtrArray *
spa_waitlist_list_offered (SpaStore  *store,
                           GError   **error)
{
  g_return_val_if_fail (SPA_IS_STORE (store), NULL);

  return spa_store_query (store, SPA_WAITLIST_ENTITY, "WHERE deleted = 0 AND status = 'offered'",
                          NULL, error);
}

/**
 * spa_waitlist_list_ended:
 * @now: the present
 * @zone: the spa's time zone, whose calendar the entries' last days are on
 *
 * Returns: (transfer full) (element-type SpaRecord): the entries still waiting whose
 *   last day has passed, which spa_waitlist_current_status() says have expired, first
 *   come first; %NULL with @error when the store fails
 */
GPtrArray *
spa_waitlist_list_ended (SpaStore   *store,
                         GDateTime  *now,
                         GTimeZone  *zone,
                         GError    **error)
{
  g_autofree char *today = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL && zone != NULL, NULL);

  today = local_day (now, zone);
  return spa_store_query (store, SPA_WAITLIST_ENTITY,
                          "WHERE deleted = 0 AND status = 'waiting' AND until < ?"
                          " ORDER BY created_at, id",
                          (const char * const []) { today, NULL }, error);
}

/**
 * spa_waitlist_set_status:
 * @id: the entry
 * @status: `waiting`, `offered`, `booked`, `withdrawn` or `expired`
 *
 * Changes the entry's status (and nothing else), with its outbox row.
 *
 * Returns: whether it was saved
 */
gboolean
spa_waitlist_set_status (SpaStore    *store,
                         const char  *id,
                         const char  *status,
                         GError     **error)
{
  g_autoptr(SpaRecord) entry = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  g_return_val_if_fail (id != NULL && g_strv_contains (statuses, status), FALSE);

  entry = spa_store_get (store, SPA_WAITLIST_ENTITY, id, error);
  if (entry == NULL)
    return FALSE;
  spa_record_set_string (entry, SPA_WAITLIST_STATUS, status);
  return spa_store_save (store, entry, error);
}

/**
 * spa_waitlist_status_label:
 *
 * Returns: the translated word for an entry's status
 */
const char *
spa_waitlist_status_label (const char *status)
{
  if (g_strcmp0 (status, "offered") == 0)
    return C_("waitlist", "Offered");
  if (g_strcmp0 (status, "booked") == 0)
    return C_("waitlist", "Booked");
  if (g_strcmp0 (status, "withdrawn") == 0)
    return C_("waitlist", "Withdrawn");
  if (g_strcmp0 (status, "expired") == 0)
    return C_("waitlist", "Expired");
  return C_("waitlist", "Waiting");
}

/**
 * spa_waitlist_describe_status:
 * @zone: the spa's time zone
 *
 * Returns: (transfer full): the entry's status as the desk shows it, with what the
 *   server's e-mail offers did to it: "Offered Tue 3 14:00 by e-mail", "Booked through
 *   the offer", or the status's word
 */
char *
spa_waitlist_describe_status (SpaRecord *entry,
                              GTimeZone *zone)
{
  const char *status;
  g_autoptr(GDateTime) offered = NULL;

  g_return_val_if_fail (entry != NULL && zone != NULL, NULL);

  status = spa_record_get_string (entry, SPA_WAITLIST_STATUS);
  offered = spa_time_parse_utc (spa_record_get_string (entry, SPA_WAITLIST_OFFER_STARTS_AT));
  if (offered != NULL && g_strcmp0 (status, "offered") == 0)
    {
      g_autoptr(GDateTime) local = g_date_time_to_timezone (offered, zone);
      g_autofree char *day = spa_format_weekday_day (local);
      g_autofree char *time = spa_format_time (local);

      /* TRANSLATORS: a waitlist entry's status: the day ("Tue 3") and time offered */
      return g_strdup_printf (_("Offered %s %s by e-mail"), day, time);
    }
  /* Only the server's offer link books an entry with its booking. */
  if (offered != NULL && g_strcmp0 (status, "booked") == 0 &&
      spa_record_has_value (entry, SPA_WAITLIST_BOOKING_ID))
    return g_strdup (_("Booked through the offer"));
  return g_strdup (spa_waitlist_status_label (status));
}
