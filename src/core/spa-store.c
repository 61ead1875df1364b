/* spa-store.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/file.h>

#include "spa-error.h"
#include "spa-json.h"
#include "spa-migrations.h"
#include "spa-store-private.h"
#include "spa-util.h"
#include "spa-validate.h"


G_DEFINE_FINAL_TYPE (SpaStore, spa_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
spa_stmt_release (SpaStmt *stmt)
{
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}

static void
spa_store_finalize (GObject *object)
{
  SpaStore *self = (SpaStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->columns, g_hash_table_unref);
  g_clear_pointer (&self->client_by_rowid_sql, g_free);
  g_clear_pointer (&self->row_sql, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  /* Before the connection: the last one closed checkpoints the whole WAL. */
  g_clear_pointer (&self->checkpointer, spa_checkpointer_free);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);
  /* After the connection: closing the lock file releases the claim on the database. */
  if (self->lock_fd >= 0)
    close (self->lock_fd);

  G_OBJECT_CLASS (spa_store_parent_class)->finalize (object);
}

static void
spa_store_class_init (SpaStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = spa_store_finalize;

  /**
   * SpaStore::changed:
   * @self: the store
   * @entity: the entity of the record that changed
   * @id: (nullable): the record's id, or %NULL when many records changed
   *
   * Emitted after a change to the store has been committed. The detail is the
   * entity, so a view connects to what it shows ("changed::booking") instead of
   * comparing names in its handler.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
spa_store_init (SpaStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->columns = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->row_sql = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pending = g_ptr_array_new_with_free_func (g_free);
  self->lock_fd = -1;
}

/* What a failure means for the person at the desk: the system's errno says more than
 * SQLite's code (a full disk is often only "disk I/O error"). */
static SpaStoreError
classify_failure (int code,
                  int sys_errno)
{
  switch (sys_errno)
    {
    case ENOSPC:
    case EDQUOT:
      return SPA_STORE_ERROR_DISK_FULL;
    case EROFS:
    case EACCES:
    case EPERM:
      return SPA_STORE_ERROR_READ_ONLY;
    default:
      break;
    }

  switch (code & 0xff)
    {
    case SQLITE_FULL:
      return SPA_STORE_ERROR_DISK_FULL;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return SPA_STORE_ERROR_CORRUPT;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      return SPA_STORE_ERROR_READ_ONLY;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return SPA_STORE_ERROR_BUSY;
    default:
      return SPA_STORE_ERROR_FAILED;
    }
}

static void
remember_failure (SpaStore *self)
{
  self->last_code = sqlite3_extended_errcode (self->db);
  self->last_errno = sqlite3_system_errno (self->db);
}

gboolean
spa_store_set_error (SpaStore  *self,
                     GError   **error)
{
  int code = sqlite3_extended_errcode (self->db);

  remember_failure (self);
  if ((code & 0xff) == SQLITE_CONSTRAINT)
    g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED,
                 _("The change breaks a rule of the database: %s"), sqlite3_errmsg (self->db));
  else if (classify_failure (code, self->last_errno) == SPA_STORE_ERROR_DISK_FULL)
    g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_DISK_FULL,
                 _("The disk is full: free some space, then try again"));
  else
    g_set_error (error, SPA_STORE_ERROR, classify_failure (code, self->last_errno),
                 _("The database failed: %s"), sqlite3_errmsg (self->db));
  return FALSE;
}

/**
 * spa_store_prepare:
 * @self: a #SpaStore
 * @sql: one SQL statement, with `?` for every value
 * @error: return location for a #GError
 *
 * Returns a prepared statement from the connection's cache, compiling it the first
 * time. Release it with g_autoptr(SpaStmt) (which resets it) before preparing the
 * same text again.
 *
 * Returns: (transfer none) (nullable): the statement
 */
SpaStmt *
spa_store_prepare (SpaStore    *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SPA_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      spa_store_set_error (self, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/**
 * spa_store_step_done:
 *
 * Steps a statement that returns no rows.
 */
gboolean
spa_store_step_done (SpaStore  *self,
                     SpaStmt   *stmt,
                     GError   **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return spa_store_set_error (self, error);

  return TRUE;
}

/* Transaction control runs for every save: a cached statement skips parsing it again. */
static gboolean
exec_cached (SpaStore    *self,
             const char  *sql,
             GError     **error)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (self, sql, error);

  return stmt != NULL && spa_store_step_done (self, stmt, error);
}

gboolean
spa_store_exec (SpaStore    *self,
                const char  *sql,
                GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      remember_failure (self);
      g_set_error (error, SPA_STORE_ERROR, classify_failure (self->last_code, self->last_errno),
                   _("The database failed: %s"), message ? message : "?");
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

/* Listeners hear of a change only once it is committed, and of a large batch (demo
 * data, a sync page) once per entity rather than once per record. */
static void
emit_pending (SpaStore *self)
{
  g_autoptr(GPtrArray) pending = g_steal_pointer (&self->pending);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) announced = g_hash_table_new (g_str_hash, g_str_equal);

  self->pending = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < pending->len; i++)
    {
      const char *entity = pending->pdata[i];
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, entity));

      g_hash_table_insert (counts, (gpointer)entity, GUINT_TO_POINTER (n + 1));
    }

  for (guint i = 0; i < pending->len; i++)
    {
      const char *entity = pending->pdata[i];
      const char *id = entity + strlen (entity) + 1;

      if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, entity)) > 8)
        {
          if (g_hash_table_add (announced, (gpointer)entity))
            g_signal_emit (self, signals[CHANGED], g_quark_from_string (entity), entity, NULL);
        }
      else
        g_signal_emit (self, signals[CHANGED], g_quark_from_string (entity), entity,
                       *id ? id : NULL);
    }
}

/**
 * spa_store_begin:
 *
 * Starts a transaction, or a savepoint inside the current one, so that helpers that
 * write in a transaction can be called from a larger one (the demo, the generator).
 */
gboolean
spa_store_begin (SpaStore  *self,
                 GError   **error)
{
  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);

  if (self->depth == 0)
    {
      if (!exec_cached (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      self->bulk = FALSE;
      self->bulk_failed = FALSE;
    }
  else if (!self->bulk && !exec_cached (self, "SAVEPOINT nested", error))
    return FALSE;

  self->depth++;
  return TRUE;
}

/**
 * spa_store_begin_bulk:
 *
 * Starts a transaction for writing very many records (the benchmark's generator, an
 * import): the spa_store_save() calls inside it take no savepoint of their own, which
 * makes them about a third faster. The price: a save that fails inside it may leave
 * part of its work behind, so the whole transaction must then be rolled back;
 * spa_store_commit() refuses (and rolls back) once anything inside has failed.
 */
gboolean
spa_store_begin_bulk (SpaStore  *self,
                      GError   **error)
{
  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  if (!spa_store_begin (self, error))
    return FALSE;
  self->bulk = TRUE;
  return TRUE;
}

gboolean
spa_store_commit (SpaStore  *self,
                  GError   **error)
{
  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1)
    {
      if (self->bulk_failed)
        {
          /* Bulk writers are imports and generators; the detail is for their logs. */
          g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED,
                       _("The database failed: %s"), "a change in a bulk transaction failed, so none is kept");
          spa_store_rollback (self);
          return FALSE;
        }
      if (!exec_cached (self, "COMMIT", error))
        {
          spa_store_rollback (self);
          return FALSE;
        }
    }
  else if (self->bulk)
    ;
  else if (!exec_cached (self, "RELEASE nested", error))
    {
      spa_store_rollback (self);
      return FALSE;
    }

  self->depth--;
  if (self->depth == 0)
    emit_pending (self);
  return TRUE;
}

void
spa_store_rollback (SpaStore *self)
{
  g_return_if_fail (SPA_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  if (self->depth == 1)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      self->bulk = self->bulk_failed = FALSE;
    }
  else if (self->bulk)
    self->bulk_failed = TRUE;
  else
    sqlite3_exec (self->db, "ROLLBACK TO nested; RELEASE nested", NULL, NULL, NULL);

  self->depth--;
  /* Nothing was committed; an inner rollback may leave a few extra notifications,
   * which only make listeners read again. */
  if (self->depth == 0)
    g_ptr_array_set_size (self->pending, 0);
}

gboolean
spa_store_in_transaction (SpaStore *self)
{
  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);
  return self->depth > 0;
}

/**
 * spa_store_data_version:
 *
 * A number that changes when another connection (the desk's report or import thread,
 * another server process) commits to the database, for caches of what it holds: it
 * does not change for this connection's own commits (the "changed" signal tells).
 *
 * Returns: the database's data version, or -1 if it could not be read
 */
gint64
spa_store_data_version (SpaStore *self)
{
  g_autoptr(SpaStmt) stmt = NULL;

  g_return_val_if_fail (SPA_IS_STORE (self), -1);

  stmt = spa_store_prepare (self, "PRAGMA data_version", NULL);
  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
}

/**
 * spa_store_set_clock_offset:
 *
 * Shifts this store's clock, to test devices whose clocks are wrong. Times on this
 * device are for display only; nothing that decides a conflict reads them.
 */
void
spa_store_set_clock_offset (SpaStore  *self,
                            GTimeSpan  offset)
{
  g_return_if_fail (SPA_IS_STORE (self));
  self->clock_offset = offset;
}

char *
spa_store_now_utc (SpaStore *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) shifted = g_date_time_add (now, self ? self->clock_offset : 0);

  return spa_time_format_utc (shifted);
}

/* The WAL's checkpoints, off the saving thread.
 *
 * SQLite checkpoints by itself inside the commit that takes the WAL past 1 000 pages:
 * that commit then copies every page back into the database file and waits for its
 * fsync, 5 to 15 ms instead of about 1.5. A checkout writes about 50 pages, so one save
 * in 20 paid for a checkpoint: the 95th percentile of every save. Instead, a connection
 * hands that moment to a thread of its own, which runs a passive checkpoint (it never
 * waits for the writers, nor they for it) on its own connection, with the same
 * synchronous = FULL. Commits stay as durable: each still waits for the fsync of its
 * WAL frames; a checkpoint only moves committed pages into the database file. */

#define CHECKPOINT_PAGES 1000
#define CHECKPOINT_PAGES_MAX (10 * CHECKPOINT_PAGES)

struct _SpaCheckpointer
{
  GMutex   lock;
  GCond    cond;
  GThread *thread;
  char    *path;
  gboolean wanted;
  gboolean quit;
  gboolean held;      /* spa_checkpointer_hold(), for tests */
  guint    done;      /* checkpoints run */
  guint    asked_at;  /* the WAL's length when one was last asked for (the hook's own) */
};

static gpointer
checkpoint_thread (gpointer data)
{
  SpaCheckpointer *self = data;
  sqlite3 *db = NULL;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      while (!self->quit && (!self->wanted || self->held))
        g_cond_wait (&self->cond, &self->lock);
      if (self->quit)
        break;
      self->wanted = FALSE;
      g_mutex_unlock (&self->lock);

      if (db == NULL &&
          (sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                            NULL) != SQLITE_OK ||
           sqlite3_exec (db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK))
        {
          g_debug ("no checkpoint connection to %s: %s", self->path, sqlite3_errmsg (db));
          g_clear_pointer (&db, sqlite3_close_v2);
        }
      /* Busy only while another connection checkpoints: that one does the work. */
      if (db != NULL &&
          sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) != SQLITE_OK)
        g_debug ("checkpoint of %s: %s", self->path, sqlite3_errmsg (db));

      g_mutex_lock (&self->lock);
      self->done++;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&db, sqlite3_close_v2);

  return NULL;
}

/* sqlite3_wal_hook(): after each commit, on the committing thread. */
static int
wal_committed (gpointer    data,
               sqlite3    *db,
               const char *name,
               int         n_pages)
{
  SpaCheckpointer *self = data;

  /* A passive checkpoint leaves the WAL as long as it was: the next commit that starts
   * after it has copied every page starts the WAL again from its beginning (between
   * saves, in the app). Until then, one checkpoint per CHECKPOINT_PAGES written, as
   * SQLite would, and not one per commit. */
  if ((guint)n_pages < self->asked_at)
    self->asked_at = 0;
  /* Commits that follow each other faster than the thread copies (a bulk load, an
   * import, a long pull) would let the WAL grow without end, since a passive
   * checkpoint that never catches up never lets it start again: past ten times the
   * usual length, this commit checkpoints itself, as SQLite would have. */
  if ((guint)n_pages >= CHECKPOINT_PAGES_MAX)
    {
      if (sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) !=
          SQLITE_OK)
        g_debug ("checkpoint of a long WAL: %s", sqlite3_errmsg (db));
      self->asked_at = 0;
      return SQLITE_OK;
    }
  if ((guint)n_pages < self->asked_at + CHECKPOINT_PAGES)
    return SQLITE_OK;
  self->asked_at = n_pages;

  g_mutex_lock (&self->lock);
  self->wanted = TRUE;
  if (self->thread == NULL)
    self->thread = g_thread_new ("spa-checkpoint", checkpoint_thread, self);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  return SQLITE_OK;
}

/**
 * spa_checkpointer_new:
 * @db: a connection in WAL mode
 * @path: its database file
 *
 * Takes the WAL's checkpoints off @db's commits (see above); the thread starts at the
 * first checkpoint. Free it before closing @db.
 */
SpaCheckpointer *
spa_checkpointer_new (sqlite3    *db,
                      const char *path)
{
  SpaCheckpointer *self = g_new0 (SpaCheckpointer, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->path = g_strdup (path);
  /* Replaces SQLite's own hook, the automatic checkpoint. */
  sqlite3_wal_hook (db, wal_committed, self);

  return self;
}

void
spa_checkpointer_free (SpaCheckpointer *self)
{
  g_mutex_lock (&self->lock);
  self->quit = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
  if (self->thread != NULL)
    g_thread_join (self->thread);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->path);
  g_free (self);
}

/* For tests: while held, no checkpoint runs; released, the one asked for runs. */
void
spa_checkpointer_hold (SpaCheckpointer *self,
                       gboolean         held)
{
  g_mutex_lock (&self->lock);
  self->held = held;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* For tests: the checkpoints run so far. */
guint
spa_checkpointer_get_done (SpaCheckpointer *self)
{
  guint done;

  g_mutex_lock (&self->lock);
  done = self->done;
  g_mutex_unlock (&self->lock);

  return done;
}

static gboolean
configure_connection (SpaStore  *self,
                      GError   **error)
{
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);

  spa_store_register_search_functions (self);

  /* Clinical notes: a committed write must survive a power cut. */
  return spa_store_exec (self,
                         "PRAGMA journal_mode = WAL;"
                         "PRAGMA synchronous = FULL;"
                         "PRAGMA foreign_keys = ON;"
                         "PRAGMA temp_store = MEMORY;"
                         /* 16 MB of pages instead of 2: the client indexes of a large
                          * spa (100 000 clients) stay in memory, so a day's bookings
                          * find their clients' names without reading the disk again. */
                         "PRAGMA cache_size = -16384;",
                         error) &&
         (self->checkpointer = spa_checkpointer_new (self->db, self->path)) != NULL;
}

static guint
read_user_version (SpaStore *self)
{
  sqlite3_stmt *stmt = NULL;
  guint version = 0;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

guint
spa_store_latest_version (void)
{
  guint n;
  const SpaMigration *migrations = spa_migrations_get (&n);

  return migrations[n - 1].version;
}

/* The migrations a database has had. Versions are numbered by the work that adds
 * them, which may land in any order, so a database at schema 41 may still lack 26:
 * each applied version is kept in schema_migration, and every missing one runs. A
 * database from before that table had every migration up to its user_version. */
static GHashTable *
read_applied (SpaStore  *self,
              guint      current,
              GError   **error)
{
  g_autoptr(GHashTable) applied = g_hash_table_new (NULL, NULL);
  g_autoptr(SpaStmt) stmt = NULL;
  guint n_migrations;
  const SpaMigration *migrations = spa_migrations_get (&n_migrations);
  gboolean empty = TRUE;
  int rc;

  if (!spa_store_exec (self,
                       "CREATE TABLE IF NOT EXISTS schema_migration ("
                       "  version INTEGER PRIMARY KEY"
                       ");",
                       error))
    return NULL;
  stmt = spa_store_prepare (self, "SELECT version FROM schema_migration", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_hash_table_add (applied, GUINT_TO_POINTER ((guint)sqlite3_column_int64 (stmt, 0)));
      empty = FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      spa_store_set_error (self, error);
      return NULL;
    }
  if (empty)
    for (guint i = 0; i < n_migrations; i++)
      if (migrations[i].version <= current)
        g_hash_table_add (applied, GUINT_TO_POINTER (migrations[i].version));
  return g_steal_pointer (&applied);
}

static gboolean
migrate (SpaStore  *self,
         guint      target,
         GError   **error)
{
  guint n_migrations;
  const SpaMigration *migrations = spa_migrations_get (&n_migrations);
  guint current = read_user_version (self);
  g_autoptr(GHashTable) applied = NULL;

  if (current > spa_store_latest_version ())
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_TOO_NEW,
                   _("This database was written by a newer version of Spa Desk "
                     "(schema %u; this version knows up to %u). Update Spa Desk to open it."),
                   current, spa_store_latest_version ());
      return FALSE;
    }

  applied = read_applied (self, current, error);
  if (applied == NULL)
    return FALSE;

  for (guint i = 0; i < n_migrations; i++)
    {
      const SpaMigration *m = &migrations[i];
      g_autofree char *record = NULL;
      g_autofree char *pragma = NULL;

      if (m->version > target)
        break;
      if (g_hash_table_contains (applied, GUINT_TO_POINTER (m->version)))
        {
          /* Kept for a database from before schema_migration. */
          record = g_strdup_printf ("INSERT OR IGNORE INTO schema_migration VALUES (%u)",
                                    m->version);
          if (!spa_store_exec (self, record, error))
            return FALSE;
          continue;
        }

      g_debug ("Migrating %s to schema %u", self->path, m->version);

      if (!spa_store_begin (self, error))
        return FALSE;

      record = g_strdup_printf ("INSERT INTO schema_migration VALUES (%u)", m->version);
      pragma = g_strdup_printf ("PRAGMA user_version = %u", MAX (current, m->version));
      if ((m->sql != NULL && !spa_store_exec (self, m->sql, error)) ||
          (m->after != NULL && !m->after (self, error)) ||
          !spa_store_exec (self, record, error) || !spa_store_exec (self, pragma, error))
        {
          g_prefix_error (error, _("Could not upgrade the database to schema %u: "), m->version);
          spa_store_rollback (self);
          return FALSE;
        }

      if (!spa_store_commit (self, error))
        return FALSE;

      current = MAX (current, m->version);
    }

  self->schema_version = current;
  return TRUE;
}

/**
 * spa_store_default_path:
 * @data_dir: (nullable): the folder to keep the database in, or %NULL for
 *   `$XDG_DATA_HOME/spa-desk`
 *
 * Returns: (transfer full): the path of the database file
 */
char *
spa_store_default_path (const char *data_dir)
{
  if (data_dir != NULL)
    return g_build_filename (data_dir, SPA_STORE_FILE_NAME, NULL);

  return g_build_filename (g_get_user_data_dir (), "spa-desk", SPA_STORE_FILE_NAME, NULL);
}

/* A failure to open, in words that say what is wrong and name the file. */
static void
set_open_error (GError      **error,
                SpaStoreError code,
                const char   *path,
                const char   *detail)
{
  switch (code)
    {
    case SPA_STORE_ERROR_CORRUPT:
      g_set_error (error, SPA_STORE_ERROR, code,
                   _("“%s” is damaged or is not a Spa Desk database (%s)"), path, detail);
      break;
    case SPA_STORE_ERROR_READ_ONLY:
      g_set_error (error, SPA_STORE_ERROR, code,
                   _("Spa Desk cannot write to “%s” or its folder (%s)"), path, detail);
      break;
    case SPA_STORE_ERROR_DISK_FULL:
      g_set_error (error, SPA_STORE_ERROR, code,
                   _("The disk that holds “%s” is full"), path);
      break;
    case SPA_STORE_ERROR_IN_USE:
      g_set_error (error, SPA_STORE_ERROR, code,
                   _("Spa Desk is already open on “%s”"), path);
      break;
    case SPA_STORE_ERROR_BUSY:
      g_set_error (error, SPA_STORE_ERROR, code,
                   _("Another program is using “%s”"), path);
      break;
    default:
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED,
                   _("Could not open the database “%s”: %s"), path, detail);
      break;
    }
}

/* A system call failed before SQLite was involved (the folder, the file, the lock). */
static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path,
                 gboolean     is_folder)
{
  SpaStoreError code = classify_failure (0, saved_errno);

  if (code != SPA_STORE_ERROR_FAILED)
    set_open_error (error, code, path, g_strerror (saved_errno));
  else if (is_folder)
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                 _("Could not create the folder “%s”: %s"), path, g_strerror (saved_errno));
  else
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                 _("Could not open the database “%s”: %s"), path, g_strerror (saved_errno));
}

/* Only one Spa Desk at a time works on a database: a second one would wait for the
 * first one's write lock on every save. The claim is an flock() on a file beside the
 * database, which the system drops when the process ends, however it ends; SQLite's
 * own locks are fcntl() locks on the database, which are not touched. */
static gboolean
claim_database (SpaStore    *self,
                GError     **error)
{
  g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);

  self->lock_fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (self->lock_fd < 0)
    {
      set_errno_error (error, errno, self->path, FALSE);
      return FALSE;
    }

  if (flock (self->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EWOULDBLOCK)
        set_open_error (error, SPA_STORE_ERROR_IN_USE, self->path, NULL);
      else
        set_errno_error (error, saved_errno, self->path, FALSE);
      return FALSE;
    }

  return TRUE;
}

static SpaStore *
open_store (const char  *path,
            guint        version,
            gboolean     exclusive,
            GError     **error)
{
  g_autoptr(SpaStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      set_errno_error (error, errno, dir, TRUE);
      return NULL;
    }

  /* Create the file ourselves so that it is private from the start; SQLite gives the
   * -wal and -shm files the same mode. */
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_errno_error (error, errno, path, FALSE);
      return NULL;
    }
  close (fd);

  self = g_object_new (SPA_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (exclusive && !claim_database (self, error))
    return NULL;

  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      if (self->db == NULL)
        set_open_error (error, SPA_STORE_ERROR_FAILED, path, g_strerror (ENOMEM));
      else
        set_open_error (error, classify_failure (sqlite3_extended_errcode (self->db),
                                                 sqlite3_system_errno (self->db)),
                        path, sqlite3_errmsg (self->db));
      return NULL;
    }

  /* A lock held by another program is found at once rather than after the 5 s that
   * saves wait for the sync worker: the app then says so before its first frame. */
  if (exclusive)
    sqlite3_busy_timeout (self->db, 250);

  if (!configure_connection (self, &local_error) || !migrate (self, version, &local_error) ||
      /* A load (spa_store_begin_load()) was cut short, the app closed or crashed:
       * finish it now. */
      (self->schema_version >= 8 && spa_store_load_unfinished (self) &&
       !spa_store_end_load (self, &local_error)) ||
      /* Can this connection write at all (read-only files, another program's lock)? */
      (exclusive && !spa_store_exec (self, "BEGIN IMMEDIATE; COMMIT;", &local_error)))
    {
      SpaStoreError code = classify_failure (self->last_code, self->last_errno);

      if (g_error_matches (local_error, SPA_STORE_ERROR, SPA_STORE_ERROR_TOO_NEW) ||
          code == SPA_STORE_ERROR_FAILED)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_open_error (error, code, path, sqlite3_errstr (self->last_code));
      return NULL;
    }

  if (exclusive)
    sqlite3_busy_timeout (self->db, 5000);

  return g_steal_pointer (&self);
}

/**
 * spa_store_open_at_version:
 * @path: the database file; created (mode 0600) with its folder when missing
 * @version: migrate up to this schema version and no further (tests of old versions)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the store
 */
SpaStore *
spa_store_open_at_version (const char  *path,
                           guint        version,
                           GError     **error)
{
  return open_store (path, version, FALSE, error);
}

/**
 * spa_store_open:
 * @path: the database file; created (mode 0600) with its folder when missing
 * @error: return location for a #GError
 *
 * Opens the database and brings its schema up to date. A failure to open is a
 * #SpaStoreError that says what is wrong: %SPA_STORE_ERROR_CORRUPT,
 * %SPA_STORE_ERROR_READ_ONLY, %SPA_STORE_ERROR_DISK_FULL, %SPA_STORE_ERROR_BUSY,
 * %SPA_STORE_ERROR_TOO_NEW, or %SPA_STORE_ERROR_FAILED.
 *
 * Returns: (transfer full) (nullable): the store
 */
SpaStore *
spa_store_open (const char  *path,
                GError     **error)
{
  return open_store (path, G_MAXUINT, FALSE, error);
}

/**
 * spa_store_open_exclusive:
 * @path: the database file; created (mode 0600) with its folder when missing
 * @error: return location for a #GError
 *
 * Opens the database as spa_store_open() does, for the app's own connection: fails
 * with %SPA_STORE_ERROR_IN_USE while another process holds it this way (another Spa
 * Desk), and checks that the database can be written now, so that a read-only file or
 * another program's lock is reported at once instead of at the first save. Other
 * connections of the same process (the sync worker's) use spa_store_open().
 *
 * Returns: (transfer full) (nullable): the store
 */
SpaStore *
spa_store_open_exclusive (const char  *path,
                          GError     **error)
{
  return open_store (path, G_MAXUINT, TRUE, error);
}

guint
spa_store_get_schema_version (SpaStore *self)
{
  g_return_val_if_fail (SPA_IS_STORE (self), 0);
  return self->schema_version;
}

const char *
spa_store_get_path (SpaStore *self)
{
  g_return_val_if_fail (SPA_IS_STORE (self), NULL);
  return self->path;
}

/**
 * spa_store_get_db:
 *
 * Returns: (transfer none): the connection, for the queries of other core modules
 */
sqlite3 *
spa_store_get_db (SpaStore *self)
{
  g_return_val_if_fail (SPA_IS_STORE (self), NULL);
  return self->db;
}

/**
 * spa_store_notify_changed:
 * @entity: the entity that changed
 * @id: (nullable): the record, or %NULL for many
 *
 * Announces a change with #SpaStore::changed: at once outside a transaction, after
 * the outermost commit inside one (and not at all if it is rolled back).
 */
void
spa_store_notify_changed (SpaStore   *self,
                          const char *entity,
                          const char *id)
{
  g_return_if_fail (SPA_IS_STORE (self));

  if (self->depth == 0)
    {
      g_signal_emit (self, signals[CHANGED], g_quark_from_string (entity), entity, id);
      return;
    }

  /* entity and id in one allocation: "entity\0id\0" */
  {
    gsize elen = strlen (entity), ilen = id ? strlen (id) : 0;
    char *entry = g_malloc (elen + ilen + 2);

    memcpy (entry, entity, elen + 1);
    memcpy (entry + elen + 1, id ? id : "", ilen + 1);
    g_ptr_array_add (self->pending, entry);
  }
}
