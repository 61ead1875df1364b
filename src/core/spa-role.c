/* spa-role.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-role"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-role.h"

/* The intake's answers about health; the front desk sees the intake exists, not these. */
static const char * const health_fields[] = {
  "reason", "goals", "pain_areas", "avoid_areas", "pressure", "conditions",
  "pregnancy_weeks", "recent_injury", "medications", "allergies", NULL
};

SpaRole
spa_role_from_string (const char *role)
{
  if (g_strcmp0 (role, "manager") == 0)
    return SPA_ROLE_MANAGER;
  if (g_strcmp0 (role, "therapist") == 0)
    return SPA_ROLE_THERAPIST;
  if (g_strcmp0 (role, "front_desk") == 0)
    return SPA_ROLE_FRONT_DESK;
  return SPA_ROLE_NONE;
}

const char *
spa_role_to_string (SpaRole role)
{
  switch (role)
    {
    case SPA_ROLE_MANAGER:
      return "manager";
    case SPA_ROLE_THERAPIST:
      return "therapist";
    case SPA_ROLE_FRONT_DESK:
      return "front_desk";
    case SPA_ROLE_NONE:
    default:
      return "none";
    }
}

/**
 * spa_role_get_label:
 *
 * Returns: the role's translated name, for display
 */
const char *
spa_role_get_label (SpaRole role)
{
  switch (role)
    {
    case SPA_ROLE_MANAGER:
      return _("Manager");
    case SPA_ROLE_THERAPIST:
      return _("Therapist");
    case SPA_ROLE_FRONT_DESK:
      return _("Front desk");
    case SPA_ROLE_NONE:
    default:
      return "";
    }
}

/* What the till writes: the front desk checks out and sells (the catalogue, tax rates
 * and promotions are the manager's). */
static gboolean
is_till_record (const char *entity)
{
  static const char * const till[] = {
    "invoice", "invoice_line", "payment", "stock_movement", "client_package", "gift_card", NULL
  };

  return g_strv_contains (till, entity);
}

gboolean
spa_role_may_read (SpaRole     role,
                   const char *entity)
{
  g_return_val_if_fail (entity != NULL, FALSE);

  /* Every desk writes the audit trail; only a manager reads it (docs/audit.md). */
  if (g_str_equal (entity, "audit_event"))
    return role == SPA_ROLE_MANAGER;
  if (role == SPA_ROLE_FRONT_DESK)
    return !g_str_equal (entity, "session_note") && !g_str_equal (entity, "note_amendment");
  /* The till's records are the front desk's and the manager's: a therapist's desk gets
   * no sale, payment, tip or gift-card code (the price list stays readable, for the
   * booking editor's prices and promotions). */
  if (role == SPA_ROLE_THERAPIST)
    return !is_till_record (entity);
  return role != SPA_ROLE_NONE;
}

gboolean
spa_role_may_write (SpaRole     role,
                    const char *entity)
{
  g_return_val_if_fail (entity != NULL, FALSE);

  if (g_str_equal (entity, "audit_event"))
    return role != SPA_ROLE_NONE;

  switch (role)
    {
    case SPA_ROLE_MANAGER:
      return TRUE;
    case SPA_ROLE_THERAPIST:
      return g_str_equal (entity, "client") || g_str_equal (entity, "intake") ||
             g_str_equal (entity, "session_note") || g_str_equal (entity, "note_amendment") ||
             g_str_equal (entity, "booking") || g_str_equal (entity, "waitlist_entry");
    case SPA_ROLE_FRONT_DESK:
      return g_str_equal (entity, "client") || g_str_equal (entity, "booking") ||
             g_str_equal (entity, "waitlist_entry") || is_till_record (entity);
    case SPA_ROLE_NONE:
    default:
      return FALSE;
    }
}

/**
 * spa_role_may_read_field:
 *
 * Whether @role may read @field of @entity records: the entity must be readable, and
 * the front desk never reads an intake's health answers.
 */
gboolean
spa_role_may_read_field (SpaRole     role,
                         const char *entity,
                         const char *field)
{
  g_return_val_if_fail (entity != NULL && field != NULL, FALSE);

  if (!spa_role_may_read (role, entity))
    return FALSE;
  return !(role == SPA_ROLE_FRONT_DESK && g_str_equal (entity, "intake") &&
           g_strv_contains (health_fields, field));
}

/**
 * spa_role_may_refund:
 *
 * Whether @role may refund an invoice (issue a credit note): a manager only.
 */
gboolean
spa_role_may_refund (SpaRole role)
{
  return role == SPA_ROLE_MANAGER;
}

/**
 * spa_role_may_move_records:
 *
 * Whether @role may import clients, undo an import, export the spa's records and
 * verify the signed notes' chain: a manager only, as these touch every client at once.
 */
gboolean
spa_role_may_move_records (SpaRole role)
{
  return role == SPA_ROLE_MANAGER;
}

/**
 * spa_role_may_sign:
 *
 * Whether @role may sign session notes and add amendments.
 */
gboolean
spa_role_may_sign (SpaRole role)
{
  return spa_role_may_write (role, "session_note");
}
