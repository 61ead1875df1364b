/* spa-staff-window.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_STAFF_WINDOW (spa_staff_window_get_type ())

G_DECLARE_FINAL_TYPE (SpaStaffWindow, spa_staff_window, SPA, STAFF_WINDOW, AdwPreferencesWindow)

SpaStaffWindow *spa_staff_window_new        (SpaContext     *context);
GtkWidget      *spa_staff_window_add_record (SpaStaffWindow *self,
                                             const char     *entity);
GtkEditable    *spa_staff_window_get_field  (SpaStaffWindow *self,
                                             GtkWidget      *editor,
                                             const char     *field);
gboolean        spa_staff_window_save       (SpaStaffWindow *self,
                                             GtkWidget      *editor);

G_END_DECLS
