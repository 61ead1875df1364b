/* spa-window.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_WINDOW (spa_window_get_type ())

G_DECLARE_FINAL_TYPE (SpaWindow, spa_window, SPA, WINDOW, AdwApplicationWindow)

SpaWindow  *spa_window_new                         (GtkApplication *application,
                                                    SpaContext     *context);
SpaContext *spa_window_get_context                 (SpaWindow      *self);
void        spa_window_show_view                   (SpaWindow      *self,
                                                    const char     *name);
const char *spa_window_get_view                    (SpaWindow      *self);
void        spa_window_add_toast                   (SpaWindow      *self,
                                                    AdwToast       *toast);
gboolean    spa_window_show_client                 (SpaWindow      *self,
                                                    const char     *client_id,
                                                    const char     *section);
GtkWidget  *spa_window_get_clients_page            (SpaWindow      *self);
GtkWidget  *spa_window_get_calendar_page           (SpaWindow      *self);
GtkWidget  *spa_window_get_today_page              (SpaWindow      *self);
gboolean    spa_window_save_png                    (SpaWindow      *self,
                                                    const char     *path,
                                                    GError        **error);
void        spa_window_save_screenshot_when_ready  (SpaWindow      *self,
                                                    const char     *path);
void        spa_window_quit_after_first_frame      (SpaWindow      *self);
void        spa_window_lock                        (SpaWindow      *self);
gboolean    spa_window_is_locked                   (SpaWindow      *self);
gboolean    spa_window_sign_in                     (SpaWindow      *self,
                                                    const char     *name,
                                                    const char     *pin,
                                                    GError        **error);

G_END_DECLS
