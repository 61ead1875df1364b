/* spa-schedule.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"
#include "spa-store.h"

G_BEGIN_DECLS

/* A booking that holds its therapist and room: booked, confirmed or checked in. */
gboolean     spa_booking_status_is_active   (const char  *status);
gboolean     spa_booking_is_upcoming        (SpaRecord   *booking,
                                             GDateTime   *now);
gboolean     spa_booking_status_can_change  (const char  *from,
                                             const char  *to);
const char  *spa_booking_status_label       (const char  *status);
void         spa_booking_add_history        (SpaRecord   *booking,
                                             const char  *status,
                                             const char  *at);

void         spa_schedule_set_time_zone     (SpaStore    *store,
                                             GTimeZone   *zone);
GTimeZone   *spa_schedule_get_time_zone     (SpaStore    *store);
GDateTime   *spa_schedule_day_start         (GTimeZone   *zone,
                                             int          year,
                                             int          month,
                                             int          day);
char        *spa_schedule_format_local_time (SpaStore    *store,
                                             const char  *utc);

SpaRecord   *spa_schedule_find_clash        (SpaStore    *store,
                                             SpaRecord   *booking,
                                             const char  *field,
                                             GError     **error);
char        *spa_schedule_describe_clash    (SpaStore    *store,
                                             const char  *field,
                                             SpaRecord   *clash);
gboolean     spa_schedule_check_overlap     (SpaStore    *store,
                                             SpaRecord   *booking,
                                             GError     **error);

GPtrArray   *spa_schedule_bookings_between  (SpaStore    *store,
                                             GDateTime   *from,
                                             GDateTime   *to,
                                             GError     **error);
GPtrArray   *spa_schedule_bookings_of_day   (SpaStore    *store,
                                             GTimeZone   *zone,
                                             GDateTime   *day,
                                             GError     **error);
/**
 * SpaDayBooking:
 *
 * What a calendar draws of a booking, read without building a #SpaRecord. The strings
 * belong to the #SpaDayBookings; room fields are %NULL when no room is booked.
 */
typedef struct
{
  const char *id;
  const char *client_id;
  const char *therapist_id;
  const char *room_id;
  const char *service_id;
  const char *status;
  const char *starts_at;
  const char *ends_at;
  const char *client_name;   /* display name, or "Unknown client" */
  const char *service_name;  /* "" when the service is unknown */
  const char *room_name;
  int         buffer_min;    /* the service's cleanup buffer */
  const char *location_id;   /* never %NULL: the default location when none is named */
} SpaDayBooking;

typedef struct
{
  GArray       *items;       /* SpaDayBooking, by start time */
  GStringChunk *strings;
} SpaDayBookings;

SpaDayBookings *spa_schedule_day_bookings_between (SpaStore    *store,
                                                   GDateTime   *from,
                                                   GDateTime   *to,
                                                   GError     **error);
SpaDayBookings *spa_schedule_day_bookings_of_day  (SpaStore    *store,
                                                   GTimeZone   *zone,
                                                   GDateTime   *day,
                                                   GError     **error);
void            spa_day_bookings_free             (SpaDayBookings *bookings);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaDayBookings, spa_day_bookings_free)

GPtrArray   *spa_schedule_client_bookings   (SpaStore    *store,
                                             const char  *client_id,
                                             GError     **error);

gboolean     spa_schedule_within_working_hours (SpaRecord *therapist,
                                             GTimeZone   *zone,
                                             GDateTime   *starts,
                                             GDateTime   *ends);
GArray      *spa_schedule_working_intervals (SpaRecord   *therapist,
                                             GDateTime   *local_day);
char        *spa_schedule_format_hours      (SpaRecord   *therapist,
                                             GDateTime   *local_day);
gboolean     spa_schedule_within_working_hours_at (SpaRecord *therapist,
                                             const char  *location_id,
                                             GTimeZone   *zone,
                                             GDateTime   *starts,
                                             GDateTime   *ends);
GArray      *spa_schedule_working_intervals_at (SpaRecord *therapist,
                                             const char  *location_id,
                                             GDateTime   *local_day);
char        *spa_schedule_format_hours_at   (SpaRecord   *therapist,
                                             const char  *location_id,
                                             GDateTime   *local_day);

gboolean     spa_schedule_set_status        (SpaStore    *store,
                                             SpaRecord   *booking,
                                             const char  *status,
                                             const char  *reason,
                                             GError     **error);

/**
 * SpaFeedBooking:
 *
 * A booking as a therapist's calendar feed shows it: what it is, when, and the
 * client's first name and the service's name (%NULL when gone).
 */
typedef struct
{
  const char *id;
  const char *starts_at;
  const char *ends_at;
  const char *status;
  const char *client_first_name;
  const char *service_name;
} SpaFeedBooking;

typedef void (*SpaFeedBookingFunc) (const SpaFeedBooking *booking,
                                    gpointer              data);

gboolean     spa_schedule_foreach_feed_booking (SpaStore           *store,
                                                const char         *therapist_id,
                                                const char         *since,
                                                SpaFeedBookingFunc  func,
                                                gpointer            data,
                                                GError            **error);
GPtrArray   *spa_schedule_bookings_to_remind   (SpaStore           *store,
                                                const char         *after,
                                                const char         *until,
                                                gint64              hours,
                                                GError            **error);
GPtrArray   *spa_schedule_visits_ended         (SpaStore           *store,
                                                const char         *after,
                                                const char         *until,
                                                GError            **error);

G_END_DECLS
