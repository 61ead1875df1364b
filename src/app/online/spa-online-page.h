/* spa-online-page.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_ONLINE_PAGE (spa_online_page_get_type ())

G_DECLARE_FINAL_TYPE (SpaOnlinePage, spa_online_page, SPA, ONLINE_PAGE, AdwPreferencesPage)

SpaOnlinePage *spa_online_page_new       (SpaContext    *context);
gboolean       spa_online_page_save      (SpaOnlinePage *self);

G_END_DECLS
