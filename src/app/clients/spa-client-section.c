/* spa-client-section.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-client-section"

#include "config.h"

#include "spa-client-section.h"

/*
 * What the client page asks of each of its sections (Intake, Sessions, Progress):
 * the context once, the client shown, and to bring one of the client's records into
 * view. The page holds its sections as this interface, not by name.
 */

G_DEFINE_INTERFACE (SpaClientSection, spa_client_section, GTK_TYPE_WIDGET)

static gboolean
spa_client_section_real_focus (SpaClientSection *self,
                               const char       *record_id)
{
  return FALSE;
}

static void
spa_client_section_default_init (SpaClientSectionInterface *iface)
{
  iface->focus = spa_client_section_real_focus;
}

/**
 * spa_client_section_set_context:
 *
 * Gives the section the desk's context; called once, before any client.
 */
void
spa_client_section_set_context (SpaClientSection *self,
                                SpaContext       *context)
{
  g_return_if_fail (SPA_IS_CLIENT_SECTION (self));
  g_return_if_fail (SPA_IS_CONTEXT (context));

  SPA_CLIENT_SECTION_GET_IFACE (self)->set_context (self, context);
}

/**
 * spa_client_section_set_client:
 * @client: (nullable): the client shown
 *
 * Shows @client; pending edits of the previous client's records are saved first.
 */
void
spa_client_section_set_client (SpaClientSection *self,
                               SpaRecord        *client)
{
  g_return_if_fail (SPA_IS_CLIENT_SECTION (self));

  SPA_CLIENT_SECTION_GET_IFACE (self)->set_client (self, client);
}

/**
 * spa_client_section_focus:
 * @record_id: one of the client's records the section shows (an intake, a note)
 *
 * Returns: %TRUE if the section shows it now
 */
gboolean
spa_client_section_focus (SpaClientSection *self,
                          const char       *record_id)
{
  g_return_val_if_fail (SPA_IS_CLIENT_SECTION (self), FALSE);
  g_return_val_if_fail (record_id != NULL, FALSE);

  return SPA_CLIENT_SECTION_GET_IFACE (self)->focus (self, record_id);
}
