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

struct _SpaStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  GHashTable *statements;   /* SQL text -> sqlite3_stmt, finalized on dispose */
  GHashTable *columns;      /* entity name -> column list for SELECT */
  GTimeSpan   clock_offset;
  guint       depth;        /* nesting of spa_store_begin() */
  gboolean    bulk;         /* nested transactions take no savepoint (spa_store_begin_bulk) */
  gboolean    bulk_failed;  /* a nested one failed: the outer one must roll back */
  char       *client_by_rowid_sql;
  GHashTable *row_sql;      /* "entity/exists/field mask" -> SQL of spa_store_write_row() */
  guint       schema_version;
  GPtrArray  *pending;      /* "entity\0id" of changes to announce after COMMIT */
  gboolean    search_deferred; /* this connection is loading (spa_store_begin_load) */
  int         last_code;    /* extended result code and errno of the last failure */
  int         last_errno;
  int         lock_fd;      /* held by spa_store_open_exclusive(), or -1 */
};

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
   * Emitted after a change to the store has been committed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
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
            g_signal_emit (self, signals[CHANGED], 0, entity, NULL);
        }
      else
        g_signal_emit (self, signals[CHANGED], 0, entity, *id ? id : NULL);
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

/* SQL functions used by the client search triggers. */
static void
sql_phone_tokens (sqlite3_context  *context,
                  int               argc,
                  sqlite3_value   **argv)
{
  const char *phone = (const char *)sqlite3_value_text (argv[0]);
  char *tokens = spa_phone_search_tokens (phone);

  sqlite3_result_text (context, tokens, -1, g_free);
}

static void
sql_sort_key (sqlite3_context  *context,
              int               argc,
              sqlite3_value   **argv)
{
  const char *last = (const char *)sqlite3_value_text (argv[0]);
  const char *first = (const char *)sqlite3_value_text (argv[1]);
  g_autofree char *joined = NULL;
  char *folded;

  /* Clients without a last name sort by their first name among the others. */
  joined = g_strconcat (spa_str_empty (last) ? (first ? first : "") : last, "\x01",
                        first ? first : "", NULL);
  folded = spa_text_fold (joined);
  sqlite3_result_text (context, folded, -1, g_free);
}

/* The text the search index holds for a client's names (see spa_text_fold_name_words()). */
static void
sql_search_names (sqlite3_context  *context,
                  int               argc,
                  sqlite3_value   **argv)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (int i = 0; i < argc; i++)
    {
      const char *text = (const char *)sqlite3_value_text (argv[i]);

      if (text != NULL)
        g_string_append_printf (names, "%s%s", names->len ? " " : "", text);
    }
  sqlite3_result_text (context, spa_text_fold_name_words (names->str), -1, g_free);
}

static void
sql_fold (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  sqlite3_result_text (context, spa_text_fold ((const char *)sqlite3_value_text (argv[0])),
                       -1, g_free);
}

/* The distinct 1 to 4 character prefixes of every word, folded as the search folds
 * what is typed; a JSON array for json_each() in the client_prefix triggers. */
static char *
spa_store_search_prefixes (const char * const *texts,
                           guint               n_texts)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) json = g_string_new ("[");

  for (guint i = 0; i < n_texts; i++)
    {
      g_autofree char *folded = spa_text_fold_name_words (texts[i]);
      const char *p = folded;

      while (*p)
        {
          const char *word = p;
          guint length = 0;

          if (!g_unichar_isalnum (g_utf8_get_char (p)))
            {
              p = g_utf8_next_char (p);
              continue;
            }

          for (; *p && g_unichar_isalnum (g_utf8_get_char (p)); p = g_utf8_next_char (p))
            {
              char *prefix;

              if (++length > 4)
                continue;
              prefix = g_strndup (word, g_utf8_next_char (p) - word);
              if (!g_hash_table_add (seen, prefix))
                continue;
              /* Letters and digits only: nothing to escape in JSON. */
              g_string_append_printf (json, "%s\"%s\"", json->len > 1 ? "," : "", prefix);
            }
        }
    }

  g_string_append_c (json, ']');
  return g_string_free (g_steal_pointer (&json), FALSE);
}

static void
sql_search_prefixes (sqlite3_context  *context,
                     int               argc,
                     sqlite3_value   **argv)
{
  const char *texts[8];

  argc = MIN (argc, (int)G_N_ELEMENTS (texts));
  for (int i = 0; i < argc; i++)
    texts[i] = (const char *)sqlite3_value_text (argv[i]);
  sqlite3_result_text (context, spa_store_search_prefixes (texts, argc), -1, g_free);
}

static void
sql_search_deferred (sqlite3_context  *context,
                     int               argc,
                     sqlite3_value   **argv)
{
  SpaStore *self = sqlite3_user_data (context);

  sqlite3_result_int (context, self->search_deferred);
}

static gboolean
configure_connection (SpaStore  *self,
                      GError   **error)
{
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);

  sqlite3_create_function (self->db, "spa_phone_tokens", 1, flags, NULL, sql_phone_tokens, NULL, NULL);
  sqlite3_create_function (self->db, "spa_sort_key", 2, flags, NULL, sql_sort_key, NULL, NULL);
  sqlite3_create_function (self->db, "spa_fold", 1, flags, NULL, sql_fold, NULL, NULL);
  sqlite3_create_function (self->db, "spa_search_names", -1, flags, NULL, sql_search_names, NULL, NULL);
  sqlite3_create_function (self->db, "spa_search_prefixes", -1, flags, NULL, sql_search_prefixes, NULL, NULL);
  /* Not deterministic: it follows spa_store_begin_load(). */
  sqlite3_create_function (self->db, "spa_search_deferred", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                           self, sql_search_deferred, NULL, NULL);

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
                         error);
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

static gboolean
migrate (SpaStore  *self,
         guint      target,
         GError   **error)
{
  guint n_migrations;
  const SpaMigration *migrations = spa_migrations_get (&n_migrations);
  guint current = read_user_version (self);

  if (current > spa_store_latest_version ())
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_TOO_NEW,
                   _("This database was written by a newer version of Spa Desk "
                     "(schema %u; this version knows up to %u). Update Spa Desk to open it."),
                   current, spa_store_latest_version ());
      return FALSE;
    }

  for (guint i = 0; i < n_migrations; i++)
    {
      const SpaMigration *m = &migrations[i];
      g_autofree char *pragma = NULL;

      if (m->version <= current || m->version > target)
        continue;

      g_debug ("Migrating %s to schema %u", self->path, m->version);

      if (!spa_store_begin (self, error))
        return FALSE;

      pragma = g_strdup_printf ("PRAGMA user_version = %u", m->version);
      if ((m->sql != NULL && !spa_store_exec (self, m->sql, error)) ||
          (m->after != NULL && !m->after (self, error)) ||
          !spa_store_exec (self, pragma, error))
        {
          g_prefix_error (error, _("Could not upgrade the database to schema %u: "), m->version);
          spa_store_rollback (self);
          return FALSE;
        }

      if (!spa_store_commit (self, error))
        return FALSE;

      current = m->version;
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

static gboolean
load_unfinished (SpaStore *self)
{
  g_autoptr(SpaStmt) stmt = spa_store_prepare (self, "SELECT 1 FROM sync_state WHERE key = 'load'", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}

/**
 * spa_store_begin_load:
 *
 * Prepares this connection for loading a whole spa (a first sync): the secondary
 * indexes of the large tables (bookings, notes, intakes, amendments) are dropped and
 * the client search index emptied and left out of this connection's writes, to be
 * built once, sorted, by spa_store_end_load(). Kept row by row on random keys they
 * were most of the time of the load. Until then other connections read those tables
 * without their indexes. The indexes' SQL is kept in the database, so that the next
 * spa_store_open() finishes a load that was cut short (a connection opened during a
 * load finishes it early: still correct, as spa_store_end_load() rebuilds the search
 * index from every client whatever happened meanwhile, only slower).
 */
gboolean
spa_store_begin_load (SpaStore  *self,
                      GError   **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) note = g_string_new (NULL);
  g_autoptr(SpaStmt) stmt = NULL;

  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);

  if (!spa_store_begin (self, error))
    return FALSE;

  stmt = spa_store_prepare (self,
                            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                            " AND tbl_name IN ('booking', 'session_note', 'intake', 'note_amendment')"
                            " ORDER BY name",
                            error);
  if (stmt == NULL)
    goto failed;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
      g_string_append_printf (note, "%s;\n", (const char *)sqlite3_column_text (stmt, 1));
    }
  g_clear_pointer (&stmt, spa_stmt_release);

  /* A load already unfinished keeps the SQL of what it dropped. */
  stmt = spa_store_prepare (self,
                            "INSERT INTO sync_state (key, value) VALUES ('load', ?)"
                            " ON CONFLICT (key) DO UPDATE SET value = value || excluded.value",
                            error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_text (stmt, 1, note->str, -1, SQLITE_STATIC);
  if (!spa_store_step_done (self, stmt, error))
    goto failed;
  g_clear_pointer (&stmt, spa_stmt_release);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP INDEX \"%s\"", (const char *)names->pdata[i]);

      if (!spa_store_exec (self, sql, error))
        goto failed;
    }
  if (!spa_store_exec (self, "DELETE FROM client_fts; DELETE FROM client_prefix;", error) ||
      !spa_store_commit (self, error))
    goto failed;

  self->search_deferred = TRUE;
  return TRUE;

failed:
  g_clear_pointer (&stmt, spa_stmt_release);
  spa_store_rollback (self);
  return FALSE;
}

/* One step of spa_store_end_load(), its own transaction. */
static gboolean
exec_in_transaction (SpaStore    *self,
                     const char  *sql,
                     GError     **error)
{
  if (!spa_store_begin (self, error))
    return FALSE;
  if (!spa_store_exec (self, sql, error) || !spa_store_commit (self, error))
    {
      spa_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * spa_store_end_load:
 *
 * Builds what spa_store_begin_load() left out: each index, then the client search
 * index, each step its own transaction (every step can be run again), so that the
 * app's own saves wait for one step at most.
 */
gboolean
spa_store_end_load (SpaStore  *self,
                    GError   **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_auto(GStrv) statements = NULL;

  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);

  stmt = spa_store_prepare (self, "SELECT value FROM sync_state WHERE key = 'load'", error);
  if (stmt == NULL)
    return FALSE;
  statements = g_strsplit (sqlite3_step (stmt) == SQLITE_ROW ? (const char *)sqlite3_column_text (stmt, 0) : "",
                           ";\n", -1);
  g_clear_pointer (&stmt, spa_stmt_release);

  for (guint i = 0; statements[i] != NULL; i++)
    {
      g_autofree char *sql = NULL;

      if (g_strstrip (statements[i])[0] == '\0')
        continue;
      /* Again after a cut-short end: what was built stays. */
      if (g_str_has_prefix (statements[i], "CREATE INDEX ") &&
          strstr (statements[i], " IF NOT EXISTS ") == NULL)
        sql = g_strconcat ("CREATE INDEX IF NOT EXISTS ", statements[i] + strlen ("CREATE INDEX "), NULL);
      else
        sql = g_strdup (statements[i]);
      if (!exec_in_transaction (self, sql, error))
        return FALSE;
    }

  if (!exec_in_transaction (self,
                            "DELETE FROM client_fts;"
                            "INSERT INTO client_fts (rowid, name, email, phone)"
                            "  SELECT rid, spa_search_names (first_name, last_name, preferred_name),"
                            "    email, spa_phone_tokens (phone)"
                            "  FROM client ORDER BY rid;"
                            /* One segment: left as the bulk insert made them, the first
                             * small updates afterwards merged into large segments, 15 to
                             * 35 ms each on 100 000 clients. */
                            "INSERT INTO client_fts (client_fts) VALUES ('optimize');",
                            error) ||
      !exec_in_transaction (self,
                            "DELETE FROM client_prefix;"
                            "INSERT OR IGNORE INTO client_prefix (prefix, sort_key, rid)"
                            "  SELECT p.value, spa_sort_key (c.last_name, c.first_name), c.rid"
                            "  FROM client c, json_each (spa_search_prefixes (c.first_name, c.last_name,"
                            "                                                 c.preferred_name, c.email)) p"
                            "  ORDER BY 1, 2, 3;"
                            "DELETE FROM sync_state WHERE key = 'load';",
                            error))
    return FALSE;

  self->search_deferred = FALSE;
  return TRUE;
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
      (self->schema_version >= 8 && load_unfinished (self) &&
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
 * spa_store_columns:
 *
 * Returns: (transfer none): the column list that spa_store_record_from_row() reads:
 *   id, version, created_at, updated_at, deleted, then the entity's fields
 */
const char *
spa_store_columns (SpaStore            *self,
                   const SpaEntityInfo *entity)
{
  char *columns = g_hash_table_lookup (self->columns, entity->name);

  if (columns == NULL)
    {
      GString *str = g_string_new ("id, version, created_at, updated_at, deleted");

      for (guint i = 0; i < entity->n_fields; i++)
        g_string_append_printf (str, ", %s", entity->fields[i].name);

      columns = g_string_free (str, FALSE);
      g_hash_table_insert (self->columns, (gpointer)entity->name, columns);
    }

  return columns;
}

static void
reference_clear (SpaReference *reference)
{
  g_free (reference->exists_sql);
  g_free (reference->version_sql);
}

/**
 * spa_store_references:
 * @n_references: (out): how many
 *
 * The fields of @entity that name another record, from the schema's foreign keys.
 *
 * Returns: (transfer none) (array length=n_references): the references
 */
const SpaReference *
spa_store_references (SpaStore            *self,
                      const SpaEntityInfo *entity,
                      guint               *n_references)
{
  GHashTable *cache = g_object_get_data (G_OBJECT (self), "spa-store-references");
  GArray *references;

  if (cache == NULL)
    {
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_array_unref);
      g_object_set_data_full (G_OBJECT (self), "spa-store-references", cache,
                              (GDestroyNotify)g_hash_table_unref);
    }
  references = g_hash_table_lookup (cache, entity->name);
  if (references == NULL)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA foreign_key_list (%s)", entity->name);
      sqlite3_stmt *stmt = NULL;

      references = g_array_new (FALSE, TRUE, sizeof (SpaReference));
      g_array_set_clear_func (references, (GDestroyNotify)reference_clear);
      if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK)
        while (sqlite3_step (stmt) == SQLITE_ROW)
          {
            const char *parent = (const char *)sqlite3_column_text (stmt, 2);
            const char *from = (const char *)sqlite3_column_text (stmt, 3);
            SpaReference reference = { 0 };

            reference.parent = spa_entity_lookup (parent);
            for (guint i = 0; i < entity->n_fields; i++)
              if (g_strcmp0 (entity->fields[i].name, from) == 0)
                reference.field_index = i + 1;
            if (reference.parent == NULL || reference.field_index == 0)
              continue;
            reference.field_index--;
            reference.exists_sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?", reference.parent->name);
            reference.version_sql = g_strdup_printf ("SELECT version, deleted FROM %s WHERE id = ?",
                                                     reference.parent->name);
            g_array_append_val (references, reference);
          }
      sqlite3_finalize (stmt);
      g_hash_table_insert (cache, (gpointer)entity->name, references);
    }

  *n_references = references->len;
  return (const SpaReference *)(gpointer)references->data;
}

/* JSON columns hold small values: lists of codes ("conditions", "techniques"), lists of
 * flat objects ("status_history", "pain_areas"), working hours. json-glib's parser costs
 * a few microseconds of set-up per call, which was half the time to read a day of
 * bookings; this reads the plain subset we write (no escapes, integers only) directly,
 * and gives anything else (escapes, fractions, exponents) to json-glib. */
static JsonNode *quick_json_value (const char **p);

static void
skip_space (const char **p)
{
  while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r')
    (*p)++;
}

static char *
quick_json_string (const char **p)
{
  const char *start = *p + 1;
  const char *end = start;
  char *value;

  while (*end && *end != '"' && *end != '\\' && (guchar)*end >= 0x20)
    end++;
  if (*end != '"')
    return NULL;
  value = g_strndup (start, end - start);
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_free (value);
      return NULL;
    }
  *p = end + 1;
  return value;
}

static JsonNode *
quick_json_value (const char **p)
{
  JsonNode *node = NULL;

  skip_space (p);
  switch (**p)
    {
    case '"':
      {
        char *value = quick_json_string (p);

        if (value == NULL)
          return NULL;
        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, value);
        g_free (value);
      }
      return node;

    case '[':
      {
        JsonArray *array = json_array_new ();

        (*p)++;
        skip_space (p);
        while (**p != ']')
          {
            JsonNode *element = quick_json_value (p);

            if (element == NULL)
              goto array_failed;
            json_array_add_element (array, element);
            skip_space (p);
            if (**p == ',')
              (*p)++;
            else if (**p != ']')
              goto array_failed;
          }
        (*p)++;
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (node, array);
        return node;

      array_failed:
        json_array_unref (array);
        return NULL;
      }

    case '{':
      {
        JsonObject *object = json_object_new ();

        (*p)++;
        skip_space (p);
        while (**p != '}')
          {
            char *name;
            JsonNode *member;

            if (**p != '"' || (name = quick_json_string (p)) == NULL)
              goto object_failed;
            skip_space (p);
            if (**p != ':')
              {
                g_free (name);
                goto object_failed;
              }
            (*p)++;
            member = quick_json_value (p);
            if (member == NULL)
              {
                g_free (name);
                goto object_failed;
              }
            json_object_set_member (object, name, member);
            g_free (name);
            skip_space (p);
            if (**p == ',')
              {
                (*p)++;
                skip_space (p);
              }
            else if (**p != '}')
              goto object_failed;
          }
        (*p)++;
        node = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (node, object);
        return node;

      object_failed:
        json_object_unref (object);
        return NULL;
      }

    case 't':
    case 'f':
    case 'n':
      if (strncmp (*p, "true", 4) == 0 || strncmp (*p, "false", 5) == 0)
        {
          gboolean value = **p == 't';

          *p += value ? 4 : 5;
          node = json_node_new (JSON_NODE_VALUE);
          json_node_set_boolean (node, value);
          return node;
        }
      if (strncmp (*p, "null", 4) == 0)
        {
          *p += 4;
          return json_node_new (JSON_NODE_NULL);
        }
      return NULL;

    default:
      if (**p == '-' || g_ascii_isdigit (**p))
        {
          const char *start = *p;
          gint64 value;
          char *end;

          if (**p == '-')
            (*p)++;
          while (g_ascii_isdigit (**p))
            (*p)++;
          /* Fractions and exponents, and numbers too long for 64 bits, go to json-glib. */
          if (**p == '.' || **p == 'e' || **p == 'E' || *p - start > 18)
            return NULL;
          value = g_ascii_strtoll (start, &end, 10);
          if (end != *p)
            return NULL;
          node = json_node_new (JSON_NODE_VALUE);
          json_node_set_int (node, value);
          return node;
        }
      return NULL;
    }
}

static JsonNode *
parse_json_column (const char *text)
{
  const char *p = text;
  JsonNode *node;

  if (text == NULL)
    return NULL;

  node = quick_json_value (&p);
  if (node != NULL)
    {
      skip_space (&p);
      if (*p == '\0')
        return node;
      json_node_unref (node);
    }

  return json_from_string (text, NULL);
}

/**
 * spa_store_record_from_row:
 * @stmt: a statement positioned on a row that selected spa_store_columns()
 * @first_column: where those columns start
 *
 * Returns: (transfer full): the record
 */
SpaRecord *
spa_store_record_from_row (SpaStore            *self,
                           const SpaEntityInfo *entity,
                           SpaStmt             *stmt,
                           int                  first_column)
{
  SpaRecord *record = spa_record_new_with_id (entity->name, (const char *)sqlite3_column_text (stmt, first_column));
  JsonObject *fields = spa_record_get_fields (record);
  int c = first_column;

  spa_record_set_version (record, sqlite3_column_int64 (stmt, c + 1));
  spa_record_set_timestamps (record,
                             (const char *)sqlite3_column_text (stmt, c + 2),
                             (const char *)sqlite3_column_text (stmt, c + 3));
  spa_record_set_deleted (record, sqlite3_column_int (stmt, c + 4));
  c += 5;

  for (guint i = 0; i < entity->n_fields; i++, c++)
    {
      const SpaFieldInfo *field = &entity->fields[i];

      if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
        {
          json_object_set_null_member (fields, field->name);
          continue;
        }

      switch (field->type)
        {
        case SPA_FIELD_TEXT:
          json_object_set_string_member (fields, field->name,
                                         (const char *)sqlite3_column_text (stmt, c));
          break;
        case SPA_FIELD_INTEGER:
          json_object_set_int_member (fields, field->name, sqlite3_column_int64 (stmt, c));
          break;
        case SPA_FIELD_BOOLEAN:
          json_object_set_boolean_member (fields, field->name, sqlite3_column_int (stmt, c) != 0);
          break;
        case SPA_FIELD_JSON:
          {
            g_autoptr(JsonNode) node = parse_json_column ((const char *)sqlite3_column_text (stmt, c));

            if (node != NULL)
              json_object_set_member (fields, field->name, g_steal_pointer (&node));
            else
              json_object_set_null_member (fields, field->name);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  spa_record_clear_changed (record);
  spa_record_set_stored (record, TRUE);
  return record;
}

/**
 * spa_store_get:
 * @self: a #SpaStore
 * @entity: an entity name
 * @id: the record's id
 * @error: return location for a #GError (%SPA_STORE_ERROR_NOT_FOUND)
 *
 * Reads one record, deleted or not.
 *
 * Returns: (transfer full) (nullable): the record
 */
SpaRecord *
spa_store_get (SpaStore    *self,
               const char  *entity,
               const char  *id,
               GError     **error)
{
  const SpaEntityInfo *info;
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (SPA_IS_STORE (self), NULL);

  info = spa_entity_lookup (entity);
  g_return_val_if_fail (info != NULL, NULL);

  sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?", spa_store_columns (self, info), info->name);
  stmt = spa_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return spa_store_record_from_row (self, info, stmt, 0);

  if (rc == SQLITE_DONE)
    g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND,
                 _("The record was not found. It may have been removed on another desk."));
  else
    spa_store_set_error (self, error);

  return NULL;
}

/**
 * spa_store_exists:
 *
 * Returns: %TRUE if a record with @id exists and is not deleted
 */
gboolean
spa_store_exists (SpaStore   *self,
                  const char *entity,
                  const char *id)
{
  const SpaEntityInfo *info = spa_entity_lookup (entity);
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (id == NULL)
    return FALSE;

  sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ? AND deleted = 0", info->name);
  stmt = spa_store_prepare (self, sql, NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static void
bind_field (sqlite3_stmt       *stmt,
            int                 index,
            const SpaFieldInfo *field,
            JsonNode           *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  switch (field->type)
    {
    case SPA_FIELD_TEXT:
      sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      break;
    case SPA_FIELD_INTEGER:
      sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
      break;
    case SPA_FIELD_BOOLEAN:
      sqlite3_bind_int (stmt, index, json_node_get_boolean (node) ? 1 : 0);
      break;
    case SPA_FIELD_JSON:
      sqlite3_bind_text (stmt, index, spa_json_to_string (node), -1, g_free);
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * spa_store_write_row:
 * @only_changed: update only the record's changed fields of an existing row
 *
 * Inserts or updates the row of @record as it is: no validation, no outbox entry.
 * The caller holds the transaction.
 */
gboolean
spa_store_write_row (SpaStore   *self,
                     SpaRecord  *record,
                     gboolean    only_changed,
                     GError    **error)
{
  const SpaEntityInfo *info = spa_record_get_entity_info (record);
  JsonObject *fields = spa_record_get_fields (record);
  g_autoptr(GPtrArray) bound = g_ptr_array_new ();
  g_autoptr(SpaStmt) stmt = NULL;
  g_autoptr(JsonObject) changed = NULL;
  const char *sql;
  char key[96];
  guint64 mask = 0;
  gboolean exists;
  int n;

  g_assert (info->n_fields <= 64);

  {
    g_autoptr(SpaStmt) check = NULL;

    g_snprintf (key, sizeof key, "exists/%s", info->name);
    sql = g_hash_table_lookup (self->row_sql, key);
    if (sql == NULL)
      {
        sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?", info->name);
        g_hash_table_insert (self->row_sql, g_strdup (key), (char *)sql);
      }
    check = spa_store_prepare (self, sql, error);
    if (check == NULL)
      return FALSE;
    sqlite3_bind_text (check, 1, spa_record_get_id (record), -1, SQLITE_TRANSIENT);
    exists = sqlite3_step (check) == SQLITE_ROW;
  }

  /* A deep copy: only when an update needs it, not for every insert. */
  if (exists && only_changed)
    changed = spa_record_get_changed (record);

  for (guint i = 0; i < info->n_fields; i++)
    {
      const char *name = info->fields[i].name;

      if (exists && only_changed)
        {
          if (!json_object_has_member (changed, name))
            continue;
        }
      else if (!json_object_has_member (fields, name))
        continue;

      g_ptr_array_add (bound, (gpointer)&info->fields[i]);
      mask |= G_GUINT64_CONSTANT (1) << i;
    }

  /* The statement's text depends only on the entity, insert or update, and which fields
   * are bound: it is made once for each, not for every save of a batch. */
  g_snprintf (key, sizeof key, "%s/%d/%" G_GINT64_MODIFIER "x", info->name, exists, mask);
  sql = g_hash_table_lookup (self->row_sql, key);
  if (sql == NULL)
    {
      GString *text = g_string_new (NULL);

      if (exists)
        {
          g_string_printf (text, "UPDATE %s SET version = ?, updated_at = ?, deleted = ?", info->name);
          for (guint i = 0; i < bound->len; i++)
            g_string_append_printf (text, ", %s = ?", ((SpaFieldInfo *)bound->pdata[i])->name);
          g_string_append (text, " WHERE id = ?");
        }
      else
        {
          g_string_printf (text, "INSERT INTO %s (version, updated_at, deleted", info->name);
          for (guint i = 0; i < bound->len; i++)
            g_string_append_printf (text, ", %s", ((SpaFieldInfo *)bound->pdata[i])->name);
          g_string_append (text, ", id, created_at) VALUES (?, ?, ?");
          for (guint i = 0; i < bound->len; i++)
            g_string_append (text, ", ?");
          g_string_append (text, ", ?, ?)");
        }
      sql = g_string_free (text, FALSE);
      g_hash_table_insert (self->row_sql, g_strdup (key), (char *)sql);
    }

  stmt = spa_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, spa_record_get_version (record));
  sqlite3_bind_text (stmt, 2, spa_record_get_updated_at (record), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, spa_record_get_deleted (record));
  n = 4;
  for (guint i = 0; i < bound->len; i++, n++)
    {
      const SpaFieldInfo *field = bound->pdata[i];

      bind_field (stmt, n, field, json_object_get_member (fields, field->name));
    }
  sqlite3_bind_text (stmt, n++, spa_record_get_id (record), -1, SQLITE_TRANSIENT);
  if (!exists)
    sqlite3_bind_text (stmt, n, spa_record_get_created_at (record), -1, SQLITE_TRANSIENT);

  return spa_store_step_done (self, stmt, error);
}

gboolean
spa_store_append_outbox (SpaStore    *self,
                         const char  *entity,
                         const char  *id,
                         const char  *op,
                         gint64       base_version,
                         JsonObject  *fields,
                         GError     **error)
{
  g_autoptr(SpaStmt) stmt = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *now = spa_store_now_utc (self);

  stmt = spa_store_prepare (self,
                            "INSERT INTO sync_outbox (entity, record_id, op, base_version,"
                            " fields, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;

  if (fields != NULL)
    json_node_set_object (node, fields);
  else
    json_node_take_object (node, json_object_new ());

  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, op, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, base_version);
  sqlite3_bind_text (stmt, 5, spa_json_to_string (node), -1, g_free);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);

  return spa_store_step_done (self, stmt, error);
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
      g_signal_emit (self, signals[CHANGED], 0, entity, id);
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

/**
 * spa_store_save:
 * @self: a #SpaStore
 * @record: a new record, or one read from @self and changed
 * @error: return location for a #GError
 *
 * Validates @record and writes it with its outbox entry in one transaction. On error
 * nothing is written and @record keeps its changes, so the user can fix and retry.
 *
 * Returns: %TRUE if the record was saved
 */
gboolean
spa_store_save (SpaStore   *self,
                SpaRecord  *record,
                GError    **error)
{
  const SpaEntityInfo *info;
  g_autoptr(JsonObject) changed = NULL;
  g_autofree char *now = NULL;
  g_autofree char *old_created = NULL;
  g_autofree char *old_updated = NULL;
  gboolean is_new;
  guint depth;

  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);
  g_return_val_if_fail (SPA_IS_RECORD (record), FALSE);

  info = spa_record_get_entity_info (record);
  is_new = !spa_record_is_stored (record);

  if (!is_new && !spa_record_is_changed (record))
    return TRUE;

  depth = self->depth;
  if (!spa_store_begin (self, error))
    return FALSE;

  if (!spa_validate_record (self, record, error))
    goto failed;

  now = spa_store_now_utc (self);
  old_created = g_strdup (spa_record_get_created_at (record));
  old_updated = g_strdup (spa_record_get_updated_at (record));
  spa_record_set_timestamps (record, old_created ? old_created : now, now);

  if (is_new)
    changed = json_object_ref (spa_record_get_fields (record));
  else
    changed = spa_record_get_changed (record);

  if (!spa_store_write_row (self, record, TRUE, error) ||
      !spa_store_append_outbox (self, info->name, spa_record_get_id (record), "upsert",
                                spa_record_get_version (record), changed, error) ||
      !spa_store_commit (self, error))
    {
      spa_record_set_timestamps (record, old_created, old_updated);
      goto failed;
    }

  spa_record_clear_changed (record);
  spa_record_set_stored (record, TRUE);
  spa_store_notify_changed (self, info->name, spa_record_get_id (record));
  return TRUE;

failed:
  /* A failed commit has already rolled back; anything else leaves ours open. */
  if (self->depth > depth)
    spa_store_rollback (self);
  return FALSE;
}

static gboolean
set_deleted (SpaStore    *self,
             const char  *entity,
             const char  *id,
             gboolean     deleted,
             GError     **error)
{
  const SpaEntityInfo *info = spa_entity_lookup (entity);
  g_autoptr(SpaRecord) record = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *now = NULL;
  guint depth;

  g_return_val_if_fail (SPA_IS_STORE (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (deleted && info->undeletable)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED,
                   _("Clinical records are never deleted."));
      return FALSE;
    }

  depth = self->depth;
  if (!spa_store_begin (self, error))
    return FALSE;

  record = spa_store_get (self, entity, id, error);
  if (record == NULL)
    goto failed;

  if (spa_record_get_deleted (record) == deleted)
    {
      spa_store_rollback (self);
      return TRUE;
    }

  if (deleted && info->check_delete != NULL && !info->check_delete (self, record, error))
    goto failed;

  /* Bringing back a clinical record is a change like any other: a signed note (or an
   * amendment) tombstoned by another desk stays as the server has it. */
  if (info->undeletable && !spa_validate_record (self, record, error))
    goto failed;

  now = spa_store_now_utc (self);
  spa_record_set_deleted (record, deleted);
  spa_record_set_timestamps (record, spa_record_get_created_at (record), now);

  /* An undelete is sent as an upsert of the whole record, so the server revives it. */
  if (!deleted)
    fields = json_object_ref (spa_record_get_fields (record));

  if (!spa_store_write_row (self, record, TRUE, error) ||
      !spa_store_append_outbox (self, entity, id, deleted ? "delete" : "upsert",
                                spa_record_get_version (record), fields, error))
    goto failed;

  if (!spa_store_commit (self, error))
    return FALSE;

  spa_store_notify_changed (self, entity, id);
  return TRUE;

failed:
  if (self->depth > depth)
    spa_store_rollback (self);
  return FALSE;
}

/**
 * spa_store_delete:
 *
 * Marks a record deleted (a tombstone that syncs); it stays readable with
 * spa_store_get() and can be brought back with spa_store_restore().
 */
gboolean
spa_store_delete (SpaStore    *self,
                  const char  *entity,
                  const char  *id,
                  GError     **error)
{
  return set_deleted (self, entity, id, TRUE, error);
}

gboolean
spa_store_restore (SpaStore    *self,
                   const char  *entity,
                   const char  *id,
                   GError     **error)
{
  return set_deleted (self, entity, id, FALSE, error);
}

/**
 * spa_store_query:
 * @entity: an entity name
 * @where_and_order: (nullable): SQL after `FROM entity`, with `?` placeholders
 * @params: (nullable) (array zero-terminated=1): text values for the placeholders
 *
 * Returns: (transfer full) (element-type SpaRecord): the records
 */
GPtrArray *
spa_store_query (SpaStore           *self,
                 const char         *entity,
                 const char         *where_and_order,
                 const char * const *params,
                 GError            **error)
{
  const SpaEntityInfo *info = spa_entity_lookup (entity);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (SPA_IS_STORE (self), NULL);
  g_return_val_if_fail (info != NULL, NULL);

  sql = g_strdup_printf ("SELECT %s FROM %s %s", spa_store_columns (self, info), info->name,
                         where_and_order ? where_and_order : "");
  stmt = spa_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; params && params[i]; i++)
    sqlite3_bind_text (stmt, i + 1, params[i], -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, spa_store_record_from_row (self, info, stmt, 0));

  if (rc != SQLITE_DONE)
    {
      spa_store_set_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&records);
}

/**
 * spa_store_list:
 *
 * Returns: (transfer full) (element-type SpaRecord): every record of @entity, in the
 *   order a person expects (clients by last name, bookings by time, others by name)
 */
GPtrArray *
spa_store_list (SpaStore    *self,
                const char  *entity,
                gboolean     include_deleted,
                GError     **error)
{
  const char *order;
  g_autofree char *tail = NULL;

  if (g_str_equal (entity, "client"))
    order = "sort_key";
  else if (g_str_equal (entity, "booking"))
    order = "starts_at";
  else if (g_str_equal (entity, "session_note"))
    order = "session_date DESC, created_at DESC";
  else if (g_str_equal (entity, "intake") || g_str_equal (entity, "note_amendment"))
    order = "created_at";
  else
    order = "name COLLATE NOCASE";

  tail = g_strdup_printf ("%s ORDER BY %s", include_deleted ? "" : "WHERE deleted = 0", order);
  return spa_store_query (self, entity, tail, NULL, error);
}

gint64
spa_store_count (SpaStore   *self,
                 const char *entity)
{
  const SpaEntityInfo *info = spa_entity_lookup (entity);
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (info != NULL, 0);

  sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE deleted = 0", info->name);
  stmt = spa_store_prepare (self, sql, NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

/**
 * spa_store_is_empty:
 *
 * Returns: %TRUE if the spa has no clients, therapists, rooms or bookings yet (the
 *   default services do not count)
 */
gboolean
spa_store_is_empty (SpaStore *self)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (self,
                            "SELECT (SELECT count(*) FROM client) + (SELECT count(*) FROM therapist)"
                            " + (SELECT count(*) FROM room) + (SELECT count(*) FROM booking)",
                            NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;

  return sqlite3_column_int64 (stmt, 0) == 0;
}

gint64
spa_store_outbox_pending (SpaStore *self)
{
  g_autoptr(SpaStmt) stmt = NULL;

  /* Kept by triggers (migration 7), so this costs the same for 5 rows or 5 million. */
  stmt = spa_store_prepare (self, "SELECT pending FROM sync_outbox_count WHERE id = 1", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

/**
 * spa_store_search_match:
 * @query: what the user typed
 *
 * Turns free text into an FTS5 query: every word a quoted prefix, all required.
 * Punctuation splits words, so "+1 (604) 555" and "maria@ex" work as typed. Words are
 * folded as the index folds names (spa_text_fold()): FTS5's own folding strips
 * accents but leaves ø, æ, ß and the like.
 *
 * Returns: (transfer full) (nullable): the MATCH expression, or %NULL when @query has
 *   no word
 */
char *
spa_store_search_match (const char *query)
{
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  g_autofree char *folded = NULL;
  const char *p;

  if (query == NULL)
    return NULL;
  folded = spa_text_fold (query);
  p = folded;

  for (;; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0)
        {
          if (match->len > 0)
            g_string_append_c (match, ' ');
          /* Quoted, so that words like AND or NEAR are only words. */
          g_string_append_printf (match, "\"%s\"*", word->str);
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
    }

  if (match->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&match), FALSE);
}

typedef struct
{
  const char *sort_key;
  gint64      rowid;
} SortedHit;

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const SortedHit *x = a, *y = b;
  int c = strcmp (x->sort_key, y->sort_key);

  /* Ties in row id order, as the client_sort index (deleted, archived_at, sort_key, rid)
   * has them. */
  if (c != 0)
    return c;
  return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

/* Steps @stmt to the end, appending its first column (a row id) to @rowids. */
static gboolean
collect_rowids (SpaStore  *self,
                SpaStmt   *stmt,
                GArray    *rowids,
                GError   **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
    }

  if (rc != SQLITE_DONE)
    return spa_store_set_error (self, error);
  return TRUE;
}

/* The words of a search, folded as client_prefix folds names. */
static GPtrArray *
search_words (const char *query)
{
  g_autofree char *folded = spa_text_fold (query);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *p = folded;

  while (*p)
    {
      const char *start = p;

      while (*p && g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p > start)
        g_ptr_array_add (words, g_strndup (start, p - start));
      else
        p = g_utf8_next_char (p);
    }

  return words;
}

static gboolean
has_letter (const char *word)
{
  for (const char *p = word; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isdigit (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* Which clients a list shows: the active ones, or the archived ones. */
/* The active clients are one range of the client_sort index (deleted, archived_at,
 * sort_key); the archived ones are few and sorted. */
#define ACTIVE_IN_ORDER "SELECT rid FROM client WHERE deleted = 0 AND archived_at IS NULL ORDER BY sort_key"
#define ARCHIVED_IN_ORDER "SELECT rid FROM client WHERE deleted = 0 AND archived_at IS NOT NULL ORDER BY sort_key, rid"

static gboolean
client_is_live (SpaStore *self,
                gint64    rowid,
                gboolean  archived)
{
  g_autoptr(SpaStmt) stmt = NULL;

  stmt = spa_store_prepare (self,
                            archived ? "SELECT 1 FROM client WHERE rid = ? AND deleted = 0 AND archived_at IS NOT NULL"
                                     : "SELECT 1 FROM client WHERE rid = ? AND deleted = 0 AND archived_at IS NULL",
                            NULL);

  sqlite3_bind_int64 (stmt, 1, rowid);
  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}

/* The matching clients in display order, at most @limit of them.
 *
 * The obvious query (FTS5 MATCH, join client, ORDER BY sort_key LIMIT n) reads and
 * sorts every match: a one-letter prefix matches most of 100 000 clients (every "c" of
 * ".com"), which took 15 ms. So:
 * - one word of 1 to 4 characters with a letter: the client_prefix index gives the
 *   clients whose some word starts with it, already in display order; the first @limit
 *   are read and nothing else;
 * - otherwise FTS5 gives the set of matching row ids (small: more words or longer
 *   words), and the client_prefix range of the query's longest word gives them in
 *   display order (every match is in that range, since all words must match);
 * - digits only (phone numbers, not in client_prefix): the set's sort keys are looked up
 *   and sorted, or the client_sort index is walked, whichever reads less. */
static GArray *
ordered_matches (SpaStore    *self,
                 const char  *query,
                 const char  *match,
                 gboolean     archived,
                 guint        limit,
                 GError     **error)
{
  g_autoptr(GArray) result = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) words = search_words (query);
  g_autoptr(SpaStmt) stmt = NULL;
  g_autofree guint8 *set = NULL;
  const char *longest = NULL;
  gint64 max_rowid = 0;
  int rc;

  if (limit == 0)
    return g_steal_pointer (&result);

  for (guint i = 0; i < words->len; i++)
    if (has_letter (words->pdata[i]) &&
        (longest == NULL || g_utf8_strlen (words->pdata[i], -1) > g_utf8_strlen (longest, -1)))
      longest = words->pdata[i];

  if (words->len == 1 && longest != NULL && g_utf8_strlen (longest, -1) <= 4)
    {
      stmt = spa_store_prepare (self,
                                archived
                                  ? "SELECT p.rid FROM client_prefix p JOIN client c ON c.rid = p.rid"
                                    " WHERE p.prefix = ? AND c.deleted = 0 AND c.archived_at IS NOT NULL"
                                    " ORDER BY p.sort_key, p.rid LIMIT ?"
                                  : "SELECT p.rid FROM client_prefix p JOIN client c ON c.rid = p.rid"
                                    " WHERE p.prefix = ? AND c.deleted = 0 AND c.archived_at IS NULL"
                                    " ORDER BY p.sort_key, p.rid LIMIT ?",
                                error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, longest, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, limit);
      if (!collect_rowids (self, stmt, result, error))
        return NULL;
      return g_steal_pointer (&result);
    }

  stmt = spa_store_prepare (self, "SELECT rowid FROM client_fts WHERE client_fts MATCH ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  if (!collect_rowids (self, stmt, hits, error))
    return NULL;
  if (hits->len == 0)
    return g_steal_pointer (&result);
  for (guint i = 0; i < hits->len; i++)
    max_rowid = MAX (max_rowid, g_array_index (hits, gint64, i));

  set = g_malloc0 (max_rowid / 8 + 1);
  for (guint i = 0; i < hits->len; i++)
    {
      gint64 rowid = g_array_index (hits, gint64, i);

      set[rowid / 8] |= 1 << (rowid % 8);
    }

  if (longest != NULL)
    {
      g_autoptr(SpaStmt) range = NULL;
      g_autofree char *prefix = g_utf8_substring (longest, 0, MIN (g_utf8_strlen (longest, -1), 4));

      range = spa_store_prepare (self, "SELECT rid FROM client_prefix WHERE prefix = ? ORDER BY sort_key, rid", error);
      if (range == NULL)
        return NULL;
      sqlite3_bind_text (range, 1, prefix, -1, SQLITE_TRANSIENT);
      while (result->len < limit && (rc = sqlite3_step (range)) == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (range, 0);

          if (rowid <= max_rowid && (set[rowid / 8] & (1 << (rowid % 8))) && client_is_live (self, rowid, archived))
            g_array_append_val (result, rowid);
        }
    }
  else
    {
      g_autoptr(SpaStmt) order = NULL;
      guint64 n_clients = MAX (max_rowid, (gint64)hits->len);
      guint64 walk = MIN (n_clients, (guint64)limit * n_clients / hits->len);

      /* Index entries the walk would read before finding @limit matches, against about
       * ten times the cost of one lookup by row id per match. */
      if ((guint64)hits->len * 10 < walk)
        {
          g_autoptr(GArray) sorted = g_array_sized_new (FALSE, FALSE, sizeof (SortedHit), hits->len);
          g_autoptr(GStringChunk) keys = g_string_chunk_new (4096);
          g_autoptr(SpaStmt) key = NULL;

          key = spa_store_prepare (self,
                                   archived
                                     ? "SELECT sort_key FROM client WHERE rid = ? AND deleted = 0 AND archived_at IS NOT NULL"
                                     : "SELECT sort_key FROM client WHERE rid = ? AND deleted = 0 AND archived_at IS NULL",
                                   error);

          if (key == NULL)
            return NULL;
          for (guint i = 0; i < hits->len; i++)
            {
              SortedHit hit = { NULL, g_array_index (hits, gint64, i) };

              sqlite3_reset (key);
              sqlite3_bind_int64 (key, 1, hit.rowid);
              if (sqlite3_step (key) != SQLITE_ROW)
                continue;
              hit.sort_key = g_string_chunk_insert (keys, (const char *)sqlite3_column_text (key, 0));
              g_array_append_val (sorted, hit);
            }
          g_array_sort (sorted, compare_hits);
          for (guint i = 0; i < sorted->len && i < limit; i++)
            g_array_append_val (result, g_array_index (sorted, SortedHit, i).rowid);
          return g_steal_pointer (&result);
        }

      order = spa_store_prepare (self, archived ? ARCHIVED_IN_ORDER : ACTIVE_IN_ORDER, error);
      if (order == NULL)
        return NULL;
      while (result->len < limit && (rc = sqlite3_step (order)) == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (order, 0);

          if (rowid <= max_rowid && (set[rowid / 8] & (1 << (rowid % 8))))
            g_array_append_val (result, rowid);
        }
    }

  if (result->len < limit && rc != SQLITE_DONE)
    {
      spa_store_set_error (self, error);
      return NULL;
    }

  return g_steal_pointer (&result);
}

/**
 * spa_store_list_client_rowids:
 * @query: (nullable): search text, or %NULL / empty for every client
 * @archived: list the archived clients instead of the active ones
 *
 * The clients to show in a list, as row ids in display order; the list model reads
 * each client only when it is shown.
 *
 * Returns: (transfer full) (element-type gint64): the row ids
 */
GArray *
spa_store_list_client_rowids (SpaStore    *self,
                              const char  *query,
                              gboolean     archived,
                              GError     **error)
{
  g_autoptr(GArray) rowids = NULL;
  g_autofree char *match = spa_store_search_match (query);
  g_autoptr(SpaStmt) stmt = NULL;

  g_return_val_if_fail (SPA_IS_STORE (self), NULL);

  if (match != NULL)
    return ordered_matches (self, query, match, archived, G_MAXUINT, error);

  stmt = spa_store_prepare (self, archived ? ARCHIVED_IN_ORDER : ACTIVE_IN_ORDER, error);
  if (stmt == NULL)
    return NULL;

  rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!collect_rowids (self, stmt, rowids, error))
    return NULL;

  return g_steal_pointer (&rowids);
}

/**
 * spa_store_client_rowids:
 * @query: (nullable): search text, or %NULL / empty for every client
 *
 * The active (not archived) clients, as spa_store_list_client_rowids() lists them.
 *
 * Returns: (transfer full) (element-type gint64): the row ids
 */
GArray *
spa_store_client_rowids (SpaStore    *self,
                         const char  *query,
                         GError     **error)
{
  return spa_store_list_client_rowids (self, query, FALSE, error);
}

/**
 * spa_store_get_client_by_rowid:
 *
 * Returns: (transfer full) (nullable): the client
 */
SpaRecord *
spa_store_get_client_by_rowid (SpaStore  *self,
                               gint64     rowid,
                               GError   **error)
{
  g_autoptr(SpaStmt) stmt = NULL;

  /* Read for every row a list shows: the text is made once. */
  if (self->client_by_rowid_sql == NULL)
    self->client_by_rowid_sql = g_strdup_printf ("SELECT %s FROM client WHERE rid = ?",
                                                 spa_store_columns (self, &spa_client_entity));
  stmt = spa_store_prepare (self, self->client_by_rowid_sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND,
                   _("The record was not found. It may have been removed on another desk."));
      return NULL;
    }

  return spa_store_record_from_row (self, &spa_client_entity, stmt, 0);
}

/**
 * spa_store_search_clients:
 * @query: what the user typed; words match name, e-mail or phone prefixes, accents and
 *   case ignored; archived clients are not found
 * @limit: the most results to return
 *
 * Returns: (transfer full) (element-type SpaRecord): matching clients by last name,
 *   then first name
 */
GPtrArray *
spa_store_search_clients (SpaStore    *self,
                          const char  *query,
                          guint        limit,
                          GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *match = spa_store_search_match (query);
  g_autoptr(GArray) rowids = NULL;

  g_return_val_if_fail (SPA_IS_STORE (self), NULL);

  if (match == NULL)
    return g_steal_pointer (&records);

  rowids = ordered_matches (self, query, match, FALSE, limit, error);
  if (rowids == NULL)
    return NULL;

  for (guint i = 0; i < rowids->len; i++)
    {
      SpaRecord *record = spa_store_get_client_by_rowid (self, g_array_index (rowids, gint64, i), error);

      if (record == NULL)
        return NULL;
      g_ptr_array_add (records, record);
    }

  return g_steal_pointer (&records);
}
