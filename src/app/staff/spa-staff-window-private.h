/* spa-staff-window-private.h: what the tests look at inside a SpaStaffWindow
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-staff-window.h"

G_BEGIN_DECLS

const char     *spa_staff_window_get_error  (SpaStaffWindow *self,
                                             GtkWidget      *editor);

G_END_DECLS
