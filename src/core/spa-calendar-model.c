/* spa-calendar-model.c: what the day calendar shows, read from the store
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-calendar-model"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-calendar-model.h"
#include "spa-format.h"
#include "spa-location.h"
#include "spa-store-money.h"
#include "spa-sync-local.h"

/*
 * The day calendar widget draws; this reads. For a day, one column per active
 * therapist; for a therapist's week, one column per day. Then the bookings the columns
 * span, as the calendar draws them (spa_schedule_day_bookings_between()), and each
 * booking's sync state for its card. Moving a booking is not here either: the widget
 * asks its page, which checks the booking draft and saves. With a location set, only
 * the therapists working there (with their hours there) and the bookings there.
 */

struct _SpaCalendarModel
{
  GObject         parent_instance;

  SpaStore       *store;
  GArray         *columns;   /* SpaCalendarColumn */
  SpaDayBookings *bookings;
  char           *location_id;   /* NULL: every location */
};

G_DEFINE_FINAL_TYPE (SpaCalendarModel, spa_calendar_model, G_TYPE_OBJECT)

static void
column_clear (SpaCalendarColumn *column)
{
  g_clear_pointer (&column->therapist_id, g_free);
  g_clear_pointer (&column->title, g_free);
  g_clear_pointer (&column->subtitle, g_free);
  g_clear_pointer (&column->day, g_date_time_unref);
  g_clear_pointer (&column->intervals, g_array_unref);
  g_clear_pointer (&column->color, g_free);
}

static void
spa_calendar_model_finalize (GObject *object)
{
  SpaCalendarModel *self = (SpaCalendarModel *)object;

  g_clear_pointer (&self->bookings, spa_day_bookings_free);
  g_clear_pointer (&self->columns, g_array_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->location_id, g_free);

  G_OBJECT_CLASS (spa_calendar_model_parent_class)->finalize (object);
}

static void
spa_calendar_model_class_init (SpaCalendarModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spa_calendar_model_finalize;
}

static void
spa_calendar_model_init (SpaCalendarModel *self)
{
  self->columns = g_array_new (FALSE, TRUE, sizeof (SpaCalendarColumn));
  g_array_set_clear_func (self->columns, (GDestroyNotify)column_clear);
}

SpaCalendarModel *
spa_calendar_model_new (SpaStore *store)
{
  SpaCalendarModel *self;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);

  self = g_object_new (SPA_TYPE_CALENDAR_MODEL, NULL);
  self->store = g_object_ref (store);
  return self;
}

static void
add_column (SpaCalendarModel *self,
            SpaRecord        *therapist,
            GDateTime        *day,
            const char       *title,
            const char       *subtitle)
{
  SpaCalendarColumn column = { 0 };

  column.therapist_id = g_strdup (spa_record_get_id (therapist));
  column.title = g_strdup (title);
  column.subtitle = g_strdup (subtitle);
  column.day = g_date_time_ref (day);
  column.intervals = spa_schedule_working_intervals_at (therapist, self->location_id, day);
  column.color = g_strdup (spa_record_get_string (therapist, "color"));
  g_array_append_val (self->columns, column);
}

/* Reads the columns, then the bookings they span. @day_therapist keeps one column of
 * the day view; @week_therapist shows that therapist's week instead. */
static gboolean
load (SpaCalendarModel *self,
      GTimeZone        *zone,
      GDateTime        *first_day,
      const char       *day_therapist,
      const char       *week_therapist,
      GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  SpaCalendarColumn *last;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) range_end = NULL;
  const char *one;

  g_clear_pointer (&self->bookings, spa_day_bookings_free);
  g_array_set_size (self->columns, 0);

  if (week_therapist == NULL)
    {
      g_autoptr(GPtrArray) therapists = spa_store_list_active (self->store, "therapist", NULL,
                                                               &local_error);

      for (guint i = 0; therapists && i < therapists->len; i++)
        {
          SpaRecord *therapist = therapists->pdata[i];

          if (day_therapist != NULL &&
              g_strcmp0 (day_therapist, spa_record_get_id (therapist)) != 0)
            continue;
          if (!spa_location_therapist_works_at (therapist, self->location_id))
            continue;
          add_column (self, therapist, first_day, spa_record_get_string (therapist, "name"),
                      spa_record_get_string (therapist, "credentials"));
        }
    }
  else
    {
      g_autoptr(SpaRecord) therapist = spa_store_get (self->store, "therapist", week_therapist,
                                                      &local_error);

      if (therapist != NULL)
        for (int d = 0; d < 7; d++)
          {
            g_autoptr(GDateTime) noon = g_date_time_add_hours (first_day, 24 * d + 12);
            g_autoptr(GDateTime) day = g_date_time_new (zone, g_date_time_get_year (noon),
                                                        g_date_time_get_month (noon),
                                                        g_date_time_get_day_of_month (noon),
                                                        0, 0, 0);
            g_autofree char *title = spa_format_weekday_day (day);
            /* Under each day, the hours worked (the therapist is named in the toolbar). */
            g_autofree char *hours = spa_schedule_format_hours_at (therapist, self->location_id,
                                                                   day);

            add_column (self, therapist, day, title, *hours ? hours : _("Day off"));
          }
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (self->columns->len == 0)
    return TRUE;

  /* Up to the midnight after the last column's day. */
  last = &g_array_index (self->columns, SpaCalendarColumn, self->columns->len - 1);
  end = g_date_time_add_hours (last->day, 36);
  range_end = g_date_time_new (zone, g_date_time_get_year (end), g_date_time_get_month (end),
                               g_date_time_get_day_of_month (end), 0, 0, 0);
  self->bookings = spa_schedule_day_bookings_between (self->store, first_day, range_end, error);
  if (self->bookings == NULL)
    return FALSE;

  /* One therapist shown: only their bookings; one location: only its bookings. */
  one = day_therapist != NULL ? day_therapist : week_therapist;
  for (guint i = self->bookings->items->len;
       (one != NULL || self->location_id != NULL) && i > 0; i--)
    {
      const SpaDayBooking *booking = &g_array_index (self->bookings->items, SpaDayBooking, i - 1);

      if ((one != NULL && g_strcmp0 (booking->therapist_id, one) != 0) ||
          (self->location_id != NULL && g_strcmp0 (booking->location_id, self->location_id) != 0))
        g_array_remove_index (self->bookings->items, i - 1);
    }
  return TRUE;
}

/**
 * spa_calendar_model_load:
 * @zone: the spa's time zone
 * @first_day: the local midnight of the first day shown
 * @week_therapist: (nullable): the therapist whose week to show, or %NULL for the day
 *   of every active therapist
 *
 * Reads the columns and the bookings they span (for a week, the therapist's own). What
 * was read before is freed.
 *
 * Returns: %FALSE if the store failed (what could be read is kept)
 */
gboolean
spa_calendar_model_load (SpaCalendarModel *self,
                         GTimeZone        *zone,
                         GDateTime        *first_day,
                         const char       *week_therapist,
                         GError          **error)
{
  g_return_val_if_fail (SPA_IS_CALENDAR_MODEL (self), FALSE);
  return load (self, zone, first_day, NULL, week_therapist, error);
}

/**
 * spa_calendar_model_load_therapist_day:
 * @zone: the spa's time zone
 * @day: the local midnight of the day shown
 * @therapist_id: the one therapist shown
 *
 * Like spa_calendar_model_load() for a day, with one column: @therapist_id's, if they
 * are active, else none. A phone-sized window has room for one therapist at a time.
 *
 * Returns: %FALSE if the store failed (what could be read is kept)
 */
gboolean
spa_calendar_model_load_therapist_day (SpaCalendarModel *self,
                                       GTimeZone        *zone,
                                       GDateTime        *day,
                                       const char       *therapist_id,
                                       GError          **error)
{
  g_return_val_if_fail (SPA_IS_CALENDAR_MODEL (self), FALSE);
  g_return_val_if_fail (therapist_id != NULL, FALSE);
  return load (self, zone, day, therapist_id, NULL, error);
}

/**
 * spa_calendar_model_set_location:
 * @location_id: (nullable): the location shown, or %NULL for all of them
 *
 * What the next load shows: the therapists who work at @location_id, with their hours
 * there, and the bookings there.
 */
void
spa_calendar_model_set_location (SpaCalendarModel *self,
                                 const char       *location_id)
{
  g_return_if_fail (SPA_IS_CALENDAR_MODEL (self));

  g_free (self->location_id);
  self->location_id = g_strdup (location_id);
}

const char *
spa_calendar_model_get_location (SpaCalendarModel *self)
{
  g_return_val_if_fail (SPA_IS_CALENDAR_MODEL (self), NULL);
  return self->location_id;
}

guint
spa_calendar_model_get_n_columns (SpaCalendarModel *self)
{
  g_return_val_if_fail (SPA_IS_CALENDAR_MODEL (self), 0);
  return self->columns->len;
}

/**
 * spa_calendar_model_get_column:
 *
 * Returns: (transfer none): the column, valid until the next load
 */
const SpaCalendarColumn *
spa_calendar_model_get_column (SpaCalendarModel *self,
                               guint             index)
{
  g_return_val_if_fail (SPA_IS_CALENDAR_MODEL (self), NULL);
  g_return_val_if_fail (index < self->columns->len, NULL);
  return &g_array_index (self->columns, SpaCalendarColumn, index);
}

/**
 * spa_calendar_model_get_bookings:
 *
 * Returns: (transfer none) (nullable): the bookings the columns span, valid until the
 *   next load; %NULL when there is no column or they could not be read
 */
SpaDayBookings *
spa_calendar_model_get_bookings (SpaCalendarModel *self)
{
  g_return_val_if_fail (SPA_IS_CALENDAR_MODEL (self), NULL);
  return self->bookings;
}

/**
 * spa_calendar_model_get_booking:
 *
 * The record of a booking shown, for what is done with it (its menu).
 *
 * Returns: (transfer full) (nullable): the booking
 */
SpaRecord *
spa_calendar_model_get_booking (SpaCalendarModel *self,
                                const char       *booking_id,
                                GError          **error)
{
  g_return_val_if_fail (SPA_IS_CALENDAR_MODEL (self), NULL);
  return spa_store_get (self->store, "booking", booking_id, error);
}

/**
 * spa_calendar_model_format_time:
 * @utc: a time as stored
 *
 * Returns: (transfer full): @utc as the spa's local time of day
 */
char *
spa_calendar_model_format_time (SpaCalendarModel *self,
                                const char       *utc)
{
  g_return_val_if_fail (SPA_IS_CALENDAR_MODEL (self), NULL);
  return spa_schedule_format_local_time (self->store, utc);
}

/**
 * spa_calendar_model_get_sync:
 * @refusal: (out) (optional) (transfer full): why the server refused the booking
 *
 * A booking the server refused stays, flagged, until it is rescheduled; once this desk
 * has synced, a change the server has not confirmed yet is marked as such.
 *
 * Returns: what the booking's card says of its sync
 */
SpaCalendarSync
spa_calendar_model_get_sync (SpaCalendarModel *self,
                             const char       *booking_id,
                             char            **refusal)
{
  g_autofree char *refused = NULL;

  g_return_val_if_fail (SPA_IS_CALENDAR_MODEL (self), SPA_CALENDAR_SYNC_NONE);

  refused = spa_sync_local_get_rejection (self->store, "booking", booking_id, NULL);
  if (refused != NULL)
    {
      if (refusal != NULL)
        *refusal = g_steal_pointer (&refused);
      return SPA_CALENDAR_SYNC_REFUSED;
    }
  if (spa_sync_local_has_synced (self->store) &&
      spa_sync_local_is_unconfirmed (self->store, "booking", booking_id))
    return SPA_CALENDAR_SYNC_UNCONFIRMED;
  return SPA_CALENDAR_SYNC_NONE;
}

/**
 * spa_calendar_model_is_paid:
 * @booking_id: a booking shown
 *
 * What the booking's card says of the till, as Today's row and the booking editor do
 * (spa_store_money_booking_is_paid()). A desk that receives no invoices (a therapist's)
 * never knows a booking paid.
 *
 * Returns: whether an issued sale for the booking has nothing left due
 */
gboolean
spa_calendar_model_is_paid (SpaCalendarModel *self,
                            const char       *booking_id)
{
  g_return_val_if_fail (SPA_IS_CALENDAR_MODEL (self), FALSE);

  return spa_store_money_booking_is_paid (self->store, booking_id);
}
