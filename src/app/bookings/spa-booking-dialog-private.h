/* spa-booking-dialog-private.h: what the tests look at and do inside a SpaBookingDialog
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-booking-dialog.h"

G_BEGIN_DECLS

GtkEditable      *spa_booking_dialog_get_client_search (SpaBookingDialog *self);
GtkListBox       *spa_booking_dialog_get_client_results (SpaBookingDialog *self);
const char       *spa_booking_dialog_get_error     (SpaBookingDialog *self,
                                                    const char       *field);
gboolean          spa_booking_dialog_set_client    (SpaBookingDialog *self,
                                                    const char       *client_id);
gboolean          spa_booking_dialog_set_service   (SpaBookingDialog *self,
                                                    const char       *service_id);
gboolean          spa_booking_dialog_set_therapist (SpaBookingDialog *self,
                                                    const char       *therapist_id);
gboolean          spa_booking_dialog_set_room      (SpaBookingDialog *self,
                                                    const char       *room_id);
void              spa_booking_dialog_set_start     (SpaBookingDialog *self,
                                                    GDateTime        *starts);
gboolean          spa_booking_dialog_can_save      (SpaBookingDialog *self);
gboolean          spa_booking_dialog_save          (SpaBookingDialog *self);

G_END_DECLS
