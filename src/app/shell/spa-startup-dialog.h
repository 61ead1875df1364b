/* spa-startup-dialog.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Responses of the dialog, beside "quit" (its close response). */
#define SPA_STARTUP_RESPONSE_RETRY      "retry"
#define SPA_STARTUP_RESPONSE_START_FRESH "start-fresh"
#define SPA_STARTUP_RESPONSE_BACKUP     "backup"

GtkWidget *spa_startup_dialog_new (const GError *error,
                                   const char   *path);

G_END_DECLS
