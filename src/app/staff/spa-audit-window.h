/* spa-audit-window.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_AUDIT_WINDOW (spa_audit_window_get_type ())

G_DECLARE_FINAL_TYPE (SpaAuditWindow, spa_audit_window, SPA, AUDIT_WINDOW, AdwWindow)

GtkWidget  *spa_audit_window_new      (GtkWindow      *parent,
                                       SpaContext     *context,
                                       SpaAccount     *account);
GtkListBox *spa_audit_window_get_list (SpaAuditWindow *self);

G_END_DECLS
