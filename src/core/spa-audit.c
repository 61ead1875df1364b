/* spa-audit.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-audit"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-audit-fields.h"
#include "spa-audit.h"
#include "spa-entity.h"
#include "spa-store-private.h"
#include "spa-sync-local.h"
#include "spa-validate.h"

/*
 * The audit trail of clinical access (docs/audit.md): an event for each opening of a
 * client's intake or notes, each print and each export, written with its outbox row like
 * any record and synced, but append-only: validation refuses a second write of the same
 * event, migration 51's triggers refuse any UPDATE of what it says and any DELETE, and
 * the server refuses a change or a delete.
 */

static const SpaFieldInfo audit_event_fields[] = {
  { SPA_AUDIT_EVENT_OCCURRED_AT, SPA_FIELD_TEXT, N_("When") },
  { SPA_AUDIT_EVENT_ACTOR_ID, SPA_FIELD_TEXT, N_("Who") },
  { SPA_AUDIT_EVENT_ACTOR_NAME, SPA_FIELD_TEXT, N_("Name") },
  { SPA_AUDIT_EVENT_DESK_ID, SPA_FIELD_TEXT, N_("Desk") },
  { SPA_AUDIT_EVENT_CLIENT_ID, SPA_FIELD_TEXT, N_("Client") },
  { SPA_AUDIT_EVENT_ACTION, SPA_FIELD_TEXT, N_("Action") },
  { SPA_AUDIT_EVENT_DETAIL, SPA_FIELD_TEXT, N_("Detail") },
};

static const char * const actions[] = {
  SPA_AUDIT_INTAKE_OPENED,
  SPA_AUDIT_NOTES_OPENED,
  SPA_AUDIT_NOTE_OPENED,
  SPA_AUDIT_PRINTED,
  SPA_AUDIT_EXPORTED,
  SPA_AUDIT_CLIENT_FILE_EXPORTED,
  NULL,
};

static gboolean
validate_audit_event (SpaStore   *store,
                      SpaRecord  *event,
                      GError    **error)
{
  return spa_validate_not_locked (store, event, NULL,
                                  _("An audit event cannot be changed once written."), error) &&
         spa_validate_time (event, SPA_AUDIT_EVENT_OCCURRED_AT, TRUE, error) &&
         spa_validate_required (event, SPA_AUDIT_EVENT_DESK_ID, _("Say which desk."), error) &&
         spa_validate_one_of (event, SPA_AUDIT_EVENT_ACTION, actions, TRUE, error);
}

const SpaEntityInfo spa_audit_event_entity = {
  .name = SPA_AUDIT_EVENT_ENTITY,
  .fields = audit_event_fields,
  .n_fields = G_N_ELEMENTS (audit_event_fields),
  .validate = validate_audit_event,
  .undeletable = TRUE,
};

/**
 * spa_audit_record:
 * @actor: (nullable): who is signed in at the desk; %NULL on a desk without sign-in
 * @client_id: (nullable): the client whose records were opened, printed or exported;
 *   %NULL for the whole spa's export
 * @action: one of the `SPA_AUDIT_*` actions
 * @detail: (nullable): what exactly (which printout, which folder)
 *
 * Writes an audit event, now, for this desk, with its outbox row.
 */
gboolean
spa_audit_record (SpaStore    *store,
                  SpaAccount  *actor,
                  const char  *client_id,
                  const char  *action,
                  const char  *detail,
                  GError     **error)
{
  g_autoptr(SpaRecord) event = spa_record_new (SPA_AUDIT_EVENT_ENTITY);
  g_autofree char *desk_id = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  g_return_val_if_fail (actor == NULL || SPA_IS_ACCOUNT (actor), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  desk_id = spa_sync_local_device_id (store, error);
  if (desk_id == NULL)
    return FALSE;
  now = spa_store_now_utc (store);

  spa_record_set_string (event, SPA_AUDIT_EVENT_OCCURRED_AT, now);
  spa_record_set_string (event, SPA_AUDIT_EVENT_DESK_ID, desk_id);
  spa_record_set_string (event, SPA_AUDIT_EVENT_ACTION, action);
  if (actor != NULL)
    {
      spa_record_set_string (event, SPA_AUDIT_EVENT_ACTOR_ID, spa_account_get_id (actor));
      spa_record_set_string (event, SPA_AUDIT_EVENT_ACTOR_NAME, spa_account_get_name (actor));
    }
  if (client_id != NULL)
    spa_record_set_string (event, SPA_AUDIT_EVENT_CLIENT_ID, client_id);
  if (detail != NULL)
    spa_record_set_string (event, SPA_AUDIT_EVENT_DETAIL, detail);

  return spa_store_save (store, event, error);
}

static GPtrArray *
list_newest_first (SpaStore    *store,
                   const char  *where_and_order,
                   const char  *id,
                   GError     **error)
{
  const char *params[] = { id, NULL };

  return spa_store_query (store, SPA_AUDIT_EVENT_ENTITY, where_and_order, params, error);
}

/**
 * spa_audit_list_for_client:
 *
 * Returns: (transfer full) (element-type SpaRecord): the client's audit events, newest
 *   first
 */
GPtrArray *
spa_audit_list_for_client (SpaStore    *store,
                           const char  *client_id,
                           GError     **error)
{
  g_return_val_if_fail (client_id != NULL, NULL);

  return list_newest_first (store, "WHERE client_id = ? ORDER BY occurred_at DESC, rid DESC",
                            client_id, error);
}

/**
 * spa_audit_list_for_actor:
 * @actor_id: a desk account's or the server's user's id
 *
 * Returns: (transfer full) (element-type SpaRecord): what the user did, newest first
 */
GPtrArray *
spa_audit_list_for_actor (SpaStore    *store,
                          const char  *actor_id,
                          GError     **error)
{
  g_return_val_if_fail (actor_id != NULL, NULL);

  return list_newest_first (store, "WHERE actor_id = ? ORDER BY occurred_at DESC, rid DESC",
                            actor_id, error);
}

/**
 * spa_audit_action_label:
 *
 * Returns: the action as a person reads it, translated
 */
const char *
spa_audit_action_label (const char *action)
{
  if (g_strcmp0 (action, SPA_AUDIT_INTAKE_OPENED) == 0)
    return _("Opened the intake");
  if (g_strcmp0 (action, SPA_AUDIT_NOTES_OPENED) == 0)
    return _("Opened the session notes");
  if (g_strcmp0 (action, SPA_AUDIT_NOTE_OPENED) == 0)
    return _("Opened a session note");
  if (g_strcmp0 (action, SPA_AUDIT_PRINTED) == 0)
    return _("Printed");
  if (g_strcmp0 (action, SPA_AUDIT_EXPORTED) == 0)
    return _("Exported the whole spa");
  if (g_strcmp0 (action, SPA_AUDIT_CLIENT_FILE_EXPORTED) == 0)
    return _("Exported the client's file");
  return action;
}
