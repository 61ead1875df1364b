/* spa-client-section.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "spa-context.h"

G_BEGIN_DECLS

#define SPA_TYPE_CLIENT_SECTION (spa_client_section_get_type ())

G_DECLARE_INTERFACE (SpaClientSection, spa_client_section, SPA, CLIENT_SECTION, GtkWidget)

struct _SpaClientSectionInterface
{
  GTypeInterface parent_iface;

  void     (*set_context) (SpaClientSection *self,
                           SpaContext       *context);
  void     (*set_client)  (SpaClientSection *self,
                           SpaRecord        *client);
  gboolean (*focus)       (SpaClientSection *self,
                           const char       *record_id);
};

void     spa_client_section_set_context (SpaClientSection *self,
                                         SpaContext       *context);
void     spa_client_section_set_client  (SpaClientSection *self,
                                         SpaRecord        *client);
gboolean spa_client_section_focus       (SpaClientSection *self,
                                         const char       *record_id);

G_END_DECLS
