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
                                                gboolean        show_date,
                                                GtkWidget      *extra);
char       *spa_booking_actions_client_name    (SpaStore       *store,
                                                const char     *client_id);

G_END_DECLS
