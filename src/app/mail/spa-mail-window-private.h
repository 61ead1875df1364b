/* spa-mail-window-private.h: what the tests do inside a SpaMailWindow
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-mail-window.h"

G_BEGIN_DECLS

void spa_mail_window_show_messages (SpaMailWindow *self,
                                    GPtrArray     *messages);

G_END_DECLS
