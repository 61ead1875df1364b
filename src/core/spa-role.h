/* spa-role.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SpaRole:
 * @SPA_ROLE_NONE: no valid role (an unknown name, a refused token)
 * @SPA_ROLE_MANAGER: everything, including users
 * @SPA_ROLE_THERAPIST: clients, intakes, session notes, bookings; none of the till's
 *   records (invoices, their lines, payments, stock movements, packages sold, gift cards)
 * @SPA_ROLE_FRONT_DESK: clients and bookings; no session notes, no intake health answers
 *
 * What a person may read and change, the same on the server (by token) and at the desk
 * (by the signed-in account).
 */
typedef enum
{
  SPA_ROLE_NONE,
  SPA_ROLE_MANAGER,
  SPA_ROLE_THERAPIST,
  SPA_ROLE_FRONT_DESK,
} SpaRole;

SpaRole      spa_role_from_string   (const char *role);
const char  *spa_role_to_string     (SpaRole     role);
const char  *spa_role_get_label     (SpaRole     role);
gboolean     spa_role_may_read      (SpaRole     role,
                                     const char *entity);
gboolean     spa_role_may_write     (SpaRole     role,
                                     const char *entity);
gboolean     spa_role_may_read_field (SpaRole    role,
                                     const char *entity,
                                     const char *field);
gboolean     spa_role_may_sign      (SpaRole     role);
gboolean     spa_role_may_refund    (SpaRole     role);
gboolean     spa_role_may_move_records (SpaRole  role);

G_END_DECLS
