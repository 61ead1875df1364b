/* spa-client-money.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_CLIENT_MONEY (spa_client_money_get_type ())

G_DECLARE_FINAL_TYPE (SpaClientMoney, spa_client_money, SPA, CLIENT_MONEY, AdwPreferencesGroup)

void       spa_client_money_set_context       (SpaClientMoney *self,
                                               SpaContext     *context);
void       spa_client_money_set_client        (SpaClientMoney *self,
                                               SpaRecord      *client);
GtkWidget *spa_client_money_get_refund_button (SpaClientMoney *self,
                                               const char     *invoice_id);

G_END_DECLS
