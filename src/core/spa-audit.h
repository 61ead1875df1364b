/* spa-audit.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "spa-account.h"

G_BEGIN_DECLS

gboolean    spa_audit_record          (SpaStore    *store,
                                       SpaAccount  *actor,
                                       const char  *client_id,
                                       const char  *action,
                                       const char  *detail,
                                       GError     **error);
GPtrArray  *spa_audit_list_for_client (SpaStore    *store,
                                       const char  *client_id,
                                       GError     **error);
GPtrArray  *spa_audit_list_for_actor  (SpaStore    *store,
                                       const char  *actor_id,
                                       GError     **error);
const char *spa_audit_action_label    (const char  *action);

G_END_DECLS
