/* test-accounts.c: desk accounts, PIN hashing and checking, roles
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-account.h"
#include "spa-clinical.h"
#include "spa-signature.h"
#include "spa-store-private.h"
#include "spa-test-util.h"

typedef SpaTestStore Fixture;

static void
test_pin_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = spa_pin_hash ("2468", &error);
  g_autofree char *again = spa_pin_hash ("2468", &error);

  g_assert_no_error (error);
  /* Argon2id, salted: never the PIN, never the same string twice. */
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_null (strstr (hash, "2468"));
  g_assert_cmpstr (hash, !=, again);
  g_assert_true (spa_pin_hash_verify (hash, "2468"));
  g_assert_true (spa_pin_hash_verify (again, "2468"));
  g_assert_false (spa_pin_hash_verify (hash, "2469"));
  g_assert_false (spa_pin_hash_verify (hash, ""));
  g_assert_false (spa_pin_hash_verify ("not a hash", "2468"));
  g_assert_false (spa_pin_hash_verify (NULL, "2468"));
}

static void
test_pin_rules (void)
{
  static const char * const bad[] = { "", "123", "123456789", "12a4", " 1234", "１２３４", NULL };

  for (guint i = 0; bad[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *hash = spa_pin_hash (bad[i], &error);

      g_assert_null (hash);
      g_assert_false (spa_pin_check (bad[i], NULL));
      g_assert_true (error->domain == SPA_VALIDATION_ERROR);
      g_assert_cmpstr (spa_validation_error_get_field (error), ==, "pin");
    }
  g_assert_true (spa_pin_check ("0000", NULL));
  g_assert_true (spa_pin_check ("12345678", NULL));
}

static void
test_create_and_verify (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) claire = spa_test_add_named (f->store, "therapist", "Claire Dubois", NULL);
  g_autoptr(SpaAccount) account = NULL;
  g_autoptr(GPtrArray) accounts = NULL;

  account = spa_account_create (f->store, "  Claire Dubois ", SPA_ROLE_THERAPIST,
                                spa_record_get_id (claire), "1357", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spa_account_get_name (account), ==, "Claire Dubois");
  g_assert_cmpint (spa_account_get_role (account), ==, SPA_ROLE_THERAPIST);
  g_assert_cmpstr (spa_account_get_therapist_id (account), ==, spa_record_get_id (claire));
  g_assert_false (spa_account_is_from_server (account));

  /* The database holds a hash, not the PIN. */
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM desk_account WHERE pin_hash LIKE '%1357%'", NULL), ==, 0);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM desk_account WHERE pin_hash LIKE '$argon2id$%'", NULL), ==, 1);

  g_assert_true (spa_account_verify_pin (f->store, spa_account_get_id (account), "1357", &error));
  g_assert_no_error (error);
  g_assert_false (spa_account_verify_pin (f->store, spa_account_get_id (account), "1358", &error));
  g_assert_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_WRONG_PIN);
  g_clear_error (&error);

  /* A new PIN replaces the old one. */
  g_assert_true (spa_account_set_pin (f->store, spa_account_get_id (account), "97531", &error));
  g_assert_no_error (error);
  g_assert_false (spa_account_verify_pin (f->store, spa_account_get_id (account), "1357", NULL));
  g_assert_true (spa_account_verify_pin (f->store, spa_account_get_id (account), "97531", NULL));

  g_assert_false (spa_account_set_pin (f->store, spa_account_get_id (account), "12", &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "pin");
  g_clear_error (&error);

  accounts = spa_account_list (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
}

static void
assert_field_error (GError     *error,
                    const char *field)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == SPA_VALIDATION_ERROR);
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, field);
}

static void
test_create_refuses (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SpaAccount) maya = spa_account_create (f->store, "Maya", SPA_ROLE_MANAGER, NULL, "1111", NULL);
  SpaAccount *account;
  GError *error = NULL;

  g_assert_nonnull (maya);

  account = spa_account_create (f->store, "   ", SPA_ROLE_MANAGER, NULL, "1111", &error);
  g_assert_null (account);
  assert_field_error (error, "name");
  g_clear_error (&error);

  account = spa_account_create (f->store, "maya", SPA_ROLE_FRONT_DESK, NULL, "2222", &error);
  g_assert_null (account);
  assert_field_error (error, "name");
  g_clear_error (&error);

  account = spa_account_create (f->store, "Tom", SPA_ROLE_NONE, NULL, "2222", &error);
  g_assert_null (account);
  assert_field_error (error, "role");
  g_clear_error (&error);

  account = spa_account_create (f->store, "Tom", SPA_ROLE_THERAPIST, "no-such-therapist", "2222", &error);
  g_assert_null (account);
  assert_field_error (error, "therapist_id");
  g_clear_error (&error);

  account = spa_account_create (f->store, "Tom", SPA_ROLE_THERAPIST, NULL, "22", &error);
  g_assert_null (account);
  assert_field_error (error, "pin");
  g_clear_error (&error);

  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM desk_account", NULL), ==, 1);

  /* A removed account frees its name, is no longer listed and never verifies. */
  g_assert_true (spa_account_remove (f->store, spa_account_get_id (maya), NULL));
  g_assert_false (spa_account_verify_pin (f->store, spa_account_get_id (maya), "1111", &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  account = spa_account_create (f->store, "Maya", SPA_ROLE_MANAGER, NULL, "1111", &error);
  g_assert_no_error (error);
  g_clear_object (&account);
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaAccount) tom = spa_account_create (f->store, "Tom", SPA_ROLE_FRONT_DESK, NULL, "4444", NULL);
  g_autoptr(SpaAccount) ana = spa_account_create (f->store, "Ana", SPA_ROLE_FRONT_DESK, NULL, "5555", NULL);
  g_autoptr(SpaRecord) therapist = spa_test_add_named (f->store, "therapist", "Tom Reyes", NULL);
  g_autoptr(SpaAccount) reread = NULL;

  g_assert_true (spa_account_update (f->store, spa_account_get_id (tom), "Tom Reyes", SPA_ROLE_THERAPIST,
                                     spa_record_get_id (therapist), &error));
  g_assert_no_error (error);
  reread = spa_account_lookup (f->store, spa_account_get_id (tom), &error);
  g_assert_cmpstr (spa_account_get_name (reread), ==, "Tom Reyes");
  g_assert_cmpint (spa_account_get_role (reread), ==, SPA_ROLE_THERAPIST);
  g_assert_cmpstr (spa_account_get_therapist_id (reread), ==, spa_record_get_id (therapist));
  /* The PIN is untouched. */
  g_assert_true (spa_account_verify_pin (f->store, spa_account_get_id (tom), "4444", NULL));

  g_assert_false (spa_account_update (f->store, spa_account_get_id (tom), "ANA", SPA_ROLE_THERAPIST, NULL, &error));
  assert_field_error (error, "name");
}

static void
test_server_accounts_read_only (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *hash = spa_pin_hash ("8642", NULL);
  g_autoptr(SpaAccount) account = NULL;

  stmt = spa_store_prepare (f->store,
                            "INSERT INTO desk_account (id, name, role, pin_hash, source, created_at, updated_at)"
                            " VALUES ('srv-1', 'Theo', 'therapist', ?, 'server', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                            &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  g_assert_true (spa_store_step_done (f->store, stmt, &error));
  g_clear_pointer (&stmt, spa_stmt_release);

  account = spa_account_lookup (f->store, "srv-1", &error);
  g_assert_no_error (error);
  g_assert_true (spa_account_is_from_server (account));
  g_assert_true (spa_account_verify_pin (f->store, "srv-1", "8642", NULL));

  /* The server owns it: the desk can neither change its PIN nor remove it. */
  g_assert_false (spa_account_set_pin (f->store, "srv-1", "1111", &error));
  g_assert_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (spa_account_remove (f->store, "srv-1", &error));
  g_assert_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_true (spa_account_verify_pin (f->store, "srv-1", "8642", NULL));
}

static JsonNode *
users_json (const char *format,
            ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return json_from_string (text, NULL);
}

/* The server's users become the desk's read-only accounts in one go; a list that is
 * not the protocol's changes nothing; a desk account of the same name steps aside. */
static void
test_apply_server_users (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = spa_pin_hash ("8642", NULL);
  g_autofree char *salt = spa_signature_new_salt ();
  g_autoptr(SpaAccount) local = NULL;
  g_autoptr(SpaAccount) theo = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(SpaRecord) amendment = spa_record_new ("note_amendment");
  const char *bad[] = {
    "{\"users\": []}",
    "[{\"name\": \"\", \"role\": \"therapist\", \"pin_hash\": \"%1$s\"}]",
    "[{\"name\": \"Theo\", \"role\": \"boss\", \"pin_hash\": \"%1$s\"}]",
    "[{\"name\": \"Theo\", \"role\": \"therapist\", \"pin_hash\": \"1234\"}]",
    "[{\"name\": \"Theo\", \"role\": \"therapist\", \"pin_hash\": \"%1$s\","
    " \"sign_salt\": \"xyz\"}]",
    "[{\"name\": 7, \"role\": \"therapist\", \"pin_hash\": \"%1$s\"}]",
    "[{\"name\": \"Theo\", \"role\": \"therapist\", \"pin_hash\": \"%1$s\"},"
    " {\"name\": \"Theo\", \"role\": \"manager\", \"pin_hash\": \"%1$s\"}]",
    "[7]",
  };

  local = spa_account_create (f->store, "Theo", SPA_ROLE_THERAPIST, NULL, "1111", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = users_json (bad[i], hash);

      g_assert_false (spa_account_apply_server_users (f->store, node, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  accounts = spa_account_list (f->store, &error);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_clear_pointer (&accounts, g_ptr_array_unref);

  {
    g_autoptr(JsonNode) node = NULL;

    node = users_json ("[{\"name\": \"Theo\", \"role\": \"therapist\", \"therapist_id\": null,"
                       " \"pin_hash\": \"%s\", \"sign_salt\": \"%s\"},"
                       " {\"name\": \"Fran\", \"role\": \"front_desk\", \"pin_hash\": \"%s\"}]",
                       hash, salt, hash);

    g_assert_true (spa_account_apply_server_users (f->store, node, &error));
    g_assert_no_error (error);
  }
  accounts = spa_account_list (f->store, &error);
  g_assert_cmpuint (accounts->len, ==, 2);
  for (guint i = 0; i < accounts->len; i++)
    g_assert_true (spa_account_is_from_server (accounts->pdata[i]));
  g_clear_pointer (&accounts, g_ptr_array_unref);

  /* The server's Theo signs in with the server's PIN; wrong PINs keep counting across
   * a pull that brings the same PIN. */
  theo = spa_account_lookup (f->store, "server:Theo", &error);
  g_assert_no_error (error);
  g_assert_false (spa_account_sign_in (f->store, theo, "1111", &error));
  g_assert_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_WRONG_PIN);
  g_clear_error (&error);
  {
    g_autoptr(JsonNode) node = NULL;

    node = users_json ("[{\"name\": \"Theo\", \"role\": \"therapist\","
                       " \"pin_hash\": \"%s\", \"sign_salt\": \"%s\"}]", hash, salt);

    g_assert_true (spa_account_apply_server_users (f->store, node, &error));
  }
  g_assert_cmpint (spa_test_count_rows (f->store,
                                        "SELECT failed_attempts FROM desk_account WHERE id = ?",
                                        "server:Theo"), ==, 1);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT active FROM desk_account WHERE id = ?",
                                        "server:Fran"), ==, 0);
  g_assert_true (spa_account_sign_in (f->store, theo, "8642", &error));
  g_assert_no_error (error);

  /* Signed in, his key proves what he writes; the proof names him and the record. */
  spa_record_set_string (amendment, "note_id", "n-1");
  spa_record_set_string (amendment, "author", "Theo");
  spa_record_set_string (amendment, "text", "Left side");
  g_assert_true (spa_account_prove (theo, amendment, NULL, &error));
  g_assert_no_error (error);
  {
    guint8 key[SPA_SIGNATURE_KEY_BYTES];
    g_autofree char *key_hex = NULL;

    g_assert_true (spa_signature_derive_key ("8642", salt, key, &error));
    key_hex = spa_signature_key_to_hex (key);
    g_assert_true (spa_signature_verify (amendment, "Theo", key_hex));
    g_assert_false (spa_signature_verify (amendment, "Fran", key_hex));
    spa_record_set_string (amendment, "text", "Right side");
    g_assert_false (spa_signature_verify (amendment, "Theo", key_hex));
    g_assert_true (spa_signature_derive_key ("8643", salt, key, &error));
    g_clear_pointer (&key_hex, g_free);
    key_hex = spa_signature_key_to_hex (key);
    spa_record_set_string (amendment, "text", "Left side");
    g_assert_false (spa_signature_verify (amendment, "Theo", key_hex));
  }
}

static void
test_throttle (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SpaAccount) account = spa_account_create (f->store, "Maya", SPA_ROLE_MANAGER, NULL, "2580", NULL);
  const char *id = spa_account_get_id (account);
  g_autoptr(SpaStore) reopened = NULL;
  g_autofree char *path = g_build_filename (f->dir, "spa-desk.db", NULL);
  GError *error = NULL;

  /* Wrong PINs below the limit do not stop the right one, and it clears the count. */
  for (int i = 0; i < SPA_ACCOUNT_MAX_FAILURES - 1; i++)
    {
      g_assert_false (spa_account_verify_pin (f->store, id, "0000", &error));
      g_assert_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_WRONG_PIN);
      g_clear_error (&error);
    }
  g_assert_true (spa_account_verify_pin (f->store, id, "2580", NULL));

  for (int i = 0; i < SPA_ACCOUNT_MAX_FAILURES - 1; i++)
    g_assert_false (spa_account_verify_pin (f->store, id, "0000", NULL));
  g_assert_false (spa_account_verify_pin (f->store, id, "0000", &error));
  g_assert_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_THROTTLED);
  g_clear_error (&error);

  /* Now even the right PIN waits, and restarting the app does not lift the wait. */
  g_assert_false (spa_account_verify_pin (f->store, id, "2580", &error));
  g_assert_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_THROTTLED);
  g_assert_nonnull (strstr (error->message, "second"));
  g_clear_error (&error);
  reopened = spa_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (spa_account_verify_pin (reopened, id, "2580", &error));
  g_assert_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_THROTTLED);
  g_clear_error (&error);

  /* Once the wait is over, the right PIN works again. */
  g_assert_true (spa_store_exec (f->store, "UPDATE desk_account SET locked_until = 1", NULL));
  g_assert_true (spa_account_verify_pin (f->store, id, "2580", &error));
  g_assert_no_error (error);
}

static void
test_roles (void)
{
  static const SpaRole roles[] = { SPA_ROLE_MANAGER, SPA_ROLE_THERAPIST, SPA_ROLE_FRONT_DESK };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    g_assert_cmpint (spa_role_from_string (spa_role_to_string (roles[i])), ==, roles[i]);
  g_assert_cmpint (spa_role_from_string ("admin"), ==, SPA_ROLE_NONE);
  g_assert_cmpint (spa_role_from_string (NULL), ==, SPA_ROLE_NONE);

  g_assert_false (spa_role_may_read (SPA_ROLE_FRONT_DESK, "session_note"));
  g_assert_false (spa_role_may_read (SPA_ROLE_FRONT_DESK, "note_amendment"));
  g_assert_true (spa_role_may_read (SPA_ROLE_FRONT_DESK, "intake"));
  g_assert_false (spa_role_may_read_field (SPA_ROLE_FRONT_DESK, "intake", "medications"));
  g_assert_false (spa_role_may_read_field (SPA_ROLE_FRONT_DESK, "intake", "pain_areas"));
  g_assert_true (spa_role_may_read_field (SPA_ROLE_FRONT_DESK, "intake", "completed_at"));
  g_assert_true (spa_role_may_read_field (SPA_ROLE_THERAPIST, "intake", "medications"));
  g_assert_true (spa_role_may_read (SPA_ROLE_THERAPIST, "session_note"));
  g_assert_false (spa_role_may_read (SPA_ROLE_NONE, "client"));
  g_assert_false (spa_role_may_read (SPA_ROLE_THERAPIST, "payment"));
  g_assert_false (spa_role_may_read (SPA_ROLE_THERAPIST, "gift_card"));
  g_assert_true (spa_role_may_read (SPA_ROLE_THERAPIST, "promotion"));
  g_assert_true (spa_role_may_read (SPA_ROLE_FRONT_DESK, "payment"));

  g_assert_false (spa_role_may_sign (SPA_ROLE_FRONT_DESK));
  g_assert_true (spa_role_may_sign (SPA_ROLE_THERAPIST));
  g_assert_true (spa_role_may_sign (SPA_ROLE_MANAGER));
  g_assert_false (spa_role_may_write (SPA_ROLE_FRONT_DESK, "intake"));
}

static SpaRecord *
new_note (SpaStore   *store,
          const char *client_id,
          const char *therapist_id)
{
  g_autoptr(GError) error = NULL;
  SpaRecord *note = spa_record_new ("session_note");

  spa_record_set_string (note, "client_id", client_id);
  spa_record_set_string (note, "session_date", "2026-11-20");
  spa_record_set_string (note, "subjective", "Sore neck");
  if (therapist_id)
    spa_record_set_string (note, "therapist_id", therapist_id);
  g_assert_true (spa_store_save (store, note, &error));
  g_assert_no_error (error);
  return note;
}

static void
test_sign_note_as (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SpaRecord) client = spa_test_add_client (f->store, "Zoé", "Tremblay", NULL, NULL);
  g_autoptr(SpaRecord) claire = spa_test_add_named (f->store, "therapist", "Claire Dubois", NULL);
  g_autoptr(SpaRecord) marcus = spa_test_add_named (f->store, "therapist", "Marcus Lee", NULL);
  g_autoptr(SpaAccount) claire_account = spa_account_create (f->store, "Claire Dubois", SPA_ROLE_THERAPIST,
                                                             spa_record_get_id (claire), "1111", NULL);
  g_autoptr(SpaAccount) desk = spa_account_create (f->store, "Ana Reyes", SPA_ROLE_FRONT_DESK, NULL, "6666", NULL);
  g_autoptr(SpaRecord) marcus_note = new_note (f->store, spa_record_get_id (client), spa_record_get_id (marcus));
  g_autoptr(SpaRecord) open_note = new_note (f->store, spa_record_get_id (client), NULL);
  g_autoptr(SpaRecord) stored = NULL;
  GError *error = NULL;

  /* Claire cannot sign Marcus's note, even with her own PIN. */
  g_assert_false (spa_clinical_sign_note_as (f->store, marcus_note, claire_account, "1111", &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "therapist_id");
  g_assert_nonnull (strstr (error->message, "Marcus Lee"));
  g_clear_error (&error);
  /* The front desk signs nothing. */
  g_assert_false (spa_clinical_sign_note_as (f->store, open_note, desk, "6666", &error));
  g_assert_cmpstr (spa_validation_error_get_field (error), ==, "signed_by");
  g_clear_error (&error);
  /* A wrong PIN signs nothing. */
  g_assert_false (spa_clinical_sign_note_as (f->store, open_note, claire_account, "1112", &error));
  g_assert_error (error, SPA_ACCOUNT_ERROR, SPA_ACCOUNT_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_false (spa_clinical_is_signed (open_note));
  g_assert_null (spa_record_get_string (open_note, "therapist_id"));

  /* Her PIN signs it in her name, and a note without a therapist becomes hers. */
  g_assert_true (spa_clinical_sign_note_as (f->store, open_note, claire_account, "1111", &error));
  g_assert_no_error (error);
  stored = spa_store_get (f->store, "session_note", spa_record_get_id (open_note), &error);
  g_assert_cmpstr (spa_record_get_string (stored, "signed_by"), ==, "Claire Dubois");
  g_assert_cmpstr (spa_record_get_string (stored, "therapist_id"), ==, spa_record_get_id (claire));
  g_assert_true (spa_clinical_is_signed (stored));
  g_assert_false (spa_clinical_is_signed (marcus_note));
}

static void
test_consent_name (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SpaRecord) client = spa_test_add_client (f->store, "Zoé", "O’Connor-Tremblay", NULL, NULL);
  static const char * const refused[] = { "Jane Doe", "Zoé", "Zoe OConnor Tremblay", "Zoé Tremblay", NULL };
  static const char * const accepted[] = { "Zoé O’Connor-Tremblay", "zoe o'connor tremblay", "  ZOÉ  O CONNOR TREMBLAY ", NULL };

  for (guint i = 0; refused[i]; i++)
    {
      g_autoptr(SpaRecord) intake = spa_record_new ("intake");
      g_autoptr(GError) error = NULL;

      spa_record_set_string (intake, "client_id", spa_record_get_id (client));
      spa_record_set_string (intake, "consent_name", refused[i]);
      g_assert_false (spa_clinical_complete_intake (f->store, intake, &error));
      g_assert_cmpstr (spa_validation_error_get_field (error), ==, "consent_name");
      g_assert_nonnull (strstr (error->message, "O’Connor-Tremblay"));
      g_assert_null (spa_record_get_string (intake, "completed_at"));
    }
  for (guint i = 0; accepted[i]; i++)
    {
      g_autoptr(SpaRecord) intake = spa_record_new ("intake");
      g_autoptr(GError) error = NULL;

      spa_record_set_string (intake, "client_id", spa_record_get_id (client));
      spa_record_set_string (intake, "consent_name", accepted[i]);
      g_assert_true (spa_clinical_complete_intake (f->store, intake, &error));
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, spa_test_store_set_up, func, spa_test_store_tear_down)

  g_test_add_func ("/accounts/pin-hash", test_pin_hash);
  g_test_add_func ("/accounts/pin-rules", test_pin_rules);
  g_test_add_func ("/accounts/roles", test_roles);
  ADD ("/accounts/create-and-verify", test_create_and_verify);
  ADD ("/accounts/create-refuses", test_create_refuses);
  ADD ("/accounts/update", test_update);
  ADD ("/accounts/server-accounts-read-only", test_server_accounts_read_only);
  ADD ("/accounts/throttle", test_throttle);
  ADD ("/accounts/apply-server-users", test_apply_server_users);
  ADD ("/accounts/sign-note-as", test_sign_note_as);
  ADD ("/accounts/consent-name", test_consent_name);

  return g_test_run ();
}
