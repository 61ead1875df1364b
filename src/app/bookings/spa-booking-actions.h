/* spa-booking-actions.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

/**
 * SpaBookingRowFlags:
 * @SPA_BOOKING_ROW_DAY: a row of a day's list: the times and the client
 * @SPA_BOOKING_ROW_DATE: a row of a client's list: the date and the times
 * @SPA_BOOKING_ROW_NARROW: on a phone: the client's name alone in the title, the times
 *   and the status in the subtitle, so that the name is read whatever the row holds
 */
typedef enum
{
  SPA_BOOKING_ROW_DAY    = 0,
  SPA_BOOKING_ROW_DATE   = 1 << 0,
  SPA_BOOKING_ROW_NARROW = 1 << 1,
} SpaBookingRowFlags;

void        spa_booking_actions_install        (GtkWidgetClass *window_class);
GMenuModel *spa_booking_actions_menu           (SpaRecord      *booking);
GtkWidget  *spa_booking_actions_new_booking    (GtkWidget      *widget,
                                                SpaContext     *context,
                                                const char     *client_id,
                                                const char     *service_id,
                                                const char     *therapist_id,
                                                GDateTime      *starts);
GtkWidget  *spa_booking_actions_row_new        (SpaStore       *store,
                                                SpaRecord      *booking,
                                                SpaBookingRowFlags flags,
                                                GtkWidget      *extra);
char       *spa_booking_actions_client_name    (SpaStore       *store,
                                                const char     *client_id);

G_END_DECLS
