/* spa-clients-page.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_CLIENTS_PAGE (spa_clients_page_get_type ())

G_DECLARE_FINAL_TYPE (SpaClientsPage, spa_clients_page, SPA, CLIENTS_PAGE, GtkWidget)

GtkWidget  *spa_clients_page_new             (SpaContext *context);
void        spa_clients_page_new_client      (SpaClientsPage *self);
void        spa_clients_page_focus_search    (SpaClientsPage *self);
gboolean    spa_clients_page_show_client     (SpaClientsPage *self,
                                              const char     *client_id);
gboolean    spa_clients_page_select_client   (SpaClientsPage *self,
                                              const char     *client_id);
SpaRecord  *spa_clients_page_dup_selected    (SpaClientsPage *self);
GtkEditable *spa_clients_page_get_search_entry (SpaClientsPage *self);
GListModel *spa_clients_page_get_model       (SpaClientsPage *self);
GtkWidget  *spa_clients_page_get_client_page (SpaClientsPage *self);

gboolean        spa_clients_page_get_folded      (SpaClientsPage *self);
const char     *spa_clients_page_get_shown       (SpaClientsPage *self);

G_END_DECLS
