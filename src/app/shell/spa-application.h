/* spa-application.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_APPLICATION (spa_application_get_type ())

G_DECLARE_FINAL_TYPE (SpaApplication, spa_application, SPA, APPLICATION, AdwApplication)

SpaApplication *spa_application_new          (void);
SpaContext     *spa_application_get_context  (SpaApplication *self);
const char     *spa_application_get_data_dir (SpaApplication *self);
int             spa_application_get_exit_status (SpaApplication *self);

G_END_DECLS
