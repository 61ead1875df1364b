/* spa-server-storage.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "spa-role.h"
#include "spa-store.h"

G_BEGIN_DECLS

/*
 * Where the server keeps what the sync protocol needs (docs/sync-protocol.md,
 * "Storage"): the storage primitives, and nothing of the protocol's rules, which stay
 * in spa-server-sync.c for every back-end.
 *
 * The rules read records through a SpaStore (the desk's own schema: validation,
 * references, the overlap rule, balances are the core's code). With SQLite that store
 * is the database itself. With PostgreSQL it is the process's working copy of the
 * database, brought up to date from PostgreSQL by spa_server_storage_begin() under the
 * writers' lock and by spa_server_storage_refresh() before a read; every write goes to
 * PostgreSQL in the same transaction.
 */

typedef struct _SpaServerStorage SpaServerStorage;

typedef struct
{
  char *name;
  char *role;
  char *token_hash;
  char *created_at;
  char *revoked_at;
  char *therapist_id;
  char *pin_hash;
  char *sign_salt;
  char *sign_key;
} SpaServerUser;

void spa_server_user_free (SpaServerUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaServerUser, spa_server_user_free)

typedef struct
{
  gint64  seq;
  char   *entity;
  char   *record_id;
} SpaServerChange;

typedef struct
{
  const char *name;

  /* Write transactions (nested ones are savepoints). The outermost begin serialises
   * writers, across processes too, and brings the store up to date. */
  gboolean   (*begin)            (SpaServerStorage *self,
                                  GError          **error);
  gboolean   (*commit)           (SpaServerStorage *self,
                                  GError          **error);
  void       (*rollback)         (SpaServerStorage *self);
  /* Brings the store up to date before a read. */
  gboolean   (*refresh)          (SpaServerStorage *self,
                                  GError          **error);

  /* Field versions: which change (and device) last wrote a record's field. */
  gboolean   (*field_version)    (SpaServerStorage *self,
                                  const char       *entity,
                                  const char       *id,
                                  const char       *field,
                                  gint64           *version,
                                  char            **device_id);
  /* Records that change @version of @id wrote @fields. */
  gboolean   (*set_field_versions) (SpaServerStorage *self,
                                  const char       *entity,
                                  const char       *id,
                                  const char * const *fields,
                                  guint             n_fields,
                                  gint64            version,
                                  const char       *device_id,
                                  GError          **error);
  /* The fields written after @base_version by another device than @device_id. */
  GPtrArray *(*fields_changed_since) (SpaServerStorage *self,
                                  const char       *entity,
                                  const char       *id,
                                  gint64            base_version,
                                  const char       *device_id,
                                  GError          **error);

  /* Appends to the change log. Returns: the change's sequence number, 0 on error */
  gint64     (*log_change)       (SpaServerStorage *self,
                                  const char       *entity,
                                  const char       *id,
                                  const char       *device_id,
                                  gint64            mutation_id,
                                  GError          **error);
  /* Writes a record as it is now (its version set from log_change()). */
  gboolean   (*write_record)     (SpaServerStorage *self,
                                  SpaRecord        *record,
                                  GError          **error);

  /* Devices and their stored results. */
  gboolean   (*device_last)      (SpaServerStorage *self,
                                  const char       *device_id,
                                  const char       *user_name,
                                  gint64           *last,
                                  GError          **error);
  gboolean   (*set_device_last)  (SpaServerStorage *self,
                                  const char       *device_id,
                                  gint64            last,
                                  GError          **error);
  gboolean   (*store_result)     (SpaServerStorage *self,
                                  const char       *device_id,
                                  gint64            mutation_id,
                                  const char       *result,
                                  GError          **error);
  char      *(*load_result)      (SpaServerStorage *self,
                                  const char       *device_id,
                                  gint64            mutation_id);

  /* Users and tokens. The updates set *found to whether an active user has @name. */
  gboolean   (*add_user)         (SpaServerStorage *self,
                                  const char       *name,
                                  const char       *role,
                                  const char       *token_hash,
                                  const char       *created_at,
                                  GError          **error);
  gboolean   (*set_user_therapist) (SpaServerStorage *self,
                                  const char       *name,
                                  const char       *therapist_id,
                                  gboolean         *found,
                                  GError          **error);
  gboolean   (*set_user_pin)     (SpaServerStorage *self,
                                  const char       *name,
                                  const char       *pin_hash,
                                  const char       *sign_salt,
                                  const char       *sign_key,
                                  gboolean         *found,
                                  GError          **error);
  gboolean   (*revoke_user)      (SpaServerStorage *self,
                                  const char       *name,
                                  const char       *revoked_at,
                                  gboolean         *found,
                                  GError          **error);
  /* Returns: (nullable): the user called @name, revoked or not */
  SpaServerUser *(*find_user)    (SpaServerStorage *self,
                                  const char       *name);
  /* Returns: (nullable): the active user whose token has this hash; %NULL with
   * @error set when the database could not say */
  SpaServerUser *(*find_token)   (SpaServerStorage *self,
                                  const char       *token_hash,
                                  GError          **error);
  /* Returns: (element-type SpaServerUser): every user, by name */
  GPtrArray *(*list_users)       (SpaServerStorage *self,
                                  GError          **error);

  /* The log: changes after @since in order (at most @limit), its newest sequence
   * number, the cursor below which it was compacted, and compaction itself. */
  GArray    *(*changes_since)    (SpaServerStorage *self,
                                  gint64            since,
                                  gint64            limit,
                                  GError          **error);
  gint64     (*max_seq)          (SpaServerStorage *self);
  gint64     (*min_cursor)       (SpaServerStorage *self);
  gboolean   (*compact)          (SpaServerStorage *self,
                                  GError          **error);

  /* The server's own settings (`spa-desk-server set`): *value %NULL when unset; a
   * %NULL @value unsets. */
  gboolean   (*get_setting)      (SpaServerStorage *self,
                                  const char       *key,
                                  char            **value,
                                  GError          **error);
  gboolean   (*set_setting)      (SpaServerStorage *self,
                                  const char       *key,
                                  const char       *value,
                                  GError          **error);

  /* Secret calendar feeds, kept as their secret's hash (spa-server-feed.c). find_feed
   * sets *therapist_id to the therapist whose live feed has @token_hash, %NULL for
   * none (unknown or revoked). */
  gboolean   (*add_feed)         (SpaServerStorage *self,
                                  const char       *token_hash,
                                  const char       *therapist_id,
                                  const char       *created_at,
                                  GError          **error);
  gboolean   (*revoke_feeds)     (SpaServerStorage *self,
                                  const char       *therapist_id,
                                  const char       *revoked_at,
                                  guint            *n_revoked,
                                  GError          **error);
  gboolean   (*find_feed)        (SpaServerStorage *self,
                                  const char       *token_hash,
                                  char            **therapist_id,
                                  GError          **error);

  /* Online booking (spa-server-public.c): a booking's secret links, kept as their
   * hash. find_link sets *booking_id to the booking a live link of @kind opens
   * (%NULL for none: unknown, of another kind, or expired by @now) and *used to
   * whether a link of that kind for the same booking was used. */
  gboolean   (*add_link)         (SpaServerStorage *self,
                                  const char       *token_hash,
                                  const char       *kind,
                                  const char       *booking_id,
                                  const char       *client_id,
                                  const char       *expires_at,
                                  GError          **error);
  gboolean   (*find_link)        (SpaServerStorage *self,
                                  const char       *token_hash,
                                  const char       *kind,
                                  const char       *now,
                                  char            **booking_id,
                                  gboolean         *used,
                                  GError          **error);
  gboolean   (*use_link)         (SpaServerStorage *self,
                                  const char       *token_hash,
                                  const char       *used_at,
                                  GError          **error);
  /* Idempotency keys and the first answer to each: *tag and *answer %NULL for a new
   * key. */
  gboolean   (*find_request)     (SpaServerStorage *self,
                                  const char       *key,
                                  char            **tag,
                                  char            **answer,
                                  GError          **error);
  gboolean   (*add_request)      (SpaServerStorage *self,
                                  const char       *key,
                                  const char       *tag,
                                  const char       *answer,
                                  const char       *created_at,
                                  GError          **error);

  /* The waitlist's offers (spa-server-mail-waitlist.c), kept as their secret's hash.
   * find_offer fills @out with the offer's freed_booking_id, entry_id, client_id,
   * outcome, booking_id, "1" when another offer of the same freed time booked it and
   * "1" when its time has begun by @now (all %NULL for none). open_offers lists the
   * offers not answered yet, of @freed_id and of @entry_id when given, oldest first,
   * five strings a row: token_hash, freed_booking_id, entry_id, client_id and "1" when
   * the time has begun by @now. */
  gboolean   (*add_offer)        (SpaServerStorage *self,
                                  const char       *token_hash,
                                  const char       *freed_id,
                                  const char       *entry_id,
                                  const char       *client_id,
                                  const char       *created_at,
                                  const char       *expires_at,
                                  GError          **error);
  gboolean   (*has_offers)       (SpaServerStorage *self,
                                  const char       *freed_id,
                                  gboolean         *found,
                                  GError          **error);
  gboolean   (*find_offer)       (SpaServerStorage *self,
                                  const char       *token_hash,
                                  const char       *now,
                                  char             *out[7],
                                  GError          **error);
  gboolean   (*settle_offer)     (SpaServerStorage *self,
                                  const char       *token_hash,
                                  const char       *used_at,
                                  const char       *outcome,
                                  const char       *booking_id,
                                  GError          **error);
  GPtrArray *(*open_offers)      (SpaServerStorage *self,
                                  const char       *freed_id,
                                  const char       *entry_id,
                                  const char       *now,
                                  GError          **error);

  /* The mail queue (spa-server-mail.c): whether a message has @key, and a message
   * queued unless one has its key already. */
  gboolean   (*has_mail)         (SpaServerStorage *self,
                                  const char       *key,
                                  gboolean         *found,
                                  GError          **error);
  gboolean   (*add_mail)         (SpaServerStorage *self,
                                  const char       *kind,
                                  const char       *key,
                                  const char       *booking_id,
                                  const char       *client_id,
                                  const char       *recipient,
                                  const char       *message,
                                  const char       *now,
                                  GError          **error);
  /* Of @keys, those a message has (a set of the same strings). */
  GHashTable *(*queued_keys)     (SpaServerStorage *self,
                                  const char * const *keys,
                                  guint             n_keys,
                                  GError          **error);
  /* The sender: claim_mail marks the oldest message due by @now sending, for @owner
   * until @lease_until, and returns it (*id 0 for none; *attempts counts this one);
   * a message is claimed by one process only. finish_mail records its outcome
   * (@status sent, failed or pending; @at is sent_at for sent, next_attempt_at for
   * pending) if @owner still holds it. recover_mail marks interrupted the messages
   * left sending by an owner that is gone or whose lease ended by @now (never another
   * live process's), with @reason. */
  gboolean   (*claim_mail)       (SpaServerStorage *self,
                                  const char       *owner,
                                  const char       *now,
                                  const char       *lease_until,
                                  gint64           *id,
                                  char            **recipient,
                                  char            **message,
                                  gint64           *attempts,
                                  GError          **error);
  gboolean   (*finish_mail)      (SpaServerStorage *self,
                                  gint64            id,
                                  const char       *owner,
                                  const char       *status,
                                  const char       *at,
                                  const char       *last_error,
                                  GError          **error);
  gboolean   (*recover_mail)     (SpaServerStorage *self,
                                  const char       *now,
                                  const char       *reason,
                                  GError          **error);
  /* The newest 500 messages (of @status when given), newest first, eleven strings a
   * row: id, kind, booking_id, recipient, status, attempts, last_error, created_at,
   * sent_at, next_attempt_at, message. */
  GPtrArray *(*list_mail)        (SpaServerStorage *self,
                                  const char       *status,
                                  GError          **error);

  /* The online booking's rate limit, shared by every server process: counts one
   * request from @address in the minute that began at @window_start (Unix seconds),
   * sets *count to that window's count with it, and now and then drops older windows.
   * %NULL on a back-end one process serves (SQLite): the site counts in memory. */
  gboolean   (*rate_hit)         (SpaServerStorage *self,
                                  const char       *address,
                                  gint64            window_start,
                                  gint64           *count,
                                  GError          **error);

  void       (*free)             (SpaServerStorage *self);
} SpaServerStorageClass;

struct _SpaServerStorage
{
  const SpaServerStorageClass *klass;
  SpaStore                    *store;   /* not a reference: the store owns its storage */
};

SpaServerStorage *spa_server_storage_get       (SpaStore          *store);
void              spa_server_storage_attach    (SpaStore          *store,
                                                SpaServerStorage  *storage);

SpaServerStorage *spa_server_storage_sqlite_new (SpaStore         *store);

/* The record's JSON for a pull page, written straight from the store's columns (NULL
 * for the fields @role may not read), and the ids its references name, in the order of
 * spa_store_references() (NULL for none). */
gboolean          spa_server_storage_record_json (SpaStore            *store,
                                                  const SpaEntityInfo *info,
                                                  const char          *id,
                                                  SpaRole              role,
                                                  GString             *out,
                                                  GPtrArray           *references);
/* Whether the record exists, with its version and tombstone. */
gboolean          spa_server_storage_record_state (SpaStore            *store,
                                                   const SpaEntityInfo *info,
                                                   const char          *id,
                                                   gint64              *version,
                                                   gboolean            *deleted);

gboolean spa_server_storage_sqlite_put_change    (SpaStore    *store,
                                                 gint64       seq,
                                                 const char  *entity,
                                                 const char  *id,
                                                 const char  *device_id,
                                                 gint64       mutation_id,
                                                 GError     **error);
gboolean spa_server_storage_sqlite_clear_changes (SpaStore    *store,
                                                 GError     **error);
void     spa_server_storage_sqlite_make_copy     (SpaStore    *store);

/* The storage on a PostgreSQL database (a libpq connection string or URI): returns its
 * working copy, with the storage attached. */
SpaStore *spa_server_storage_pg_open (const char  *conninfo,
                                      GError     **error);
gboolean  spa_server_storage_is_pg   (const char  *db);

#define spa_server_storage_begin(s, e)      ((s)->klass->begin ((s), (e)))
#define spa_server_storage_commit(s, e)     ((s)->klass->commit ((s), (e)))
#define spa_server_storage_rollback(s)      ((s)->klass->rollback ((s)))
#define spa_server_storage_refresh(s, e)    ((s)->klass->refresh ((s), (e)))

void spa_server_change_clear (SpaServerChange *change);
void spa_server_claimed_mail_take (char   **out,
                                   gint64  *id,
                                   char   **recipient,
                                   char   **message,
                                   gint64  *attempts);

G_END_DECLS
