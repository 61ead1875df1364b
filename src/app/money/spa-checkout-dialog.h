/* spa-checkout-dialog.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"
#include "spa-core.h"

G_BEGIN_DECLS

#define SPA_TYPE_CHECKOUT_DIALOG (spa_checkout_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SpaCheckoutDialog, spa_checkout_dialog, SPA, CHECKOUT_DIALOG, AdwWindow)

SpaCheckoutDialog *spa_checkout_dialog_new         (SpaContext        *context,
                                                    SpaCheckoutDraft  *draft);
SpaCheckoutDraft  *spa_checkout_dialog_get_draft   (SpaCheckoutDialog *self);
SpaRecord         *spa_checkout_dialog_get_invoice (SpaCheckoutDialog *self);

G_END_DECLS
