/* spa-client-bookings.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_CLIENT_BOOKINGS (spa_client_bookings_get_type ())

G_DECLARE_FINAL_TYPE (SpaClientBookings, spa_client_bookings, SPA, CLIENT_BOOKINGS, GtkWidget)

void   spa_client_bookings_set_context (SpaClientBookings *self,
                                        SpaContext        *context);
void   spa_client_bookings_set_client  (SpaClientBookings *self,
                                        SpaRecord         *client);
guint  spa_client_bookings_get_n_upcoming (SpaClientBookings *self);
guint  spa_client_bookings_get_n_past  (SpaClientBookings *self);

G_END_DECLS
