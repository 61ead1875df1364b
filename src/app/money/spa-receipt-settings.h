/* spa-receipt-settings.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_RECEIPT_SETTINGS (spa_receipt_settings_get_type ())

G_DECLARE_FINAL_TYPE (SpaReceiptSettings, spa_receipt_settings, SPA, RECEIPT_SETTINGS,
                      AdwPreferencesPage)

SpaReceiptSettings *spa_receipt_settings_new (SpaContext *context);

G_END_DECLS
