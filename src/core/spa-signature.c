/* spa-signature.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-signature"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "spa-entity.h"
#include "spa-error.h"
#include "spa-signature.h"

/*
 * Proof that a signature is the signer's (docs/security.md, "Signing on a shared
 * desk"). The spa server keeps, for each user with a PIN, a signing key derived from
 * the PIN with Argon2id and a salt of its own (not the salt of the PIN hash that desks
 * pull to check PINs). A desk derives the same key from the PIN the person types, and
 * sends with the signed note (or amendment) an HMAC-SHA256 of the record's content and
 * the signer's name under that key, in the record's `signature` field. The server
 * recomputes it with the key it never sends out: the proof names one record, as it
 * reads, and one signer.
 */

#define SALT_BYTES      16
#define PROOF_PREFIX    "v1:"
#define PAYLOAD_HEADER  "spa-desk-signature-v1\n"

static gboolean
sodium_ready (void)
{
  static gsize initialised = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&initialised))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&initialised, 1);
    }
  return ok;
}

static char *
to_hex (const guint8 *bytes,
        gsize         len)
{
  char *hex = g_malloc (len * 2 + 1);

  sodium_bin2hex (hex, len * 2 + 1, bytes, len);
  return hex;
}

static gboolean
from_hex (const char *hex,
          guint8     *bytes,
          gsize       len)
{
  size_t written = 0;

  return hex != NULL && strlen (hex) == len * 2 &&
         sodium_hex2bin (bytes, len, hex, len * 2, NULL, &written, NULL) == 0 && written == len;
}

/**
 * spa_signature_new_salt:
 *
 * Returns: (transfer full): a new random salt for a signing key, as hex
 */
char *
spa_signature_new_salt (void)
{
  guint8 salt[SALT_BYTES];

  g_assert (sodium_ready ());
  randombytes_buf (salt, sizeof salt);
  return to_hex (salt, sizeof salt);
}

/**
 * spa_signature_check_salt:
 *
 * Returns: whether @salt is a salt as spa_signature_new_salt() makes them
 */
gboolean
spa_signature_check_salt (const char *salt)
{
  guint8 bytes[SALT_BYTES];

  return from_hex (salt, bytes, sizeof bytes);
}

/**
 * spa_signature_derive_key:
 *
 * Derives the signing key of @pin with @salt (Argon2id, libsodium's interactive cost,
 * as for PIN hashes).
 */
gboolean
spa_signature_derive_key (const char  *pin,
                          const char  *salt,
                          guint8       key[SPA_SIGNATURE_KEY_BYTES],
                          GError     **error)
{
  guint8 bytes[SALT_BYTES];

  G_STATIC_ASSERT (SALT_BYTES == crypto_pwhash_SALTBYTES);

  if (pin == NULL || !from_hex (salt, bytes, sizeof bytes))
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED,
                   _("This account has no signing key; sign in to the spa server again."));
      return FALSE;
    }
  if (!sodium_ready () ||
      crypto_pwhash (key, SPA_SIGNATURE_KEY_BYTES, pin, strlen (pin), bytes,
                     crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED,
                   _("There is not enough memory to protect the PIN."));
      return FALSE;
    }
  return TRUE;
}

char *
spa_signature_key_to_hex (const guint8 key[SPA_SIGNATURE_KEY_BYTES])
{
  return to_hex (key, SPA_SIGNATURE_KEY_BYTES);
}

/* What is signed: the entity, the record's id, the signer, and every field of the
 * record but the proof itself, each as JSON, in the entity's order. */
static GString *
payload (SpaRecord  *record,
         const char *signer)
{
  const SpaEntityInfo *info = spa_record_get_entity_info (record);
  JsonObject *fields = spa_record_get_fields (record);
  GString *text = g_string_new (PAYLOAD_HEADER);

  g_string_append_printf (text, "%s\n%s\n%s\n", info->name, spa_record_get_id (record), signer);
  for (guint i = 0; i < info->n_fields; i++)
    {
      const char *name = info->fields[i].name;
      JsonNode *value = json_object_get_member (fields, name);
      g_autofree char *json = NULL;

      if (g_str_equal (name, "signature"))
        continue;
      json = value != NULL && !JSON_NODE_HOLDS_NULL (value) ? json_to_string (value, FALSE)
                                                            : g_strdup ("null");
      g_string_append_printf (text, "%s=%s\n", name, json);
    }
  return text;
}

/**
 * spa_signature_prove:
 * @record: the record as it is signed (a session note with `signed_at` and
 *   `signed_by` set, an amendment with its `author`)
 * @signer: the account's name
 *
 * Returns: (transfer full): the proof for the record's `signature` field
 */
char *
spa_signature_prove (SpaRecord    *record,
                     const char   *signer,
                     const guint8  key[SPA_SIGNATURE_KEY_BYTES])
{
  g_autoptr(GString) text = payload (record, signer);
  guint8 mac[crypto_auth_hmacsha256_BYTES];
  g_autofree char *hex = NULL;

  g_assert (sodium_ready ());
  crypto_auth_hmacsha256 (mac, (const guint8 *)text->str, text->len, key);
  hex = to_hex (mac, sizeof mac);
  return g_strconcat (PROOF_PREFIX, hex, NULL);
}

/**
 * spa_signature_verify:
 * @key_hex: the signer's signing key, as spa_signature_key_to_hex() writes it
 *
 * Returns: whether @record's `signature` is @signer's proof for the record as it is
 */
gboolean
spa_signature_verify (SpaRecord  *record,
                      const char *signer,
                      const char *key_hex)
{
  const char *proof = spa_record_get_string (record, "signature");
  guint8 key[SPA_SIGNATURE_KEY_BYTES];
  guint8 mac[crypto_auth_hmacsha256_BYTES];
  g_autoptr(GString) text = NULL;
  gboolean ok;

  if (proof == NULL || !g_str_has_prefix (proof, PROOF_PREFIX) || signer == NULL ||
      !from_hex (proof + strlen (PROOF_PREFIX), mac, sizeof mac) ||
      !from_hex (key_hex, key, sizeof key) || !sodium_ready ())
    return FALSE;

  text = payload (record, signer);
  ok = crypto_auth_hmacsha256_verify (mac, (const guint8 *)text->str, text->len, key) == 0;
  sodium_memzero (key, sizeof key);
  return ok;
}
