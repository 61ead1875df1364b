/* spa-account.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "spa-record.h"
#include "spa-role.h"
#include "spa-store.h"

G_BEGIN_DECLS

/**
 * SpaAccountError:
 * @SPA_ACCOUNT_ERROR_WRONG_PIN: the PIN does not match
 * @SPA_ACCOUNT_ERROR_THROTTLED: too many wrong PINs; wait before trying again
 * @SPA_ACCOUNT_ERROR_READ_ONLY: the account comes from the spa server and is changed there
 */
typedef enum
{
  SPA_ACCOUNT_ERROR_WRONG_PIN,
  SPA_ACCOUNT_ERROR_THROTTLED,
  SPA_ACCOUNT_ERROR_READ_ONLY,
} SpaAccountError;

#define SPA_ACCOUNT_ERROR (spa_account_error_quark ())
GQuark spa_account_error_quark (void);

/* Wrong PINs in a row before an account waits, and how long it waits. */
#define SPA_ACCOUNT_MAX_FAILURES   5
#define SPA_ACCOUNT_LOCKOUT_SEC    30

#define SPA_TYPE_ACCOUNT (spa_account_get_type ())

G_DECLARE_FINAL_TYPE (SpaAccount, spa_account, SPA, ACCOUNT, GObject)

const char  *spa_account_get_id           (SpaAccount  *self);
const char  *spa_account_get_name         (SpaAccount  *self);
SpaRole      spa_account_get_role         (SpaAccount  *self);
const char  *spa_account_get_therapist_id (SpaAccount  *self);
gboolean     spa_account_is_from_server   (SpaAccount  *self);

gboolean     spa_pin_check                (const char  *pin,
                                           GError     **error);
char        *spa_pin_hash                 (const char  *pin,
                                           GError     **error);
gboolean     spa_pin_hash_verify          (const char  *hash,
                                           const char  *pin);

SpaAccount  *spa_account_create           (SpaStore    *store,
                                           const char  *name,
                                           SpaRole      role,
                                           const char  *therapist_id,
                                           const char  *pin,
                                           GError     **error);
gboolean     spa_account_update           (SpaStore    *store,
                                           const char  *id,
                                           const char  *name,
                                           SpaRole      role,
                                           const char  *therapist_id,
                                           GError     **error);
gboolean     spa_account_set_pin          (SpaStore    *store,
                                           const char  *id,
                                           const char  *pin,
                                           GError     **error);
gboolean     spa_account_remove           (SpaStore    *store,
                                           const char  *id,
                                           GError     **error);
SpaAccount  *spa_account_lookup           (SpaStore    *store,
                                           const char  *id,
                                           GError     **error);
GPtrArray   *spa_account_list             (SpaStore    *store,
                                           GError     **error);
gboolean     spa_account_verify_pin       (SpaStore    *store,
                                           const char  *id,
                                           const char  *pin,
                                           GError     **error);

gboolean     spa_account_sign_in          (SpaStore    *store,
                                           SpaAccount  *self,
                                           const char  *pin,
                                           GError     **error);
gboolean     spa_account_prove            (SpaAccount  *self,
                                           SpaRecord   *record,
                                           const char  *pin,
                                           GError     **error);

gboolean     spa_account_apply_server_users (SpaStore  *store,
                                             JsonNode  *users,
                                             GError   **error);

G_END_DECLS
