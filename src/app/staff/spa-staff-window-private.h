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
GtkWidget      *spa_staff_window_find_editor (SpaStaffWindow *self,
                                              const char     *id);
GtkWidget      *spa_staff_window_get_widget (SpaStaffWindow *self,
                                             GtkWidget      *editor,
                                             const char     *field);

G_END_DECLS
