/* spa-waitlist-dialog.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_WAITLIST_DIALOG (spa_waitlist_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SpaWaitlistDialog, spa_waitlist_dialog, SPA, WAITLIST_DIALOG, AdwWindow)

SpaWaitlistDialog *spa_waitlist_dialog_new (SpaContext *context);

G_END_DECLS
