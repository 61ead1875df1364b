/* spa-client-dialog.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_CLIENT_DIALOG (spa_client_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SpaClientDialog, spa_client_dialog, SPA, CLIENT_DIALOG, AdwWindow)

SpaClientDialog *spa_client_dialog_new          (SpaContext      *context,
                                                 SpaRecord       *client);
GtkEditable     *spa_client_dialog_get_field    (SpaClientDialog *self,
                                                 const char      *field);
gboolean         spa_client_dialog_can_save     (SpaClientDialog *self);
gboolean         spa_client_dialog_save         (SpaClientDialog *self);

G_END_DECLS
