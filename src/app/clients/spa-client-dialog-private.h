/* spa-client-dialog-private.h: what the tests look at inside a SpaClientDialog
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-client-dialog.h"

G_BEGIN_DECLS

const char      *spa_client_dialog_get_error    (SpaClientDialog *self,
                                                 const char      *field);

G_END_DECLS
