/* spa-booking-dialog.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_BOOKING_DIALOG (spa_booking_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SpaBookingDialog, spa_booking_dialog, SPA, BOOKING_DIALOG, AdwWindow)

SpaBookingDialog *spa_booking_dialog_new           (SpaContext       *context,
                                                    SpaRecord        *booking);
void              spa_booking_dialog_prefill       (SpaBookingDialog *self,
                                                    const char       *client_id,
                                                    const char       *service_id,
                                                    const char       *therapist_id,
                                                    GDateTime        *starts);
gboolean          spa_booking_dialog_find_free_start (SpaBookingDialog *self,
                                                    GDateTime        *from);

G_END_DECLS
