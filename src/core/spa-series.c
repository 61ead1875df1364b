/* spa-series.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-series"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-booking-fields.h"
#include "spa-error.h"
#include "spa-format.h"
#include "spa-location-fields.h"
#include "spa-schedule.h"
#include "spa-series.h"
#include "spa-store-private.h"
#include "spa-util.h"

/*
 * Treatment plans booked from one visit, and edits to the plan (docs/treatment-plans.md).
 * The visits of a plan share `booking.series_id`. Every visit is checked by the rules
 * that check any booking: spa_series_plan() by the availability rules before anything
 * is saved (a clash comes with free times that day), and each save by the booking's own
 * validation, so a visit taken meanwhile on another desk still refuses the plan. A plan,
 * a move or a cancellation of "this and the following" is one transaction: all of it or
 * nothing.
 */

static GDateTime *
booking_start (SpaRecord *booking)
{
  return spa_time_parse_utc (spa_booking_get_starts_at (booking));
}

/* "Visit of Tuesday, March 16: " before what refused it. */
static void
prefix_visit (GError    **error,
              GDateTime  *starts,
              GTimeZone  *zone)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (starts, zone);
  g_autofree char *day = spa_format_date_weekday (local);

  /* TRANSLATORS: %s is a date, the rest is why that visit cannot be booked or moved */
  g_prefix_error (error, _("Visit of %s: "), day);
}

/**
 * spa_series_plan:
 * @booking: the plan's first visit, already booked
 * @rule: how it repeats; its count includes @booking
 * @now: the current time
 * @zone: the spa's time zone, whose wall clock the visits keep
 * @n_alternatives: how many free times to offer for a clash
 *
 * Checks the visits that would follow @booking, with its service, therapist and
 * location, by the same availability rules as any booking.
 *
 * Returns: (transfer full) (element-type SpaPlanVisit): the visits after @booking, each
 *   with its slot or, for a clash, free times that day; %NULL with @error for a rule
 *   that is not a plan or a store failure
 */
GPtrArray *
spa_series_plan (SpaStore            *store,
                 SpaRecord           *booking,
                 const SpaRecurrence *rule,
                 GDateTime           *now,
                 GTimeZone           *zone,
                 guint                n_alternatives,
                 GError             **error)
{
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GPtrArray) starts = NULL;
  SpaAvailabilityQuery query = {
    .service_id = spa_booking_get_service_id (booking),
    .therapist_id = spa_booking_get_therapist_id (booking),
    .now = now,
    .zone = zone,
    .slot_minutes = SPA_AVAILABILITY_DEFAULT_SLOT_MINUTES,
    .location_id = spa_record_get_location_id (booking),
  };

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (booking != NULL && rule != NULL && now != NULL && zone != NULL, NULL);

  first = booking_start (booking);
  if (first == NULL)
    {
      g_set_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID,
                   _("The booking has no valid start."));
      return NULL;
    }
  starts = spa_recurrence_expand (first, zone, rule, error);
  if (starts == NULL)
    return NULL;
  /* The first visit is @booking itself. */
  g_ptr_array_remove_index (starts, 0);
  return spa_recurrence_check (store, &query, starts, n_alternatives, error);
}

/**
 * spa_series_book:
 * @booking: the plan's first visit, already booked
 * @slots: (element-type SpaSlot): the visits to book after it, as chosen
 *
 * Books every visit of @slots for @booking's client, service, location, notes and
 * price, and makes @booking and them one plan (a new `series_id`, or @booking's own
 * when it already starts one), in one transaction: if one visit is refused, nothing is
 * saved and @error names that visit.
 *
 * Returns: (transfer full) (element-type SpaRecord): the bookings made, or %NULL
 */
GPtrArray *
spa_series_book (SpaStore   *store,
                 SpaRecord  *booking,
                 GPtrArray  *slots,
                 GError    **error)
{
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *series_id = NULL;
  g_autofree char *now = NULL;
  GTimeZone *zone;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (booking != NULL && slots != NULL, NULL);

  zone = spa_schedule_get_time_zone (store);
  now = spa_store_now_utc (store);
  series_id = spa_record_has_value (booking, SPA_BOOKING_SERIES_ID)
                ? g_strdup (spa_booking_get_series_id (booking))
                : spa_uuid_new ();

  if (!spa_store_begin (store, error))
    return NULL;

  if (!spa_record_has_value (booking, SPA_BOOKING_SERIES_ID))
    {
      g_autoptr(SpaRecord) first = spa_record_copy (booking);

      spa_record_set_string (first, SPA_BOOKING_SERIES_ID, series_id);
      if (!spa_store_save (store, first, error))
        goto fail;
    }

  for (guint i = 0; i < slots->len; i++)
    {
      SpaSlot *slot = slots->pdata[i];
      g_autoptr(SpaRecord) visit = spa_record_new (SPA_BOOKING_ENTITY);
      g_autofree char *starts = spa_time_format_utc (slot->starts);
      g_autofree char *ends = spa_time_format_utc (slot->ends);
      static const char * const copied[] = {
        SPA_BOOKING_CLIENT_ID, SPA_BOOKING_SERVICE_ID, SPA_BOOKING_NOTES,
        SPA_BOOKING_LOCATION_ID, NULL,
      };

      for (guint f = 0; copied[f] != NULL; f++)
        if (spa_record_has_value (booking, copied[f]))
          spa_record_set_string (visit, copied[f], spa_record_get_string (booking, copied[f]));
      if (spa_record_has_value (booking, SPA_BOOKING_PRICE_CENTS))
        spa_record_set_int (visit, SPA_BOOKING_PRICE_CENTS,
                            spa_record_get_int (booking, SPA_BOOKING_PRICE_CENTS, 0));
      spa_record_set_string (visit, SPA_BOOKING_THERAPIST_ID, slot->therapist_id);
      if (slot->room_id != NULL)
        spa_record_set_string (visit, SPA_BOOKING_ROOM_ID, slot->room_id);
      spa_record_set_string (visit, SPA_BOOKING_STARTS_AT, starts);
      spa_record_set_string (visit, SPA_BOOKING_ENDS_AT, ends);
      spa_record_set_string (visit, SPA_BOOKING_STATUS, "booked");
      spa_record_set_string (visit, SPA_BOOKING_SOURCE, "desk");
      spa_record_set_string (visit, SPA_BOOKING_SERIES_ID, series_id);
      spa_booking_add_history (visit, "booked", now);
      if (!spa_store_save (store, visit, error))
        {
          prefix_visit (error, slot->starts, zone);
          goto fail;
        }
      g_ptr_array_add (made, g_steal_pointer (&visit));
    }

  if (!spa_store_commit (store, error))
    return NULL;
  /* The caller's copy is the plan's first visit now. */
  spa_record_set_string (booking, SPA_BOOKING_SERIES_ID, series_id);
  spa_record_clear_changed (booking);
  return g_steal_pointer (&made);

fail:
  spa_store_rollback (store);
  return NULL;
}

/**
 * spa_series_visits:
 * @series_id: a plan's `series_id`
 *
 * Returns: (transfer full) (element-type SpaRecord): the plan's bookings, whatever
 *   their status, earliest first
 */
GPtrArray *
spa_series_visits (SpaStore    *store,
                   const char  *series_id,
                   GError     **error)
{
  g_return_val_if_fail (SPA_IS_STORE (store), NULL);
  g_return_val_if_fail (series_id != NULL, NULL);

  return spa_store_query (store, SPA_BOOKING_ENTITY,
                          "WHERE series_id = ? AND deleted = 0 ORDER BY starts_at, id",
                          (const char * const []) { series_id, NULL }, error);
}

/* The visits of @booking's plan from @booking on that are still to take place (booked,
 * confirmed, checked in or requested), @booking first. */
static GPtrArray *
following (SpaStore   *store,
           SpaRecord  *booking,
           GError    **error)
{
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  const char *starts_at = spa_booking_get_starts_at (booking);

  if (!spa_record_has_value (booking, SPA_BOOKING_SERIES_ID))
    {
      g_ptr_array_add (result, g_object_ref (booking));
      return g_steal_pointer (&result);
    }
  visits = spa_series_visits (store, spa_booking_get_series_id (booking), error);
  if (visits == NULL)
    return NULL;

  g_ptr_array_add (result, g_object_ref (booking));
  for (guint i = 0; i < visits->len; i++)
    {
      SpaRecord *visit = visits->pdata[i];
      const char *status = spa_booking_get_status (visit);

      if (g_strcmp0 (spa_record_get_id (visit), spa_record_get_id (booking)) == 0 ||
          g_strcmp0 (spa_booking_get_starts_at (visit), starts_at) < 0)
        continue;
      if (spa_booking_status_is_active (status) || g_strcmp0 (status, "requested") == 0)
        g_ptr_array_add (result, g_object_ref (visit));
    }
  return g_steal_pointer (&result);
}

/**
 * spa_series_count_following:
 *
 * Returns: how many visits of @booking's plan after it are still to take place (0 for a
 *   booking that is not part of a plan): whether "this and the following" means more
 *   than "this one"
 */
guint
spa_series_count_following (SpaStore  *store,
                            SpaRecord *booking)
{
  g_autoptr(GPtrArray) visits = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), 0);
  g_return_val_if_fail (booking != NULL, 0);

  visits = following (store, booking, NULL);
  return visits != NULL ? visits->len - 1 : 0;
}

/**
 * spa_series_cancel:
 * @booking: the visit chosen
 * @reason: (nullable): why, kept on each visit cancelled
 * @n_cancelled: (out) (optional): how many visits were cancelled
 *
 * Cancels @booking, or it and every later visit of its plan still to take place, in one
 * transaction, by the rules of spa_schedule_set_status().
 *
 * Returns: whether they were cancelled; on %FALSE nothing changed
 */
gboolean
spa_series_cancel (SpaStore        *store,
                   SpaRecord       *booking,
                   SpaSeriesScope   scope,
                   const char      *reason,
                   guint           *n_cancelled,
                   GError         **error)
{
  g_autoptr(GPtrArray) visits = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  g_return_val_if_fail (booking != NULL, FALSE);

  if (n_cancelled != NULL)
    *n_cancelled = 0;
  if (scope == SPA_SERIES_THIS_ONE)
    {
      if (!spa_schedule_set_status (store, booking, "cancelled", reason, error))
        return FALSE;
      if (n_cancelled != NULL)
        *n_cancelled = 1;
      return TRUE;
    }

  visits = following (store, booking, error);
  if (visits == NULL || !spa_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < visits->len; i++)
    {
      g_autoptr(SpaRecord) visit = spa_record_copy (visits->pdata[i]);

      if (!spa_schedule_set_status (store, visit, "cancelled", reason, error))
        {
          g_autoptr(GDateTime) starts = booking_start (visit);

          if (starts != NULL)
            prefix_visit (error, starts, spa_schedule_get_time_zone (store));
          spa_store_rollback (store);
          return FALSE;
        }
    }
  if (!spa_store_commit (store, error))
    return FALSE;
  if (n_cancelled != NULL)
    *n_cancelled = visits->len;
  return TRUE;
}

/* @visit moved by @days days, to @time_of_day (the new start's local time), keeping
 * its length, its wall clock read in @zone across a daylight-saving change. */
static void
shift_visit (SpaRecord  *visit,
             GTimeZone  *zone,
             int         days,
             GDateTime  *time_of_day)
{
  g_autoptr(GDateTime) starts = booking_start (visit);
  g_autoptr(GDateTime) ends = spa_time_parse_utc (spa_booking_get_ends_at (visit));
  g_autoptr(GDateTime) local = g_date_time_to_timezone (starts, zone);
  g_autoptr(GDateTime) day = g_date_time_add_days (local, days);
  g_autoptr(GDateTime) moved = NULL;
  g_autoptr(GDateTime) moved_end = NULL;
  g_autofree char *s = NULL;
  g_autofree char *e = NULL;

  moved = g_date_time_new (zone, g_date_time_get_year (day), g_date_time_get_month (day),
                           g_date_time_get_day_of_month (day),
                           g_date_time_get_hour (time_of_day),
                           g_date_time_get_minute (time_of_day),
                           g_date_time_get_seconds (time_of_day));
  moved_end = g_date_time_add (moved, g_date_time_difference (ends, starts));
  s = spa_time_format_utc (moved);
  e = spa_time_format_utc (moved_end);
  spa_record_set_string (visit, SPA_BOOKING_STARTS_AT, s);
  spa_record_set_string (visit, SPA_BOOKING_ENDS_AT, e);
}

static int
local_day_number (GDateTime *utc,
                  GTimeZone *zone)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  return (int)g_date_get_julian (&date);
}

static void
copy_if_changed (SpaRecord  *visit,
                 SpaRecord  *edited,
                 SpaRecord  *stored,
                 const char *field)
{
  const char *value = spa_record_get_string (edited, field);

  if (g_strcmp0 (value, spa_record_get_string (stored, field)) == 0)
    return;
  if (value != NULL)
    spa_record_set_string (visit, field, value);
  else
    spa_record_set_null (visit, field);
}

/**
 * spa_series_move:
 * @edited: a visit as the booking editor changed it, not yet saved
 * @scope: %SPA_SERIES_THIS_ONE saves @edited alone; %SPA_SERIES_FOLLOWING moves every
 *   later visit of its plan still to take place by as many days, to the same time of
 *   day (the spa's wall clock), and to its new therapist and room if they changed
 * @n_moved: (out) (optional): how many visits were saved
 *
 * Saves @edited and, with %SPA_SERIES_FOLLOWING, the visits after it, in one
 * transaction, each checked as any booking is: a clash refuses the whole move and
 * @error names the visit.
 *
 * Returns: whether the visits moved; on %FALSE nothing changed
 */
gboolean
spa_series_move (SpaStore        *store,
                 SpaRecord       *edited,
                 SpaSeriesScope   scope,
                 GTimeZone       *zone,
                 guint           *n_moved,
                 GError         **error)
{
  g_autoptr(SpaRecord) stored = NULL;
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(GDateTime) old_starts = NULL;
  g_autoptr(GDateTime) new_starts = NULL;
  g_autoptr(GDateTime) time_of_day = NULL;
  gboolean later;
  int days;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  g_return_val_if_fail (edited != NULL && zone != NULL, FALSE);

  if (n_moved != NULL)
    *n_moved = 0;
  stored = spa_store_get (store, SPA_BOOKING_ENTITY, spa_record_get_id (edited), error);
  if (stored == NULL)
    return FALSE;
  if (scope == SPA_SERIES_THIS_ONE)
    {
      if (!spa_store_save (store, edited, error))
        return FALSE;
      if (n_moved != NULL)
        *n_moved = 1;
      return TRUE;
    }

  old_starts = booking_start (stored);
  new_starts = booking_start (edited);
  if (old_starts == NULL || new_starts == NULL)
    {
      g_set_error (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_INVALID,
                   _("The booking has no valid start."));
      return FALSE;
    }
  days = local_day_number (new_starts, zone) - local_day_number (old_starts, zone);
  time_of_day = g_date_time_to_timezone (new_starts, zone);
  later = g_date_time_compare (new_starts, old_starts) > 0;

  visits = following (store, stored, error);
  if (visits == NULL || !spa_store_begin (store, error))
    return FALSE;
  /* Moved later, the last visit goes first (and earlier, the first), so that no visit
   * lands on the old place of another visit of the plan that has not moved yet. */
  for (guint n = 0; n < visits->len; n++)
    {
      guint i = later ? visits->len - 1 - n : n;
      g_autoptr(SpaRecord) visit = NULL;

      if (i == 0)
        visit = spa_record_copy (edited);
      else
        {
          visit = spa_record_copy (visits->pdata[i]);
          shift_visit (visit, zone, days, time_of_day);
          copy_if_changed (visit, edited, stored, SPA_BOOKING_THERAPIST_ID);
          copy_if_changed (visit, edited, stored, SPA_BOOKING_ROOM_ID);
        }
      if (!spa_store_save (store, visit, error))
        {
          g_autoptr(GDateTime) starts = booking_start (visit);

          prefix_visit (error, starts, zone);
          spa_store_rollback (store);
          return FALSE;
        }
    }
  if (!spa_store_commit (store, error))
    return FALSE;
  if (n_moved != NULL)
    *n_moved = visits->len;
  return TRUE;
}
