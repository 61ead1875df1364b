/* spa-booking-dialog-private.h: what the tests look at inside a SpaBookingDialog
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

G_END_DECLS
