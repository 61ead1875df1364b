/* spa-client-audit.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-client-section.h"
#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_CLIENT_AUDIT (spa_client_audit_get_type ())

G_DECLARE_FINAL_TYPE (SpaClientAudit, spa_client_audit, SPA, CLIENT_AUDIT, GtkWidget)

GtkListBox *spa_client_audit_get_list (SpaClientAudit *self);
GtkWidget  *spa_client_audit_row_new  (SpaContext     *context,
                                       SpaRecord      *event,
                                       gboolean        by_person);
void        spa_client_audit_fill_list (GtkListBox    *list,
                                        SpaContext    *context,
                                        GPtrArray     *events,
                                        GError        *error,
                                        gboolean       by_person);

G_END_DECLS
