/* spa-signature.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "spa-record.h"

G_BEGIN_DECLS

/* The signing key: 32 bytes derived from a PIN and a salt (docs/security.md). */
#define SPA_SIGNATURE_KEY_BYTES 32

char     *spa_signature_new_salt   (void);
gboolean  spa_signature_check_salt (const char  *salt);
gboolean  spa_signature_derive_key (const char  *pin,
                                    const char  *salt,
                                    guint8       key[SPA_SIGNATURE_KEY_BYTES],
                                    GError     **error);
char     *spa_signature_key_to_hex (const guint8 key[SPA_SIGNATURE_KEY_BYTES]);
char     *spa_signature_prove      (SpaRecord   *record,
                                    const char  *signer,
                                    const guint8 key[SPA_SIGNATURE_KEY_BYTES]);
gboolean  spa_signature_verify     (SpaRecord   *record,
                                    const char  *signer,
                                    const char  *key_hex);

G_END_DECLS
