/* spa-data-actions.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"
#include "spa-core.h"
#include "spa-note-chain.h"

G_BEGIN_DECLS

void       spa_data_actions_install        (GtkWidgetClass *window_class);
GtkWidget *spa_data_actions_import_clients (GtkWidget      *window);
gboolean   spa_data_actions_export_records (GtkWidget      *window);
gboolean   spa_data_actions_export_client_file (GtkWidget  *window,
                                                const char *client_id);
gboolean   spa_data_actions_verify_records (GtkWidget      *window);
gboolean   spa_data_actions_print_chart    (GtkWidget      *widget,
                                            const char     *kind,
                                            const char     *id);
gboolean   spa_data_actions_export_chart   (GtkWidget      *widget,
                                            const char     *kind,
                                            const char     *id,
                                            const char     *path,
                                            GError        **error);
void       spa_data_actions_audit          (SpaContext     *context,
                                            const char     *client_id,
                                            const char     *action,
                                            const char     *detail);
char      *spa_data_actions_describe_break (SpaStore                *store,
                                            const SpaNoteChainBreak *brk);

G_END_DECLS
