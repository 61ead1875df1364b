/* spa-day-calendar-private.h: what the tests look at and do inside a SpaDayCalendar
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-day-calendar.h"

G_BEGIN_DECLS

guint       spa_day_calendar_get_n_columns   (SpaDayCalendar *self);
const char *spa_day_calendar_get_column_therapist (SpaDayCalendar *self,
                                              guint           column);
GDateTime  *spa_day_calendar_get_slot_time   (SpaDayCalendar *self,
                                              guint           column,
                                              int             minute);
GtkWidget  *spa_day_calendar_get_card        (SpaDayCalendar *self,
                                              const char     *booking_id);
guint       spa_day_calendar_get_n_cards     (SpaDayCalendar *self);
guint       spa_day_calendar_get_n_drawn_cards (SpaDayCalendar *self);
void        spa_day_calendar_activate_slot   (SpaDayCalendar *self,
                                              guint           column,
                                              int             minute);
gboolean    spa_day_calendar_move_booking    (SpaDayCalendar *self,
                                              const char     *booking_id,
                                              guint           column,
                                              int             minute);

G_END_DECLS
