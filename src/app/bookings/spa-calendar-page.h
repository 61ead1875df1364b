/* spa-calendar-page.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"
#include "spa-day-calendar.h"

G_BEGIN_DECLS

#define SPA_TYPE_CALENDAR_PAGE (spa_calendar_page_get_type ())

G_DECLARE_FINAL_TYPE (SpaCalendarPage, spa_calendar_page, SPA, CALENDAR_PAGE, GtkWidget)

GtkWidget      *spa_calendar_page_new          (SpaContext *context);
void            spa_calendar_page_show_day     (SpaCalendarPage *self,
                                                GDateTime       *day);
void            spa_calendar_page_show_week    (SpaCalendarPage *self,
                                                const char      *therapist_id);
GDateTime      *spa_calendar_page_get_day      (SpaCalendarPage *self);
SpaDayCalendar *spa_calendar_page_get_calendar (SpaCalendarPage *self);

G_END_DECLS
