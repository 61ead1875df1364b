/* spa-account-server.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-account"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spa-account.h"
#include "spa-error.h"
#include "spa-signature.h"
#include "spa-store-private.h"
#include "spa-util.h"

/*
 * A desk signed in to a spa server takes the server's users as its desk accounts
 * (docs/sync-protocol.md, "Desk accounts"): read-only rows with source 'server', whose
 * PIN hashes let the desk check a PIN offline and whose salts let it derive the key
 * that proves a signature to the server (docs/security.md).
 */

/* More users than any spa has: a longer list is no server's. */
#define MAX_SERVER_USERS 1000
#define NAME_MAX_CHARS   80
#define PIN_HASH_MAX     127   /* crypto_pwhash_STRBYTES - 1 */

typedef struct
{
  const char *name;
  const char *role;
  const char *therapist_id;
  const char *pin_hash;
  const char *sign_salt;
} ServerUser;

static const char *
member_string (JsonObject *object,
               const char *member,
               gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
read_user (JsonNode   *node,
           ServerUser *user)
{
  JsonObject *object;
  gboolean ok = TRUE;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  user->name = member_string (object, "name", &ok);
  user->role = member_string (object, "role", &ok);
  user->therapist_id = member_string (object, "therapist_id", &ok);
  user->pin_hash = member_string (object, "pin_hash", &ok);
  user->sign_salt = member_string (object, "sign_salt", &ok);

  return ok && !spa_str_empty (user->name) && g_utf8_strlen (user->name, -1) <= NAME_MAX_CHARS &&
         spa_role_from_string (user->role) != SPA_ROLE_NONE &&
         (user->therapist_id == NULL || strlen (user->therapist_id) <= 64) &&
         user->pin_hash != NULL && g_str_has_prefix (user->pin_hash, "$argon2id$") &&
         strlen (user->pin_hash) <= PIN_HASH_MAX &&
         (user->sign_salt == NULL || spa_signature_check_salt (user->sign_salt));
}

static gboolean
exec (SpaStore    *store,
      const char  *sql,
      const char  *now,
      GError     **error)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  return spa_store_step_done (store, stmt, error);
}

static gboolean
upsert_user (SpaStore          *store,
             const ServerUser  *user,
             const char        *now,
             GError           **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *id = g_strconcat ("server:", user->name, NULL);

  /* A new PIN lifts the wait after wrong ones; the same PIN keeps the count. */
  stmt = spa_store_prepare (store,
                            "INSERT INTO desk_account (id, name, role, therapist_id, pin_hash,"
                            " source, sign_salt, active, created_at, updated_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, 'server', ?6, 1, ?7, ?7)"
                            " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                            "  role = excluded.role, therapist_id = excluded.therapist_id,"
                            "  sign_salt = excluded.sign_salt,"
                            "  active = 1, updated_at = excluded.updated_at,"
                            "  failed_attempts = CASE WHEN pin_hash = excluded.pin_hash"
                            "    THEN failed_attempts ELSE 0 END,"
                            "  locked_until = CASE WHEN pin_hash = excluded.pin_hash"
                            "    THEN locked_until ELSE 0 END,"
                            "  pin_hash = excluded.pin_hash",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, user->role, -1, SQLITE_TRANSIENT);
  if (spa_str_empty (user->therapist_id))
    sqlite3_bind_null (stmt, 4);
  else
    sqlite3_bind_text (stmt, 4, user->therapist_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, user->pin_hash, -1, SQLITE_TRANSIENT);
  if (user->sign_salt == NULL)
    sqlite3_bind_null (stmt, 6);
  else
    sqlite3_bind_text (stmt, 6, user->sign_salt, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  if (!spa_store_step_done (store, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, spa_stmt_release);

  /* The server's user replaces the desk's own account of the same name. */
  stmt = spa_store_prepare (store,
                            "UPDATE desk_account SET active = 0, updated_at = ?"
                            " WHERE source = 'desk' AND active = 1 AND name = ? COLLATE NOCASE",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user->name, -1, SQLITE_TRANSIENT);
  return spa_store_step_done (store, stmt, error);
}

/**
 * spa_account_apply_server_users:
 * @users: the `users` array of the server's `GET /v1/sync/users` reply
 *
 * Makes the server's users (those with a PIN) the desk's server accounts, in one
 * transaction: new ones are added, changed ones updated, the others leave the lock
 * screen (their rows stay, inactive). A desk account with the name of a server user
 * leaves it too. A list that is not what the protocol says changes nothing.
 */
gboolean
spa_account_apply_server_users (SpaStore  *store,
                                JsonNode  *users,
                                GError   **error)
{
  g_autofree char *now = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;
  guint n;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);

  if (users == NULL || !JSON_NODE_HOLDS_ARRAY (users) ||
      (n = json_array_get_length (array = json_node_get_array (users))) > MAX_SERVER_USERS)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED,
                   _("The sync server sent a list of users this desk cannot read."));
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      ServerUser user;

      if (!read_user (json_array_get_element (array, i), &user) ||
          !g_hash_table_add (seen, (gpointer)user.name))
        {
          g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED,
                       _("The sync server sent a list of users this desk cannot read."));
          return FALSE;
        }
    }

  now = spa_store_now_utc (store);
  if (!spa_store_begin (store, error))
    return FALSE;
  if (!exec (store,
             "UPDATE desk_account SET active = 0, updated_at = ?"
             " WHERE source = 'server' AND active = 1",
             now, error))
    goto failed;
  for (guint i = 0; i < n; i++)
    {
      ServerUser user;

      read_user (json_array_get_element (array, i), &user);
      if (!upsert_user (store, &user, now, error))
        goto failed;
    }
  return spa_store_commit (store, error);

failed:
  spa_store_rollback (store);
  return FALSE;
}
