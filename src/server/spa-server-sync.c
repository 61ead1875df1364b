/* spa-server-sync.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-server-sync"

#include "config.h"

#include <string.h>
#include <sys/random.h>
#include <glib/gi18n-lib.h>

#include "spa-error.h"
#include "spa-json.h"
#include "spa-schedule.h"
#include "spa-account.h"
#include "spa-server-feed.h"
#include "spa-server-mail.h"
#include "spa-server-storage.h"
#include "spa-server-sync.h"
#include "spa-signature.h"
#include "spa-store-money.h"
#include "spa-store-private.h"
#include "spa-util.h"
#include "spa-validate.h"

/*
 * The server's side of the sync protocol (docs/sync-protocol.md), free of HTTP and of
 * SQL so that it reads as the rules it enforces, the same on every back-end. The
 * records are read through a store with the desk's own schema (so validation and the
 * overlap rule are the core's own code); the change log, field versions, devices'
 * results and users through the storage primitives of spa-server-storage.h (SQLite:
 * spa-server-storage-sqlite.c; PostgreSQL: spa-server-storage-pg.c).
 *
 * Everything here runs under the server's store lock (spa-server-route.c); a write
 * transaction begins with spa_server_storage_begin(), which serialises writers across
 * processes too, so a sequence number's order is its commit order.
 */

static char *
hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* Who pushes: the authenticated user, as notes and amendments name them, and the
 * therapist record they sign as (if the manager linked one). */
typedef struct
{
  const char *name;
  char       *therapist_id;
} Signer;

static void
signer_clear (Signer *signer)
{
  g_clear_pointer (&signer->therapist_id, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Signer, signer_clear)

static void
signer_load (SpaStore   *store,
             Signer     *signer,
             const char *user_name)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(SpaServerUser) user = storage->klass->find_user (storage, user_name ? user_name : "");

  signer->name = user_name;
  signer->therapist_id = user != NULL ? g_steal_pointer (&user->therapist_id) : NULL;
}
static gboolean
no_such_user (gboolean     ok,
              gboolean     found,
              const char  *name,
              GError     **error)
{
  if (ok && !found)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("No active user is called “%s”."), name);
      return FALSE;
    }
  return ok;
}
/**
 * spa_server_set_user_therapist:
 * @therapist_id: (nullable): a therapist record's id, or %NULL for none
 *
 * Links a user to the therapist record whose notes they sign: the server then refuses
 * their signature on any other therapist's note.
 */
/* A period's bound: an ISO 8601 UTC time, as the protocol writes them. */
static gboolean
valid_instant (const char *text)
{
  g_autoptr(GDateTime) parsed = NULL;

  if (spa_str_empty (text) || strlen (text) > 40)
    return FALSE;
  parsed = spa_time_parse_utc (text);
  return parsed != NULL;
}

/**
 * spa_server_money_takings:
 * @user_name: whose token asked
 * @from: (nullable): the first instant, included (UTC ISO 8601)
 * @to: (nullable): the last instant, excluded
 * @response: (out) (transfer full): the response body
 *
 * GET /v1/money/mine: what the therapist of @user_name's account took in over the
 * period (services given, their sales before tax, their tips), however their desk
 * syncs: a therapist's desk pulls none of the till's records.
 *
 * Returns: the HTTP status
 */
guint
spa_server_money_takings (SpaStore    *store,
                          const char  *user_name,
                          const char  *from,
                          const char  *to,
                          JsonNode   **response)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(SpaServerUser) user = NULL;
  g_autoptr(GError) error = NULL;
  SpaTherapistTakings takings;
  JsonObject *body;

  if (!valid_instant (from) || !valid_instant (to) || g_strcmp0 (from, to) > 0)
    {
      *response = spa_server_error_json ("bad_request", "give from and to, UTC times in order", 0);
      json_object_set_string_member (json_node_get_object (*response), "field",
                                     valid_instant (from) ? "to" : "from");
      return 400;
    }
  if (!spa_server_storage_refresh (storage, &error))
    {
      g_warning ("Takings failed: %s", error->message);
      *response = spa_server_error_json ("server_error", error->message, 0);
      return 500;
    }
  user = user_name ? storage->klass->find_user (storage, user_name) : NULL;
  if (user == NULL || spa_str_empty (user->therapist_id))
    {
      *response = spa_server_error_json ("forbidden", "this account is no therapist's", 0);
      return 403;
    }
  if (!spa_store_money_therapist_takings (store, user->therapist_id, from, to, &takings,
                                          &error))
    {
      g_warning ("Takings failed: %s", error->message);
      *response = spa_server_error_json ("server_error", "the takings could not be read", 0);
      return 500;
    }

  body = json_object_new ();
  json_object_set_string_member (body, "therapist_id", user->therapist_id);
  json_object_set_string_member (body, "from", from);
  json_object_set_string_member (body, "to", to);
  json_object_set_int_member (body, "services", takings.services);
  json_object_set_int_member (body, "sales_cents", takings.sales_cents);
  json_object_set_int_member (body, "tips_cents", takings.tips_cents);
  *response = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (*response, body);
  return 200;
}

gboolean
spa_server_set_user_therapist (SpaStore    *store,
                               const char  *name,
                               const char  *therapist_id,
                               GError     **error)
{
  if (!spa_server_storage_refresh (spa_server_storage_get (store), error))
    return FALSE;
  if (!spa_str_empty (therapist_id) && !spa_store_exists (store, "therapist", therapist_id))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("No therapist has the id “%s”."), therapist_id);
      return FALSE;
    }
  {
    SpaServerStorage *storage = spa_server_storage_get (store);
    gboolean found = FALSE;
    gboolean ok = storage->klass->set_user_therapist (storage, name,
                                                      spa_str_empty (therapist_id)
                                                      ? NULL : therapist_id,
                                                      &found, error);

    return no_such_user (ok, found, name, error);
  }
}

/**
 * spa_server_set_user_pin:
 *
 * Sets the PIN the user signs in with at a desk, kept as an Argon2id hash, and the
 * signing key derived from it with a salt of its own (docs/security.md): desks get the
 * hash and the salt, the key never leaves the server.
 */
gboolean
spa_server_set_user_pin (SpaStore    *store,
                         const char  *name,
                         const char  *pin,
                         GError     **error)
{
  g_autofree char *hash = spa_pin_hash (pin, error);
  g_autofree char *salt = NULL;
  g_autofree char *key_hex = NULL;
  SpaServerStorage *storage = spa_server_storage_get (store);
  gboolean found = FALSE;
  gboolean ok;
  guint8 key[SPA_SIGNATURE_KEY_BYTES];

  if (hash == NULL)
    return FALSE;
  salt = spa_signature_new_salt ();
  if (!spa_signature_derive_key (pin, salt, key, error))
    return FALSE;
  key_hex = spa_signature_key_to_hex (key);
  memset (key, 0, sizeof key);

  ok = storage->klass->set_user_pin (storage, name, hash, salt, key_hex, &found, error);
  return no_such_user (ok, found, name, error);
}

static void
set_nullable (JsonObject *object,
              const char *member,
              const char *value)
{
  if (value == NULL)
    json_object_set_null_member (object, member);
  else
    json_object_set_string_member (object, member, value);
}
/**
 * spa_server_desk_users:
 *
 * The reply to `GET /v1/sync/users`: the active users with a PIN, as desks take them
 * for their accounts (name, role, therapist link, PIN hash, signing salt).
 *
 * Returns: the HTTP status
 */
guint
spa_server_desk_users (SpaStore   *store,
                       JsonNode  **response)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *users;
  JsonObject *body;

  all = storage->klass->list_users (storage, &error);
  if (all == NULL)
    {
      g_warning ("The users could not be read: %s", error ? error->message : "?");
      *response = spa_server_error_json ("internal", "the users could not be read", 0);
      return 500;
    }

  users = json_array_new ();
  for (guint i = 0; i < all->len; i++)
    {
      SpaServerUser *u = all->pdata[i];
      JsonObject *user;

      if (u->revoked_at != NULL || u->pin_hash == NULL)
        continue;
      user = json_object_new ();
      json_object_set_string_member (user, "name", u->name);
      json_object_set_string_member (user, "role", u->role);
      set_nullable (user, "therapist_id", u->therapist_id);
      json_object_set_string_member (user, "pin_hash", u->pin_hash);
      set_nullable (user, "sign_salt", u->sign_salt);
      json_array_add_object_element (users, user);
    }
  body = json_object_new ();
  json_object_set_array_member (body, "users", users);
  *response = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (*response, body);
  return 200;
}

gboolean
spa_server_add_user (SpaStore    *store,
                     const char  *name,
                     SpaRole      role,
                     char       **token,
                     GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autofree char *now = spa_store_now_utc (store);
  g_autofree char *hash = NULL;
  g_autoptr(GString) text = g_string_new ("spa_");
  guint8 bytes[32];

  if (spa_str_empty (name) || role == SPA_ROLE_NONE)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("A user needs a name and a role (manager, therapist or front_desk)."));
      return FALSE;
    }

  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No random numbers for a token."));
      return FALSE;
    }
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_printf (text, "%02x", bytes[i]);
  hash = hash_token (text->str);

  if (!storage->klass->add_user (storage, name, spa_role_to_string (role), hash, now, error))
    return FALSE;

  *token = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

gboolean
spa_server_revoke_user (SpaStore    *store,
                        const char  *name,
                        GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autofree char *now = spa_store_now_utc (store);
  gboolean found = FALSE;

  if (!storage->klass->revoke_user (storage, name, now, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND,
                   _("No active user is called “%s”."), name);
      return FALSE;
    }
  return TRUE;
}

/* Returns: (element-type utf8): "name<TAB>role<TAB>created_at<TAB>revoked_at" lines */
GPtrArray *
spa_server_list_users (SpaStore  *store,
                       GError   **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) users = storage->klass->list_users (storage, error);

  if (users == NULL)
    return NULL;
  for (guint i = 0; i < users->len; i++)
    {
      SpaServerUser *user = users->pdata[i];

      g_ptr_array_add (lines, g_strdup_printf ("%s\t%s\t%s\t%s", user->name, user->role,
                                               user->created_at,
                                               user->revoked_at ? user->revoked_at : ""));
    }
  return g_steal_pointer (&lines);
}

SpaRole
spa_server_authenticate (SpaStore    *store,
                         const char  *token,
                         char       **user_name)
{
  return spa_server_authenticate_full (store, token, user_name, NULL);
}

/**
 * spa_server_authenticate_full:
 * @error: set when the database could not say (not for an unknown token)
 *
 * Returns: the token's role, %SPA_ROLE_NONE for an unknown or revoked one
 */
SpaRole
spa_server_authenticate_full (SpaStore    *store,
                              const char  *token,
                              char       **user_name,
                              GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(SpaServerUser) user = NULL;
  g_autofree char *hash = NULL;

  if (spa_str_empty (token))
    return SPA_ROLE_NONE;

  hash = hash_token (token);
  user = storage->klass->find_token (storage, hash, error);
  if (user == NULL)
    return SPA_ROLE_NONE;

  if (user_name)
    *user_name = g_steal_pointer (&user->name);
  return spa_role_from_string (user->role);
}
JsonNode *
spa_server_error_json (const char *code,
                       const char *message,
                       gint64      mutation_id)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "error", code);
  json_object_set_string_member (object, "message", message);
  if (mutation_id > 0)
    json_object_set_int_member (object, "mutation_id", mutation_id);
  json_node_take_object (node, object);
  return node;
}

/* ---- push ---- */

const SpaJsonLimits spa_server_push_limits = {
  .max_depth = SPA_JSON_MAX_DEPTH,
  .max_size = SPA_SERVER_MAX_BODY,
  .max_string = SPA_SERVER_MAX_STRING,
};

typedef struct
{
  gint64               mutation_id;
  const SpaEntityInfo *info;
  const char          *id;
  gboolean             is_delete;
  gint64               base_version;
  JsonObject          *fields;
} Mutation;

static gboolean
member_int (JsonObject *object,
            const char *name,
            gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

/* Checks the shape of every mutation before anything is written, so that a malformed
 * push is refused whole (400) rather than half applied. */
static gboolean
parse_mutation (JsonNode   *node,
                Mutation   *m,
                char      **message)
{
  JsonObject *object;
  const char *entity;
  const char *op;
  JsonNode *fields;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *message = g_strdup ("a mutation must be an object");
      return FALSE;
    }
  object = json_node_get_object (node);

  if (!member_int (object, "mutation_id", &m->mutation_id) || m->mutation_id <= 0 ||
      m->mutation_id > SPA_SERVER_MAX_MUTATION_ID)
    {
      m->mutation_id = 0;
      *message = g_strdup ("mutation_id must be a positive integer below 2^53");
      return FALSE;
    }

  entity = spa_json_member_string (object, "entity");
  m->info = entity ? spa_entity_lookup (entity) : NULL;
  if (m->info == NULL)
    {
      *message = g_strdup_printf ("unknown entity “%s”", entity ? entity : "");
      return FALSE;
    }

  m->id = spa_json_member_string (object, "id");
  if (spa_str_empty (m->id) || strlen (m->id) > 64)
    {
      *message = g_strdup ("id must be a non-empty string");
      return FALSE;
    }

  op = spa_json_member_string (object, "op");
  if (g_strcmp0 (op, "upsert") != 0 && g_strcmp0 (op, "delete") != 0)
    {
      *message = g_strdup ("op must be “upsert” or “delete”");
      return FALSE;
    }
  m->is_delete = g_str_equal (op, "delete");

  m->base_version = 0;
  if (json_object_has_member (object, "base_version") &&
      (!member_int (object, "base_version", &m->base_version) || m->base_version < 0))
    {
      *message = g_strdup ("base_version must be a non-negative integer");
      return FALSE;
    }

  fields = json_object_get_member (object, "fields");
  if (fields == NULL || JSON_NODE_HOLDS_NULL (fields))
    m->fields = NULL;
  else if (!JSON_NODE_HOLDS_OBJECT (fields))
    {
      *message = g_strdup ("fields must be an object");
      return FALSE;
    }
  else
    m->fields = json_node_get_object (fields);

  if (!m->is_delete)
    {
      g_autoptr(SpaRecord) scratch = spa_record_new (m->info->name);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (m->fields == NULL)
        {
          *message = g_strdup ("an upsert needs fields");
          return FALSE;
        }

      /* The record codec knows every field's type. */
      json_object_iter_init (&iter, m->fields);
      while (json_object_iter_next (&iter, &name, &value))
        {
          g_autoptr(GError) error = NULL;

          if (!spa_record_set_field_node (scratch, name, value, &error))
            {
              *message = g_strdup_printf ("%s.%s: %s", m->info->name, name, error->message);
              return FALSE;
            }
        }
    }

  return TRUE;
}

static JsonObject *
result_new (gint64      mutation_id,
            const char *status)
{
  JsonObject *result = json_object_new ();

  json_object_set_int_member (result, "mutation_id", mutation_id);
  json_object_set_string_member (result, "status", status);
  return result;
}

static JsonObject *
result_rejected (gint64      mutation_id,
                 const char *code,
                 const char *message,
                 const char *field,
                 SpaRecord  *server_copy)
{
  JsonObject *result = result_new (mutation_id, "rejected");

  json_object_set_string_member (result, "code", code);
  json_object_set_string_member (result, "message", message);
  if (field != NULL)
    json_object_set_string_member (result, "field", field);
  if (server_copy != NULL)
    json_object_set_object_member (result, "record", spa_record_to_json (server_copy));
  return result;
}

typedef struct
{
  gint64  version;
  char   *device_id;
} FieldVersion;

static void
field_version_get (SpaStore     *store,
                   const char   *entity,
                   const char   *id,
                   const char   *field,
                   FieldVersion *out)
{
  SpaServerStorage *storage = spa_server_storage_get (store);

  storage->klass->field_version (storage, entity, id, field, &out->version, &out->device_id);
}
/* Changed on the server after what the device had seen, by someone else: a device's
 * own earlier writes never conflict with its later ones. */
static gboolean
field_changed_since (SpaStore   *store,
                     const char *entity,
                     const char *id,
                     const char *field,
                     gint64      base_version,
                     const char *device_id)
{
  FieldVersion fv;
  gboolean changed;

  field_version_get (store, entity, id, field, &fv);
  changed = fv.version > base_version && g_strcmp0 (fv.device_id, device_id) != 0;
  g_free (fv.device_id);
  return changed;
}

/* The sequence is taken in the write transaction, writers serialised: its order is the
 * order of commits. */
static gint64
log_change (SpaStore    *store,
            const char  *entity,
            const char  *id,
            const char  *device_id,
            gint64       mutation_id,
            GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);

  return storage->klass->log_change (storage, entity, id, device_id, mutation_id, error);
}
/*
 * The overlap rule, enforced here on the server's own data whatever the devices
 * checked, with the core's own query (spa_schedule_find_clash): the same rule as on
 * the desk, for the therapist and for the room.
 *
 * Returns: (transfer full) (nullable): the booking it overlaps
 */
static SpaRecord *
find_overlap (SpaStore   *store,
              SpaRecord  *booking,
              GError    **error)
{
  static const char * const fields[] = { "therapist_id", "room_id" };

  if (spa_record_get_deleted (booking))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      SpaRecord *clash = spa_schedule_find_clash (store, booking, fields[i], error);

      if (clash != NULL || (error != NULL && *error != NULL))
        return clash;
    }

  return NULL;
}

static gboolean
is_signed (SpaRecord *note)
{
  return !spa_str_empty (spa_record_get_string (note, "signed_at"));
}

static gboolean
node_equal (JsonNode *a,
            JsonNode *b)
{
  gboolean a_null = a == NULL || JSON_NODE_HOLDS_NULL (a);
  gboolean b_null = b == NULL || JSON_NODE_HOLDS_NULL (b);

  if (a_null || b_null)
    return a_null == b_null;
  return json_node_equal (a, b);
}

static JsonObject *
result_conflict (gint64      mutation_id,
                 SpaRecord  *server_copy,
                 GPtrArray  *fields)
{
  JsonObject *result = result_new (mutation_id, "conflict");
  JsonArray *names = json_array_new ();

  for (guint i = 0; i < fields->len; i++)
    json_array_add_string_element (names, fields->pdata[i]);
  json_object_set_array_member (result, "fields", names);
  json_object_set_int_member (result, "version", spa_record_get_version (server_copy));
  json_object_set_object_member (result, "record", spa_record_to_json (server_copy));
  return result;
}

/* Only a manager refunds: a credit note is an invoice of kind refund. */
static gboolean
is_forbidden_refund (SpaRole         role,
                     const Mutation *m)
{
  JsonNode *kind;

  if (spa_role_may_refund (role) || !g_str_equal (m->info->name, "invoice") || m->fields == NULL)
    return FALSE;
  kind = json_object_get_member (m->fields, "kind");
  return kind != NULL && JSON_NODE_HOLDS_VALUE (kind) &&
         json_node_get_value_type (kind) == G_TYPE_STRING &&
         g_strcmp0 (json_node_get_string (kind), "refund") == 0;
}

/* The protocol's code for a record the entity's own rules refuse: the same rules as on
 * a desk, with the error shapes of booking_overlap (invoice_locked, balance_exceeded,
 * duplicate_number). */
static const char *
rejection_code (const SpaEntityInfo *info,
                const GError        *error)
{
  if (g_error_matches (error, SPA_VALIDATION_ERROR, SPA_VALIDATION_ERROR_UNKNOWN_REFERENCE))
    return "unknown_reference";
  if (g_error_matches (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED))
    return info->locked_code != NULL ? info->locked_code : "immutable";
  if (g_error_matches (error, SPA_STORE_ERROR, SPA_STORE_ERROR_BALANCE))
    return "balance_exceeded";
  if (g_error_matches (error, SPA_STORE_ERROR, SPA_STORE_ERROR_DUPLICATE))
    return "duplicate_number";
  return "invalid";
}

/* Writes @merged as a new version and records who wrote which field. */
static gboolean
commit_record (SpaStore    *store,
               SpaRecord   *merged,
               GPtrArray   *written,
               const char  *device_id,
               gint64       mutation_id,
               GError     **error)
{
  const char *entity = spa_record_get_entity (merged);
  const char *id = spa_record_get_id (merged);
  g_autofree char *now = spa_store_now_utc (store);
  gint64 seq;

  seq = log_change (store, entity, id, device_id, mutation_id, error);
  if (seq == 0)
    return FALSE;

  spa_record_set_version (merged, seq);
  spa_record_set_timestamps (merged,
                             spa_record_get_created_at (merged)
                                 ? spa_record_get_created_at (merged) : now,
                             now);
  if (!spa_server_storage_get (store)->klass->write_record (spa_server_storage_get (store),
                                                            merged, error))
    return FALSE;

  if (!spa_server_storage_get (store)->klass->set_field_versions (spa_server_storage_get (store),
                                                                  entity, id,
                                                                  (const char * const *)
                                                                  written->pdata,
                                                                  written->len, seq, device_id,
                                                                  error))
    return FALSE;

  /* Its e-mails are queued in the same transaction: none lost, none twice. */
  if (g_str_equal (entity, "booking"))
    return spa_server_mail_booking_written (store, merged, error);
  return TRUE;
}

/**
 * spa_server_write_record:
 * @record: a record made or changed on the server itself (its changed fields are
 *   written)
 * @device_id: who wrote it, as the field versions record it (`online` for the public
 *   booking page)
 *
 * Writes a record the server itself makes through the same rules and change log as a
 * push, so every desk gets it on its next pull: the overlap rule for a booking (an
 * overlap is %G_IO_ERROR_EXISTS), then the entity's validation. Call it inside a
 * transaction, under the store lock.
 */
gboolean
spa_server_write_record (SpaStore    *store,
                         SpaRecord   *record,
                         const char  *device_id,
                         GError     **error)
{
  g_autoptr(JsonObject) changed = spa_record_get_changed (record);
  g_autoptr(GPtrArray) written = g_ptr_array_new ();
  gboolean is_new = !spa_store_exists (store, spa_record_get_entity (record),
                                       spa_record_get_id (record));
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, changed);
  while (json_object_iter_next (&iter, &name, &value))
    g_ptr_array_add (written, (gpointer)name);
  if (is_new)
    g_ptr_array_add (written, (gpointer)"deleted");

  if (g_str_equal (spa_record_get_entity (record), "booking"))
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(SpaRecord) other = find_overlap (store, record, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (other != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("The booking overlaps booking %s at %s for the same therapist or room."),
                       spa_record_get_id (other), spa_record_get_string (other, "starts_at"));
          return FALSE;
        }
    }

  if (!spa_validate_record (store, record, error))
    return FALSE;
  return commit_record (store, record, written, device_id, 0, error);
}

/* A user who proves a signature made on a desk shared under another user's token
 * (docs/security.md): their role, therapist link and signing key. */
static gboolean
signer_load_proven (SpaStore   *store,
                    Signer     *signer,
                    const char *name,
                    char      **role,
                    char      **key)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(SpaServerUser) user = storage->klass->find_user (storage, name);

  if (user == NULL || user->revoked_at != NULL || user->sign_key == NULL)
    return FALSE;
  signer->name = name;
  signer->therapist_id = g_steal_pointer (&user->therapist_id);
  *role = g_steal_pointer (&user->role);
  *key = g_steal_pointer (&user->sign_key);
  return TRUE;
}
/* Whether @claimed, who is not the user pushing, signed @merged: a user of the server
 * whose role may sign it, and whose key proves the record's `signature`. */
static gboolean
check_proof (SpaStore    *store,
             Signer      *proven,
             const char  *claimed,
             Mutation    *m,
             SpaRecord   *merged)
{
  g_autofree char *role = NULL;
  g_autofree char *key = NULL;
  SpaRole signer_role;
  gboolean ok;

  if (!signer_load_proven (store, proven, claimed, &role, &key))
    return FALSE;
  signer_role = spa_role_from_string (role);
  if (g_str_equal (m->info->name, "session_note"))
    ok = spa_role_may_sign (signer_role);
  else
    ok = spa_role_may_write (signer_role, m->info->name);
  ok = ok && spa_signature_verify (merged, claimed, key);
  memset (key, 0, strlen (key));
  return ok;
}

/* A signature and an amendment name the authenticated user, never a name the desk
 * sends: a desk may send its user's name or none (the server fills it in), or the name
 * of another user with that user's proof (a shared desk); anything else is refused,
 * as is a user linked to one therapist signing another's note. */
static JsonObject *
check_signer (SpaStore     *store,
              const Signer *pusher,
              Mutation     *m,
              SpaRecord    *merged,
              SpaRecord    *existing,
              gboolean      signing,
              GPtrArray    *written)
{
  gboolean is_note = g_str_equal (m->info->name, "session_note");
  const char *field = is_note ? "signed_by" : "author";
  JsonNode *sent = json_object_get_member (m->fields, field);
  const char *claimed = sent != NULL && JSON_NODE_HOLDS_VALUE (sent) &&
                        json_node_get_value_type (sent) == G_TYPE_STRING
                        ? json_node_get_string (sent) : NULL;
  g_auto(Signer) proven = { NULL, NULL };
  const Signer *signer = pusher;

  if (!spa_str_empty (claimed) && g_strcmp0 (claimed, pusher->name) != 0)
    {
      if (!check_proof (store, &proven, claimed, m, merged))
        {
          g_autofree char *message = NULL;

          if (is_note)
            message = g_strdup_printf (_("%s may not sign as “%s”: a note is signed by the person "
                                         "signed in."), pusher->name, claimed);
          else
            message = g_strdup_printf (_("%s may not write as “%s”: an amendment carries the name "
                                         "of the person signed in."), pusher->name, claimed);

          return result_rejected (m->mutation_id, "forbidden_signer", message, field, existing);
        }
      signer = &proven;
    }
  else if (spa_record_has_value (merged, "signature") &&
           !check_proof (store, &proven, pusher->name, m, merged))
    /* A proof kept on the record is one the server checked. */
    spa_record_set_null (merged, "signature");

  if (is_note && !signing)
    return NULL;

  if (is_note && signer->therapist_id != NULL)
    {
      const char *owner = spa_record_get_string (merged, "therapist_id");

      if (!spa_str_empty (owner) && g_strcmp0 (owner, signer->therapist_id) != 0)
        return result_rejected (m->mutation_id, "forbidden_signer",
                                _("This note is another therapist’s; only they can sign it."),
                                "signed_by", existing);
    }

  spa_record_set_string (merged, field, signer->name);
  if (!g_ptr_array_find_with_equal_func (written, field, g_str_equal, NULL))
    g_ptr_array_add (written, (gpointer)field);
  return NULL;
}

static JsonObject *
apply_upsert (SpaStore     *store,
              const char   *device_id,
              const Signer *signer,
              Mutation     *m,
              GError      **error)
{
  const char *entity = m->info->name;
  g_autoptr(SpaRecord) existing = NULL;
  g_autoptr(SpaRecord) merged = NULL;
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new ();
  g_autoptr(GPtrArray) written = g_ptr_array_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  gboolean signing;
  gboolean revive = FALSE;

  existing = spa_store_get (store, entity, m->id, &local_error);
  if (existing == NULL && !g_error_matches (local_error, SPA_STORE_ERROR,
                                            SPA_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  g_clear_error (&local_error);

  value = json_object_get_member (m->fields, "signed_at");
  signing = value != NULL && JSON_NODE_HOLDS_VALUE (value);

  if (existing != NULL)
    {
      if (g_str_equal (entity, "session_note") && is_signed (existing))
        return result_rejected (m->mutation_id, "note_locked",
                                _("This session note is signed and can no longer be changed. "
                                  "Add an amendment to correct it."),
                                NULL, existing);

      if (g_str_equal (entity, "note_amendment"))
        return result_rejected (m->mutation_id, "immutable",
                                _("An amendment cannot be changed once written."),
                                NULL, existing);

      if (spa_record_get_deleted (existing))
        {
          if (field_changed_since (store, entity, m->id, "deleted", m->base_version, device_id))
            {
              g_ptr_array_add (conflicts, (gpointer)"deleted");
              return result_conflict (m->mutation_id, existing, conflicts);
            }
          revive = TRUE;
        }

      merged = spa_record_copy (existing);
      spa_record_clear_changed (merged);

      json_object_iter_init (&iter, m->fields);
      while (json_object_iter_next (&iter, &name, &value))
        {
          if (node_equal (json_object_get_member (spa_record_get_fields (existing), name), value))
            continue;
          if (field_changed_since (store, entity, m->id, name, m->base_version, device_id))
            g_ptr_array_add (conflicts, (gpointer)name);
          else
            g_ptr_array_add (written, (gpointer)name);
        }

      /* A signature covers the whole note as the therapist saw it: all or nothing. */
      if (conflicts->len > 0 && signing)
        return result_conflict (m->mutation_id, existing, conflicts);

      if (written->len == 0 && !revive)
        {
          if (conflicts->len > 0)
            return result_conflict (m->mutation_id, existing, conflicts);

          {
            JsonObject *result = result_new (m->mutation_id, "applied");

            json_object_set_int_member (result, "version", spa_record_get_version (existing));
            return result;
          }
        }
    }
  else
    {
      merged = spa_record_new (entity);
      spa_record_set_id (merged, m->id);
      json_object_iter_init (&iter, m->fields);
      while (json_object_iter_next (&iter, &name, &value))
        g_ptr_array_add (written, (gpointer)name);
    }

  for (guint i = 0; i < written->len; i++)
    spa_record_set_field_node (merged, written->pdata[i],
                               json_object_get_member (m->fields, written->pdata[i]), NULL);
  if (revive || existing == NULL)
    {
      spa_record_set_deleted (merged, FALSE);
      g_ptr_array_add (written, (gpointer)"deleted");
    }

  if (g_str_equal (entity, "booking"))
    {
      g_autoptr(SpaRecord) other = find_overlap (store, merged, &local_error);

      if (local_error != NULL)
        return result_rejected (m->mutation_id, "invalid", local_error->message, "starts_at",
                                existing);
      if (other != NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("The booking overlaps booking %s at %s for the same therapist or "
                               "room."),
                             spa_record_get_id (other), spa_record_get_string (other, "starts_at"));

          return result_rejected (m->mutation_id, "booking_overlap", message, "starts_at",
                                  existing);
        }
    }

  if (g_str_equal (entity, "session_note") || g_str_equal (entity, "note_amendment"))
    {
      JsonObject *result = check_signer (store, signer, m, merged, existing, signing, written);

      if (result != NULL)
        return result;
    }

  if (!spa_validate_record (store, merged, &local_error))
    return result_rejected (m->mutation_id, rejection_code (m->info, local_error),
                            local_error->message,
                            spa_validation_error_get_field (local_error), existing);

  /* A savepoint, so that a row the database refuses is this mutation's rejection and
   * not the whole push's failure. */
  if (!spa_server_storage_begin (spa_server_storage_get (store), error))
    return NULL;
  if (!commit_record (store, merged, written, device_id, m->mutation_id, &local_error))
    {
      spa_server_storage_rollback (spa_server_storage_get (store));
      return result_rejected (m->mutation_id, "invalid", local_error->message, NULL, existing);
    }
  if (!spa_server_storage_commit (spa_server_storage_get (store), error))
    return NULL;

  if (conflicts->len > 0)
    return result_conflict (m->mutation_id, merged, conflicts);

  {
    JsonObject *result = result_new (m->mutation_id, "applied");

    json_object_set_int_member (result, "version", spa_record_get_version (merged));
    return result;
  }
}

static JsonObject *
apply_delete (SpaStore    *store,
              const char  *device_id,
              Mutation    *m,
              GError     **error)
{
  const char *entity = m->info->name;
  g_autoptr(SpaRecord) existing = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) written = g_ptr_array_new ();
  g_autoptr(GError) local_error = NULL;
  SpaServerStorage *storage = spa_server_storage_get (store);

  existing = spa_store_get (store, entity, m->id, &local_error);
  if (existing == NULL)
    {
      if (!g_error_matches (local_error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      return result_rejected (m->mutation_id, "not_found",
                              _("The record to delete does not exist on the server."), NULL, NULL);
    }

  if (m->info->undeletable && m->info->locked_code != NULL)
    return result_rejected (m->mutation_id, m->info->locked_code,
                            _("Invoices, their lines and payments are never deleted; "
                              "refund instead."),
                            NULL, existing);
  if (m->info->undeletable)
    return result_rejected (m->mutation_id, g_str_equal (entity, "session_note") ? "note_locked"
                            : "undeletable",
                            _("Clinical records are never deleted."), NULL, existing);

  if (spa_record_get_deleted (existing))
    {
      JsonObject *result = result_new (m->mutation_id, "applied");

      json_object_set_int_member (result, "version", spa_record_get_version (existing));
      return result;
    }

  /* The desk's own rule (a client with clinical records is archived, never deleted),
   * for a desk that deleted before another one's intake or note arrived. */
  if (m->info->check_delete != NULL && !m->info->check_delete (store, existing, &local_error))
    {
      if (!g_error_matches (local_error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      return result_rejected (m->mutation_id, "has_clinical_records", local_error->message, NULL,
                              existing);
    }

  /* A delete that meets edits it has not seen is a conflict, never a silent loss. */
  conflicts = storage->klass->fields_changed_since (storage, entity, m->id, m->base_version,
                                                   device_id, error);
  if (conflicts == NULL)
    return NULL;

  if (conflicts->len > 0)
    return result_conflict (m->mutation_id, existing, conflicts);

  spa_record_set_deleted (existing, TRUE);
  g_ptr_array_add (written, (gpointer)"deleted");
  if (!commit_record (store, existing, written, device_id, m->mutation_id, error))
    return NULL;

  {
    JsonObject *result = result_new (m->mutation_id, "applied");

    json_object_set_int_member (result, "version", spa_record_get_version (existing));
    return result;
  }
}

static gboolean
store_result (SpaStore    *store,
              const char  *device_id,
              JsonObject  *result,
              gint64       mutation_id,
              GError     **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_node_set_object (node, result);
  text = spa_json_to_string (node);
  return storage->klass->store_result (storage, device_id, mutation_id, text, error);
}
static JsonObject *
stored_result (SpaStore   *store,
               const char *device_id,
               gint64      mutation_id)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autofree char *text = storage->klass->load_result (storage, device_id, mutation_id);
  g_autoptr(JsonNode) node = NULL;

  if (text == NULL)
    return NULL;
  node = spa_json_parse_strict (text, strlen (text), NULL, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}
/* The server's name for a device: its account and the id it gives itself, written so
 * that no two pairs give the same text. */
static char *
device_key (const char *user_name,
            const char *device_id)
{
  if (user_name == NULL)
    user_name = "";
  return g_strdup_printf ("%" G_GSIZE_FORMAT ":%s:%s", strlen (user_name), user_name, device_id);
}

/* A stored result goes back only with what the caller may read now: its record only if
 * it is the mutation's own and of an entity the role reads, health answers hidden from
 * the front desk. */
static void
redact_replay (JsonObject *result,
               Mutation   *m,
               SpaRole     role)
{
  JsonObject *record;

  if (!json_object_has_member (result, "record"))
    return;
  record = json_object_get_object_member (result, "record");
  if (record == NULL || !spa_role_may_read (role, m->info->name) ||
      g_strcmp0 (json_object_get_string_member_with_default (record, "id", NULL), m->id) != 0)
    {
      json_object_remove_member (result, "record");
      return;
    }
  for (guint i = 0; i < m->info->n_fields; i++)
    if (!spa_role_may_read_field (role, m->info->name, m->info->fields[i].name) &&
        json_object_has_member (record, m->info->fields[i].name))
      json_object_set_null_member (record, m->info->fields[i].name);
}

static guint
error_response (guint        status,
                const char  *code,
                const char  *message,
                gint64       mutation_id,
                JsonNode   **response)
{
  *response = spa_server_error_json (code, message, mutation_id);
  return status;
}

/**
 * spa_server_push:
 * @request: the parsed request body
 * @response: (out) (transfer full): the response body
 *
 * Applies a push in one transaction together with each result and the device's last
 * mutation id, so that a replayed mutation gets its stored result and changes nothing.
 *
 * Returns: the HTTP status
 */
guint
spa_server_push (SpaStore    *store,
                 SpaRole      role,
                 const char  *user_name,
                 JsonNode    *request,
                 JsonNode   **response)
{
  g_autoptr(GArray) mutations = g_array_new (FALSE, TRUE, sizeof (Mutation));
  g_autoptr(GError) error = NULL;
  SpaServerStorage *storage = spa_server_storage_get (store);
  JsonObject *object;
  JsonArray *results;
  JsonObject *body;
  JsonNode *list;
  const char *device_id;
  g_auto(Signer) signer = { NULL, NULL };
  g_autofree char *writer = NULL;
  gint64 last = 0;

  if (request == NULL || !JSON_NODE_HOLDS_OBJECT (request))
    return error_response (400, "bad_request", "the body must be a JSON object", 0, response);
  object = json_node_get_object (request);

  device_id = spa_json_member_string (object, "device_id");
  if (spa_str_empty (device_id) || strlen (device_id) > 64)
    return error_response (400, "bad_request", "device_id must be a non-empty string", 0, response);
  /* From here on the device is known by its account and its id (migration 14). */
  writer = device_key (user_name, device_id);
  device_id = writer;

  list = json_object_get_member (object, "mutations");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return error_response (400, "bad_request", "mutations must be an array", 0, response);
  if (json_array_get_length (json_node_get_array (list)) > SPA_SERVER_MAX_MUTATIONS)
    return error_response (413, "too_many_mutations", "at most 500 mutations a push", 0, response);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      Mutation m = { 0 };
      g_autofree char *message = NULL;

      /* Naming the mutation makes the refusal a verdict on it alone. */
      if (!parse_mutation (json_array_get_element (json_node_get_array (list), i), &m, &message))
        return error_response (400, "bad_request", message, m.mutation_id, response);
      if (!spa_role_may_write (role, m.info->name) || is_forbidden_refund (role, &m))
        {
          g_autofree char *text = g_strdup_printf ("the %s role may not change %s records",
                                                   spa_role_to_string (role), m.info->name);

          return error_response (403, "forbidden", text, m.mutation_id, response);
        }
      if (i > 0 && m.mutation_id <= g_array_index (mutations, Mutation, i - 1).mutation_id)
        return error_response (400, "bad_request", "mutation ids must increase", 0, response);
      g_array_append_val (mutations, m);
    }

  signer_load (store, &signer, user_name);

  if (!spa_server_storage_begin (storage, &error))
    goto failed;
  if (!storage->klass->device_last (storage, device_id, user_name, &last, &error))
    goto rollback;

  results = json_array_new ();
  body = json_object_new ();
  json_object_set_array_member (body, "results", results);
  *response = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (*response, body);

  for (guint i = 0; i < mutations->len; i++)
    {
      Mutation *m = &g_array_index (mutations, Mutation, i);
      JsonObject *result;

      if (m->mutation_id <= last)
        {
          /* A replay: the stored outcome, and nothing changes. */
          result = stored_result (store, device_id, m->mutation_id);
          if (result == NULL)
            result = result_rejected (m->mutation_id, "unknown_mutation",
                                      "this mutation id was already used", NULL, NULL);
          else
            redact_replay (result, m, role);
          json_array_add_object_element (results, result);
          continue;
        }

      /* Ids count the device's changes one by one: a leap this far is no device's. */
      if (last > 0 && m->mutation_id - last > SPA_SERVER_MAX_MUTATION_LEAP)
        {
          json_array_add_object_element (results,
                                         result_rejected (m->mutation_id, "invalid",
                                                          "mutation_id leaps too far ahead of the "
                                                          "last one",
                                                          NULL, NULL));
          continue;
        }

      if (m->is_delete)
        result = apply_delete (store, device_id, m, &error);
      else
        result = apply_upsert (store, device_id, &signer, m, &error);
      if (result == NULL)
        goto rollback_response;

      if (!store_result (store, device_id, result, m->mutation_id, &error))
        {
          json_object_unref (result);
          goto rollback_response;
        }
      json_array_add_object_element (results, result);
      last = m->mutation_id;
    }

  if (!storage->klass->set_device_last (storage, device_id, last, &error))
    goto rollback_response;

  if (!spa_server_storage_commit (storage, &error))
    {
      g_clear_pointer (response, json_node_unref);
      goto failed;
    }

  json_object_set_int_member (body, "last_mutation_id", last);
  return 200;

rollback_response:
  g_clear_pointer (response, json_node_unref);
rollback:
  spa_server_storage_rollback (storage);
failed:
  g_warning ("Push from %s failed: %s", device_id, error ? error->message : "?");
  return error_response (500, "server_error", error ? error->message : "the push failed", 0,
                         response);
}


/* A record a page carries because another record of it names it. */
typedef struct
{
  const SpaEntityInfo *info;
  char                *id;
} Dependency;

static void
dependency_clear (Dependency *dependency)
{
  g_free (dependency->id);
}

#define MAX_DEPENDENCY_DEPTH 4

/*
 * Every page is closed: what its records name is on the device once the page is in,
 * which the device checks (spa-sync-local.c). A device that has everything up to
 * @since has every record whose version is not above it, tombstones aside (compaction
 * drops their log entries); any other record named goes in the page first, with what
 * it names in turn. @seen holds what the page has already; @known, records found to be
 * on the device already. @named: the ids the record names, in the order of
 * spa_store_references().
 */
static void
collect_dependencies (SpaStore            *store,
                      const SpaEntityInfo *info,
                      GPtrArray           *named,
                      gint64               since,
                      SpaRole              role,
                      GHashTable          *seen,
                      GHashTable          *known,
                      GArray              *dependencies,
                      guint                depth)
{
  const SpaReference *references;
  guint n_references;

  references = spa_store_references (store, info, &n_references);
  for (guint r = 0; r < n_references && r < named->len; r++)
    {
      const SpaEntityInfo *parent = references[r].parent;
      const char *id = named->pdata[r];
      g_autofree char *key = NULL;
      g_autoptr(GPtrArray) parent_named = NULL;
      Dependency dependency;
      gboolean listed = FALSE;
      gint64 version;
      gboolean deleted;

      if (id == NULL || !spa_role_may_read (role, parent->name))
        continue;
      key = g_strconcat (parent->name, "/", id, NULL);
      if (g_hash_table_contains (seen, key) || g_hash_table_contains (known, key))
        continue;
      for (guint i = 0; i < dependencies->len && !listed; i++)
        listed = g_array_index (dependencies, Dependency, i).info == parent &&
                 g_str_equal (g_array_index (dependencies, Dependency, i).id, id);
      if (listed)
        continue;

      /* Most records named are on the device: their version first, the whole row
       * only for one that goes in the page. */
      if (!spa_server_storage_record_state (store, parent, id, &version, &deleted))
        continue;
      if (version <= since && !deleted)
        {
          g_hash_table_add (known, g_steal_pointer (&key));
          continue;
        }
      parent_named = g_ptr_array_new_with_free_func (g_free);
      if (!spa_server_storage_record_json (store, parent, id, role, NULL, parent_named))
        continue;

      if (depth < MAX_DEPENDENCY_DEPTH)
        collect_dependencies (store, parent, parent_named, since, role, seen, known,
                              dependencies, depth + 1);
      dependency.info = parent;
      dependency.id = g_strdup (id);
      g_array_append_val (dependencies, dependency);
    }
}

/* One change of a page: the record of @info named @id, as it is now. */
static gboolean
append_change (GString             *body,
               SpaStore            *store,
               const SpaEntityInfo *info,
               const char          *id,
               gint64               seq,
               SpaRole              role,
               gboolean            *first)
{
  gsize start = body->len;

  g_string_append (body, *first ? "{\"seq\":" : ",{\"seq\":");
  g_string_append_printf (body, "%" G_GINT64_FORMAT ",\"entity\":\"%s\",\"record\":", seq,
                          info->name);
  if (!spa_server_storage_record_json (store, info, id, role, body, NULL))
    {
      g_string_truncate (body, start);
      return FALSE;
    }
  g_string_append_c (body, '}');
  *first = FALSE;
  return TRUE;
}

static gboolean
parse_count (const char *text,
             gint64      fallback,
             gint64     *value)
{
  guint64 parsed = 0;

  /* Absent: the default. Present, it is digits only: `since=` and `since=%00` (which
   * decodes to an empty C string) are errors, not 0. */
  if (text == NULL)
    {
      *value = fallback;
      return TRUE;
    }
  if (*text == '\0' || strlen (text) > 18)
    return FALSE;
  for (const char *p = text; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      parsed = parsed * 10 + (*p - '0');
    }
  *value = parsed;
  return TRUE;
}

/**
 * spa_server_pull:
 * @since: (nullable): the device's cursor
 * @limit: (nullable): the most changes to return
 * @full: the device is walking the whole log after a 410 (`full=1`)
 * @response: (out) (transfer full): the response body, JSON text
 *
 * One page of changes after @since, in sequence order, each with the record as it is
 * now (so a page never carries a state older than an earlier page's), preceded by the
 * records it names that the device may not have yet (collect_dependencies()); at most
 * @limit changes, unless the first change and what it names are more. The page is
 * written as text while the log is read; no JSON tree of it is built.
 *
 * Returns: the HTTP status
 */
guint
spa_server_pull (SpaStore    *store,
                 SpaRole      role,
                 const char  *since_text,
                 const char  *limit_text,
                 gboolean     full,
                 char       **response)
{
  SpaServerStorage *storage = spa_server_storage_get (store);
  g_autoptr(GArray) changes = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) dependencies = g_array_new (FALSE, FALSE, sizeof (Dependency));
  g_autoptr(JsonNode) error_node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) record = g_string_new (NULL);
  GString *body;
  gint64 since;
  gint64 limit;
  gint64 cursor;
  gint64 rows = 0;
  gint64 emitted = 0;
  gint64 top;
  guint status;
  gboolean has_more = FALSE;
  gboolean first = TRUE;

  if (!parse_count (since_text, 0, &since))
    {
      status = error_response (400, "bad_request", "since must be a non-negative integer", 0,
                               &error_node);
      goto failed;
    }
  if (!parse_count (limit_text, 500, &limit) || limit == 0)
    {
      status = error_response (400, "bad_request", "limit must be a positive integer", 0,
                               &error_node);
      goto failed;
    }
  limit = MIN (limit, SPA_SERVER_MAX_PULL);

  if (!spa_server_storage_refresh (storage, &error))
    {
      g_warning ("Pull failed: %s", error->message);
      status = error_response (500, "server_error", error->message, 0, &error_node);
      goto failed;
    }

  /* Tombstones older than min_cursor were compacted away; a cursor ahead of the log
   * belongs to another (or a restored) server. Either way only a full resync is safe. */
  top = storage->klass->max_seq (storage);
  if ((since > 0 && !full && since < storage->klass->min_cursor (storage)) || since > top)
    {
      status = error_response (410, "resync_required",
                               "the cursor is no longer valid: pull again from 0", 0, &error_node);
      goto failed;
    }

  changes = storage->klass->changes_since (storage, since, limit + 1, &error);
  if (changes == NULL)
    {
      g_warning ("Pull failed: %s", error ? error->message : "?");
      status = error_response (500, "server_error", "the pull failed", 0, &error_node);
      goto failed;
    }

  body = g_string_sized_new (64 * 1024);
  g_string_append (body, "{\"changes\":[");
  cursor = since;

  g_array_set_clear_func (dependencies, (GDestroyNotify)dependency_clear);
  for (guint c = 0; c < changes->len; c++)
    {
      SpaServerChange *change = &g_array_index (changes, SpaServerChange, c);
      gint64 seq = change->seq;
      const char *entity = change->entity;
      const char *id = change->record_id;
      const SpaEntityInfo *info;
      g_autoptr(GPtrArray) named = NULL;
      g_autofree char *key = NULL;

      /* Bounded by bytes as well: sixty 10 MB records must not make a 600 MB page. */
      if (rows == limit || body->len >= SPA_SERVER_MAX_PULL_BYTES)
        {
          has_more = TRUE;
          break;
        }

      info = spa_entity_lookup (entity);
      key = g_strconcat (entity, "/", id, NULL);
      /* Every change carries the record as it is now, so once a page is enough. */
      named = g_ptr_array_new_with_free_func (g_free);
      g_string_truncate (record, 0);
      if (info == NULL || !spa_role_may_read (role, entity) || g_hash_table_contains (seen, key) ||
          !spa_server_storage_record_json (store, info, id, role, record, named))
        {
          rows++;
          cursor = seq;
          continue;
        }

      g_array_set_size (dependencies, 0);
      collect_dependencies (store, info, named, since, role, seen, known, dependencies, 0);
      if (emitted > 0 && emitted + dependencies->len + 1 > limit)
        {
          has_more = TRUE;
          break;
        }

      for (guint i = 0; i < dependencies->len; i++)
        {
          Dependency *dependency = &g_array_index (dependencies, Dependency, i);

          if (append_change (body, store, dependency->info, dependency->id, seq, role, &first))
            emitted++;
          g_hash_table_add (seen, g_strconcat (dependency->info->name, "/", dependency->id, NULL));
        }
      g_string_append (body, first ? "{\"seq\":" : ",{\"seq\":");
      first = FALSE;
      g_string_append_printf (body, "%" G_GINT64_FORMAT ",\"entity\":\"%s\",\"record\":", seq,
                              info->name);
      g_string_append_len (body, record->str, record->len);
      g_string_append_c (body, '}');
      emitted++;
      g_hash_table_add (seen, g_steal_pointer (&key));
      rows++;
      cursor = seq;
    }

  g_string_append_printf (body, "],\"cursor\":%" G_GINT64_FORMAT ",\"has_more\":%s}",
                          cursor, has_more ? "true" : "false");
  *response = g_string_free (body, FALSE);
  return 200;

failed:
  *response = spa_json_to_string (error_node);
  return status;
}

/**
 * spa_server_calendar:
 *
 * One therapist's feed (spa-server-feed.c), for a user with a token.
 *
 * Returns: the HTTP status
 */
guint
spa_server_calendar (SpaStore    *store,
                     const char  *therapist_id,
                     char       **ics,
                     JsonNode   **error_response_out)
{
  g_autoptr(GError) error = NULL;

  if (!spa_server_storage_refresh (spa_server_storage_get (store), &error))
    {
      g_warning ("Calendar failed: %s", error->message);
      return error_response (500, "server_error", "the calendar failed", 0, error_response_out);
    }
  if (!spa_store_exists (store, "therapist", therapist_id))
    return error_response (404, "not_found", "no such therapist", 0, error_response_out);
  *ics = spa_server_feed_ics (store, therapist_id, NULL);
  if (*ics == NULL)
    return error_response (500, "server_error", "the calendar failed", 0, error_response_out);
  return 200;
}

/**
 * spa_server_compact:
 *
 * Drops change-log entries that later ones supersede and those of tombstones, and
 * records the cursor below which devices must resync in full (410).
 */
gboolean
spa_server_compact (SpaStore  *store,
                    GError   **error)
{
  SpaServerStorage *storage = spa_server_storage_get (store);

  return storage->klass->compact (storage, error);
}
