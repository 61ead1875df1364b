/* spa-calendar-model.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "spa-schedule.h"
#include "spa-store.h"

G_BEGIN_DECLS

#define SPA_TYPE_CALENDAR_MODEL (spa_calendar_model_get_type ())

G_DECLARE_FINAL_TYPE (SpaCalendarModel, spa_calendar_model, SPA, CALENDAR_MODEL, GObject)

/**
 * SpaCalendarColumn:
 * @therapist_id: whose bookings the column shows
 * @title: the therapist's name (day view) or the day (week view)
 * @subtitle: (nullable): credentials (day view) or the hours worked (week view)
 * @day: the column's local midnight
 * @intervals: working hours that day, as pairs of minutes after midnight
 * @color: (nullable): the therapist's colour as written in their record
 */
typedef struct
{
  char      *therapist_id;
  char      *title;
  char      *subtitle;
  GDateTime *day;
  GArray    *intervals;
  char      *color;
} SpaCalendarColumn;

typedef enum
{
  SPA_CALENDAR_SYNC_NONE,
  SPA_CALENDAR_SYNC_REFUSED,
  SPA_CALENDAR_SYNC_UNCONFIRMED,
} SpaCalendarSync;

SpaCalendarModel        *spa_calendar_model_new            (SpaStore         *store);
gboolean                 spa_calendar_model_load           (SpaCalendarModel *self,
                                                            GTimeZone        *zone,
                                                            GDateTime        *first_day,
                                                            const char       *week_therapist,
                                                            GError          **error);
gboolean                 spa_calendar_model_load_therapist_day (SpaCalendarModel *self,
                                                            GTimeZone        *zone,
                                                            GDateTime        *day,
                                                            const char       *therapist_id,
                                                            GError          **error);
void                     spa_calendar_model_set_location   (SpaCalendarModel *self,
                                                            const char       *location_id);
const char              *spa_calendar_model_get_location   (SpaCalendarModel *self);
guint                    spa_calendar_model_get_n_columns  (SpaCalendarModel *self);
const SpaCalendarColumn *spa_calendar_model_get_column     (SpaCalendarModel *self,
                                                            guint             index);
SpaDayBookings          *spa_calendar_model_get_bookings   (SpaCalendarModel *self);
SpaRecord               *spa_calendar_model_get_booking    (SpaCalendarModel *self,
                                                            const char       *booking_id,
                                                            GError          **error);
char                    *spa_calendar_model_format_time    (SpaCalendarModel *self,
                                                            const char       *utc);
SpaCalendarSync          spa_calendar_model_get_sync       (SpaCalendarModel *self,
                                                            const char       *booking_id,
                                                            char            **refusal);
gboolean                 spa_calendar_model_is_paid        (SpaCalendarModel *self,
                                                            const char       *booking_id);

G_END_DECLS
