/* spa-client-page.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_CLIENT_PAGE (spa_client_page_get_type ())

G_DECLARE_FINAL_TYPE (SpaClientPage, spa_client_page, SPA, CLIENT_PAGE, GtkWidget)

GtkWidget *spa_client_page_new          (SpaContext *context);
void       spa_client_page_set_client   (SpaClientPage *self,
                                         SpaRecord     *client);
SpaRecord *spa_client_page_get_client   (SpaClientPage *self);
void       spa_client_page_show_section (SpaClientPage *self,
                                         const char    *name);
gboolean   spa_client_page_open_note    (SpaClientPage *self,
                                         const char    *note_id);
gboolean   spa_client_page_new_note     (SpaClientPage *self,
                                         const char    *booking_id,
                                         GError       **error);
GtkWidget *spa_client_page_get_section  (SpaClientPage *self,
                                         const char    *name);

void        spa_client_page_set_narrow    (SpaClientPage *self,
                                           gboolean       narrow);

G_END_DECLS
