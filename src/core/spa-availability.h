/* spa-availability.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "spa-store.h"

G_BEGIN_DECLS

#define SPA_AVAILABILITY_DEFAULT_SLOT_MINUTES   15
#define SPA_AVAILABILITY_DEFAULT_NOTICE_MINUTES 120
/* The longest range one question may cover. */
#define SPA_AVAILABILITY_MAX_DAYS               31

/**
 * SpaSlot:
 * @therapist_id: who would take it
 * @room_id: (nullable): the first free room, by name; %NULL when the spa has no rooms
 * @starts: the start (in the spa's zone)
 * @ends: the end, the service's duration later
 */
typedef struct
{
  char      *therapist_id;
  char      *room_id;
  GDateTime *starts;
  GDateTime *ends;
} SpaSlot;

void spa_slot_free (SpaSlot *slot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaSlot, spa_slot_free)

/**
 * SpaAvailabilityQuery:
 * @service_id: the service to book
 * @therapist_id: (nullable): one therapist, or %NULL for any who offers it
 * @first_day: any time on the first day wanted, read in @zone
 * @days: how many days from it (1 to %SPA_AVAILABILITY_MAX_DAYS)
 * @now: the current time: no slot starts before @now plus @notice_minutes
 * @zone: the spa's time zone (days and working hours are its wall clock)
 * @slot_minutes: the grid of start times from local midnight (0: the default, 15)
 * @notice_minutes: the minimum notice before a slot's start
 * @online_only: only a service and therapists that take online bookings
 * @max_slots: stop after this many slots (0: no limit)
 * @moving_booking_id: (nullable): a booking being moved, which holds nothing
 * @location_id: (nullable): where: its rooms, the therapists who work there and their
 *   hours there; %NULL: the default location (where a booking naming none is)
 */
typedef struct
{
  const char *service_id;
  const char *therapist_id;
  GDateTime  *first_day;
  guint       days;
  GDateTime  *now;
  GTimeZone  *zone;
  guint       slot_minutes;
  guint       notice_minutes;
  guint       horizon_days;      /* 0: no limit; else no start later than now + that */
  gboolean    online_only;
  guint       max_slots;
  const char *moving_booking_id;
  const char *location_id;
} SpaAvailabilityQuery;

GPtrArray *spa_availability_find        (SpaStore                   *store,
                                         const SpaAvailabilityQuery *query,
                                         GError                    **error);
SpaSlot   *spa_availability_find_at     (SpaStore                   *store,
                                         const SpaAvailabilityQuery *query,
                                         GDateTime                  *starts,
                                         GError                    **error);
gboolean   spa_availability_takes_online (SpaRecord                 *record);

G_END_DECLS
