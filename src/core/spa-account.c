/* spa-account.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-account"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "spa-account.h"
#include "spa-error.h"
#include "spa-signature.h"
#include "spa-store-private.h"
#include "spa-util.h"

/*
 * Desk accounts: who is at the desk. Each has a name, a role, an optional link to a
 * therapist record (whose notes the account signs) and a short PIN kept only as an
 * Argon2id hash (libsodium's crypto_pwhash_str, with its salt and cost in the string).
 * A PIN has few possible values, so the hash alone does not make it secret against
 * someone holding the database; what protects it at the desk is that each wrong PIN
 * costs a hash, and five in a row make the account wait (kept in the database, so
 * restarting the app does not reset it).
 *
 * Accounts are local rows, not synced records (a PIN hash never goes into the outbox).
 */

#define PIN_MIN_DIGITS 4
#define PIN_MAX_DIGITS 8
#define NAME_MAX_CHARS 80

struct _SpaAccount
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *therapist_id;
  SpaRole  role;
  gboolean from_server;
  char    *sign_salt;

  /* A server account's signing key, derived from the PIN at sign-in and kept in
   * memory only while the account is signed in (docs/security.md). */
  guint8   key[SPA_SIGNATURE_KEY_BYTES];
  gboolean has_key;
};

G_DEFINE_FINAL_TYPE (SpaAccount, spa_account, G_TYPE_OBJECT)

G_DEFINE_QUARK (spa-account-error-quark, spa_account_error)

static void
spa_account_finalize (GObject *object)
{
  SpaAccount *self = SPA_ACCOUNT (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->therapist_id);
  g_free (self->sign_salt);
  sodium_memzero (self->key, sizeof self->key);

  G_OBJECT_CLASS (spa_account_parent_class)->finalize (object);
}

static void
spa_account_class_init (SpaAccountClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spa_account_finalize;
}

static void
spa_account_init (SpaAccount *self)
{
}

const char *
spa_account_get_id (SpaAccount *self)
{
  g_return_val_if_fail (SPA_IS_ACCOUNT (self), NULL);
  return self->id;
}

const char *
spa_account_get_name (SpaAccount *self)
{
  g_return_val_if_fail (SPA_IS_ACCOUNT (self), NULL);
  return self->name;
}

SpaRole
spa_account_get_role (SpaAccount *self)
{
  g_return_val_if_fail (SPA_IS_ACCOUNT (self), SPA_ROLE_NONE);
  return self->role;
}

/**
 * spa_account_get_therapist_id:
 *
 * Returns: (nullable): the therapist record this account signs notes as
 */
const char *
spa_account_get_therapist_id (SpaAccount *self)
{
  g_return_val_if_fail (SPA_IS_ACCOUNT (self), NULL);
  return self->therapist_id;
}

gboolean
spa_account_is_from_server (SpaAccount *self)
{
  g_return_val_if_fail (SPA_IS_ACCOUNT (self), FALSE);
  return self->from_server;
}

static gboolean
sodium_ready (GError **error)
{
  static gsize initialised = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&initialised))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&initialised, 1);
    }
  if (!ok)
    g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED,
                 _("The system’s cryptography library could not be started."));
  return ok;
}

/**
 * spa_pin_check:
 *
 * Whether @pin is an acceptable PIN: 4 to 8 digits.
 */
gboolean
spa_pin_check (const char  *pin,
               GError     **error)
{
  gsize len = pin ? strlen (pin) : 0;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (pin[i]))
      {
        spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "pin",
                                  _("A PIN is made of digits only."));
        return FALSE;
      }
  if (len < PIN_MIN_DIGITS || len > PIN_MAX_DIGITS)
    {
      spa_validation_error_set (error, len == 0 ? SPA_VALIDATION_ERROR_REQUIRED : SPA_VALIDATION_ERROR_INVALID,
                                "pin", _("A PIN has %d to %d digits."), PIN_MIN_DIGITS, PIN_MAX_DIGITS);
      return FALSE;
    }
  return TRUE;
}

/**
 * spa_pin_hash:
 *
 * Returns: (transfer full): the Argon2id hash string of @pin (salt and cost included)
 */
char *
spa_pin_hash (const char  *pin,
              GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (!spa_pin_check (pin, error) || !sodium_ready (error))
    return NULL;

  if (crypto_pwhash_str_alg (hash, pin, strlen (pin),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED,
                   _("There is not enough memory to protect the PIN."));
      return NULL;
    }
  return g_strdup (hash);
}

/**
 * spa_pin_hash_verify:
 *
 * Returns: whether @pin matches @hash (made by spa_pin_hash())
 */
gboolean
spa_pin_hash_verify (const char *hash,
                     const char *pin)
{
  if (hash == NULL || pin == NULL || strlen (hash) >= crypto_pwhash_STRBYTES ||
      !sodium_ready (NULL))
    return FALSE;
  return crypto_pwhash_str_verify (hash, pin, strlen (pin)) == 0;
}

#define ACCOUNT_COLUMNS "id, name, role, therapist_id, source, sign_salt"

static SpaAccount *
account_from_row (SpaStmt *stmt)
{
  SpaAccount *self = g_object_new (SPA_TYPE_ACCOUNT, NULL);

  self->id = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  self->name = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  self->role = spa_role_from_string ((const char *)sqlite3_column_text (stmt, 2));
  self->therapist_id = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
  self->from_server = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 4), "server") == 0;
  self->sign_salt = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
  return self;
}

/**
 * spa_account_list:
 *
 * Returns: (transfer full) (element-type SpaAccount): the active accounts by name
 */
GPtrArray *
spa_account_list (SpaStore  *store,
                  GError   **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);

  stmt = spa_store_prepare (store,
                            "SELECT " ACCOUNT_COLUMNS " FROM desk_account WHERE active = 1"
                            " ORDER BY name COLLATE NOCASE, id",
                            error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (accounts, account_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      spa_store_set_error (store, error);
      return NULL;
    }
  return g_steal_pointer (&accounts);
}

/**
 * spa_account_lookup:
 *
 * Returns: (transfer full): the active account @id, or %NULL with
 *   %SPA_STORE_ERROR_NOT_FOUND
 */
SpaAccount *
spa_account_lookup (SpaStore    *store,
                    const char  *id,
                    GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);

  stmt = spa_store_prepare (store,
                            "SELECT " ACCOUNT_COLUMNS " FROM desk_account WHERE id = ? AND active = 1",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id ? id : "", -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND,
                   _("This account no longer exists."));
      return NULL;
    }
  return account_from_row (stmt);
}

/* Name, role and therapist link, as a form would show them. */
static gboolean
check_account (SpaStore    *store,
               const char  *id,
               const char  *name,
               SpaRole      role,
               const char  *therapist_id,
               GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;

  if (spa_str_empty (name))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_REQUIRED, "name",
                                _("Enter the person’s name."));
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > NAME_MAX_CHARS)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "name",
                                _("A name has at most %d characters."), NAME_MAX_CHARS);
      return FALSE;
    }
  if (role == SPA_ROLE_NONE)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "role",
                                _("Choose a role: manager, therapist or front desk."));
      return FALSE;
    }
  if (!spa_str_empty (therapist_id) && !spa_store_exists (store, "therapist", therapist_id))
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_UNKNOWN_REFERENCE, "therapist_id",
                                _("This therapist does not exist."));
      return FALSE;
    }

  stmt = spa_store_prepare (store,
                            "SELECT 1 FROM desk_account WHERE active = 1 AND id != ?"
                            " AND name = ? COLLATE NOCASE",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id ? id : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      spa_validation_error_set (error, SPA_VALIDATION_ERROR_INVALID, "name",
                                _("Another account is already called “%s”."), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_writable (SpaStore    *store,
                const char  *id,
                GError     **error)
{
  g_autoptr(SpaAccount) account = spa_account_lookup (store, id, error);

  if (account == NULL)
    return FALSE;
  if (account->from_server)
    {
      g_set_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_READ_ONLY,
                   _("This account comes from the spa server; change it there."));
      return FALSE;
    }
  return TRUE;
}

/**
 * spa_account_create:
 * @therapist_id: (nullable): the therapist record whose notes this account signs
 *
 * Returns: (transfer full): the new account, or %NULL with a validation error naming
 *   the field (name, role, therapist_id or pin)
 */
SpaAccount *
spa_account_create (SpaStore    *store,
                    const char  *name,
                    SpaRole      role,
                    const char  *therapist_id,
                    const char  *pin,
                    GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *hash = NULL;
  g_autofree char *id = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);

  if (!check_account (store, NULL, trimmed, role, therapist_id, error))
    return NULL;
  hash = spa_pin_hash (pin, error);
  if (hash == NULL)
    return NULL;

  id = spa_uuid_new ();
  now = spa_store_now_utc (store);
  stmt = spa_store_prepare (store,
                            "INSERT INTO desk_account (id, name, role, therapist_id, pin_hash, source,"
                            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'desk', ?, ?)",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, trimmed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, spa_role_to_string (role), -1, SQLITE_STATIC);
  if (spa_str_empty (therapist_id))
    sqlite3_bind_null (stmt, 4);
  else
    sqlite3_bind_text (stmt, 4, therapist_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  if (!spa_store_step_done (store, stmt, error))
    return NULL;
  g_clear_pointer (&stmt, spa_stmt_release);

  return spa_account_lookup (store, id, error);
}

/**
 * spa_account_update:
 *
 * Changes an account's name, role and therapist link (not its PIN).
 */
gboolean
spa_account_update (SpaStore    *store,
                    const char  *id,
                    const char  *name,
                    SpaRole      role,
                    const char  *therapist_id,
                    GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *now = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);

  if (!check_writable (store, id, error) ||
      !check_account (store, id, trimmed, role, therapist_id, error))
    return FALSE;

  now = spa_store_now_utc (store);
  stmt = spa_store_prepare (store,
                            "UPDATE desk_account SET name = ?, role = ?, therapist_id = ?, updated_at = ?"
                            " WHERE id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, trimmed, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, spa_role_to_string (role), -1, SQLITE_STATIC);
  if (spa_str_empty (therapist_id))
    sqlite3_bind_null (stmt, 3);
  else
    sqlite3_bind_text (stmt, 3, therapist_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, id, -1, SQLITE_TRANSIENT);
  return spa_store_step_done (store, stmt, error);
}

/**
 * spa_account_set_pin:
 *
 * Replaces the account's PIN (and lifts any wait after wrong PINs).
 */
gboolean
spa_account_set_pin (SpaStore    *store,
                     const char  *id,
                     const char  *pin,
                     GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);

  if (!check_writable (store, id, error))
    return FALSE;
  hash = spa_pin_hash (pin, error);
  if (hash == NULL)
    return FALSE;

  now = spa_store_now_utc (store);
  stmt = spa_store_prepare (store,
                            "UPDATE desk_account SET pin_hash = ?, failed_attempts = 0,"
                            " locked_until = 0, updated_at = ? WHERE id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  return spa_store_step_done (store, stmt, error);
}

/**
 * spa_account_remove:
 *
 * Removes the account from the desk. Its row stays (inactive), so notes it signed
 * keep naming a known account.
 */
gboolean
spa_account_remove (SpaStore    *store,
                    const char  *id,
                    GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);

  if (!check_writable (store, id, error))
    return FALSE;
  now = spa_store_now_utc (store);
  stmt = spa_store_prepare (store, "UPDATE desk_account SET active = 0, updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  return spa_store_step_done (store, stmt, error);
}

static gboolean
record_attempt (SpaStore    *store,
                const char  *id,
                int          failures,
                gint64       locked_until,
                GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (store,
                            "UPDATE desk_account SET failed_attempts = ?, locked_until = ? WHERE id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, failures);
  sqlite3_bind_int64 (stmt, 2, locked_until);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  return spa_store_step_done (store, stmt, error);
}

/**
 * spa_account_verify_pin:
 *
 * Checks @pin against the account's hash. After %SPA_ACCOUNT_MAX_FAILURES wrong PINs
 * in a row the account refuses every PIN, the right one too, for
 * %SPA_ACCOUNT_LOCKOUT_SEC seconds (%SPA_ACCOUNT_ERROR_THROTTLED).
 *
 * Returns: %TRUE if @pin is the account's PIN; else %FALSE with
 *   %SPA_ACCOUNT_ERROR_WRONG_PIN, %SPA_ACCOUNT_ERROR_THROTTLED or a store error
 */
gboolean
spa_account_verify_pin (SpaStore    *store,
                        const char  *id,
                        const char  *pin,
                        GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *hash = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 locked_until;
  int failures;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);

  stmt = spa_store_prepare (store,
                            "SELECT pin_hash, failed_attempts, locked_until FROM desk_account"
                            " WHERE id = ? AND active = 1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id ? id : "", -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND,
                   _("This account no longer exists."));
      return FALSE;
    }
  hash = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  failures = sqlite3_column_int (stmt, 1);
  locked_until = sqlite3_column_int64 (stmt, 2);
  g_clear_pointer (&stmt, spa_stmt_release);

  if (locked_until > now)
    {
      int wait = (int)(locked_until - now);

      g_set_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_THROTTLED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Too many wrong PINs. Try again in %d second.",
                                "Too many wrong PINs. Try again in %d seconds.", wait),
                   wait);
      return FALSE;
    }

  if (spa_pin_hash_verify (hash, pin))
    return failures == 0 || record_attempt (store, id, 0, 0, error);

  failures++;
  if (failures >= SPA_ACCOUNT_MAX_FAILURES)
    {
      if (!record_attempt (store, id, 0, now + SPA_ACCOUNT_LOCKOUT_SEC, error))
        return FALSE;
      g_set_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_THROTTLED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Too many wrong PINs. Try again in %d second.",
                                "Too many wrong PINs. Try again in %d seconds.",
                                SPA_ACCOUNT_LOCKOUT_SEC),
                   SPA_ACCOUNT_LOCKOUT_SEC);
      return FALSE;
    }
  if (!record_attempt (store, id, failures, 0, error))
    return FALSE;
  g_set_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_WRONG_PIN, _("Wrong PIN. Try again."));
  return FALSE;
}

/**
 * spa_account_sign_in:
 *
 * Checks @pin as spa_account_verify_pin() does; for an account from the spa server,
 * also derives its signing key from @pin and keeps it in @self, so that what the
 * account writes while signed in (amendments) carries its proof.
 */
gboolean
spa_account_sign_in (SpaStore    *store,
                     SpaAccount  *self,
                     const char  *pin,
                     GError     **error)
{
  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  g_return_val_if_fail (SPA_IS_ACCOUNT (self), FALSE);

  if (!spa_account_verify_pin (store, self->id, pin, error))
    return FALSE;
  if (self->from_server && spa_signature_check_salt (self->sign_salt))
    self->has_key = spa_signature_derive_key (pin, self->sign_salt, self->key, NULL);
  return TRUE;
}

/**
 * spa_account_prove:
 * @record: a signed session note or an amendment, as it is saved
 * @pin: (nullable): the PIN just typed (and checked), or %NULL for the key kept
 *   at sign-in
 *
 * Sets @record's `signature` to the account's proof (spa-signature.c) when the account
 * comes from the spa server; a desk account has no key and signs with the desk's
 * own sync account, so @record is left alone.
 */
gboolean
spa_account_prove (SpaAccount  *self,
                   SpaRecord   *record,
                   const char  *pin,
                   GError     **error)
{
  guint8 key[SPA_SIGNATURE_KEY_BYTES];
  g_autofree char *proof = NULL;

  g_return_val_if_fail (SPA_IS_ACCOUNT (self), FALSE);

  /* A server older than signing keys sent no salt: no proof, as before. */
  if (!self->from_server || !spa_signature_check_salt (self->sign_salt))
    return TRUE;
  if (pin != NULL)
    {
      if (!spa_signature_derive_key (pin, self->sign_salt, key, error))
        return FALSE;
    }
  else if (self->has_key)
    memcpy (key, self->key, sizeof key);
  else
    {
      g_set_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_WRONG_PIN,
                   _("Sign in again with your PIN to write this."));
      return FALSE;
    }
  proof = spa_signature_prove (record, self->name, key);
  sodium_memzero (key, sizeof key);
  spa_record_set_string (record, "signature", proof);
  return TRUE;
}
