/* spa-today-page.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_TODAY_PAGE (spa_today_page_get_type ())

G_DECLARE_FINAL_TYPE (SpaTodayPage, spa_today_page, SPA, TODAY_PAGE, GtkWidget)

GtkWidget  *spa_today_page_new           (SpaContext *context);
void        spa_today_page_reload        (SpaTodayPage *self);
GtkListBox *spa_today_page_get_schedule  (SpaTodayPage *self);

G_END_DECLS
