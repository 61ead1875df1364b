/* spa-mail-window.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_MAIL_WINDOW (spa_mail_window_get_type ())

G_DECLARE_FINAL_TYPE (SpaMailWindow, spa_mail_window, SPA, MAIL_WINDOW, AdwWindow)

SpaMailWindow *spa_mail_window_new            (SpaContext     *context);
void           spa_mail_window_install_action (GtkWidgetClass *window_class);
void           spa_mail_window_follow_sync    (GtkWidget      *window,
                                               SpaContext     *context);

G_END_DECLS
