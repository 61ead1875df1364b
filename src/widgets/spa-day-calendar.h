/* spa-day-calendar.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "spa-core.h"

G_BEGIN_DECLS

#define SPA_TYPE_DAY_CALENDAR (spa_day_calendar_get_type ())

G_DECLARE_FINAL_TYPE (SpaDayCalendar, spa_day_calendar, SPA, DAY_CALENDAR, GtkWidget)

#define SPA_DAY_CALENDAR_SLOT_MINUTES 15

GtkWidget  *spa_day_calendar_new             (void);
void        spa_day_calendar_set_model       (SpaDayCalendar *self,
                                              SpaCalendarModel *model);
void        spa_day_calendar_set_time_zone   (SpaDayCalendar *self,
                                              GTimeZone      *zone);
void        spa_day_calendar_set_now         (SpaDayCalendar *self,
                                              GDateTime      *now);
GDateTime  *spa_day_calendar_get_now         (SpaDayCalendar *self);
void        spa_day_calendar_show_day        (SpaDayCalendar *self,
                                              GDateTime      *day);
void        spa_day_calendar_show_therapist_day (SpaDayCalendar *self,
                                              const char     *therapist_id,
                                              GDateTime      *day);
void        spa_day_calendar_show_week       (SpaDayCalendar *self,
                                              const char     *therapist_id,
                                              GDateTime      *first_day);
void        spa_day_calendar_reload          (SpaDayCalendar *self);
void        spa_day_calendar_scroll_to_minute (SpaDayCalendar *self,
                                              int             minute);

G_END_DECLS
