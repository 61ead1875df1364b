/* spa-client-list.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "spa-store.h"

G_BEGIN_DECLS

#define SPA_TYPE_CLIENT_LIST (spa_client_list_get_type ())

G_DECLARE_FINAL_TYPE (SpaClientList, spa_client_list, SPA, CLIENT_LIST, GObject)

SpaClientList *spa_client_list_new          (SpaStore      *store);
void           spa_client_list_set_query    (SpaClientList *self,
                                             const char    *query);
void           spa_client_list_set_archived (SpaClientList *self,
                                             gboolean       archived);
gboolean       spa_client_list_get_archived (SpaClientList *self);
const char    *spa_client_list_get_query    (SpaClientList *self);
void           spa_client_list_reload       (SpaClientList *self);
guint          spa_client_list_find         (SpaClientList *self,
                                             const char    *id);

G_END_DECLS
