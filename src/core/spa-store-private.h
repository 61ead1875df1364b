/* spa-store-private.h: the store's internals, for the core's own files
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SQL lives in the core. The store is split by concern (spa-store.c: opening,
 * transactions, statements; spa-store-records.c; spa-store-search.c;
 * spa-store-load.c; spa-store-outbox.c), and each area's queries sit in that area's
 * core file (spa-schedule.c, spa-clinical.c, spa-account.c, ...): they all use this
 * header. Nothing above the core includes it (tests and the benchmark may, to look
 * at the database itself).
 */

#pragma once

#include <sqlite3.h>

#include "spa-store.h"

G_BEGIN_DECLS

/* The WAL's checkpoints on a thread of their own (spa-store.c). */
typedef struct _SpaCheckpointer SpaCheckpointer;
SpaCheckpointer *spa_checkpointer_new      (sqlite3         *db,
                                            const char      *path);
void             spa_checkpointer_free     (SpaCheckpointer *self);
void             spa_checkpointer_hold     (SpaCheckpointer *self,
                                            gboolean         held);
guint            spa_checkpointer_get_done (SpaCheckpointer *self);

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
  SpaCheckpointer *checkpointer; /* the WAL's checkpoints, off this connection's commits */
};

/* A cached prepared statement; g_autoptr(SpaStmt) resets it (never finalizes it). */
typedef sqlite3_stmt SpaStmt;
void spa_stmt_release (SpaStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaStmt, spa_stmt_release)

sqlite3    *spa_store_get_db            (SpaStore    *self);
SpaStmt    *spa_store_prepare           (SpaStore    *self,
                                         const char  *sql,
                                         GError     **error);
gboolean    spa_store_step_done         (SpaStore    *self,
                                         SpaStmt     *stmt,
                                         GError     **error);
gboolean    spa_store_exec              (SpaStore    *self,
                                         const char  *sql,
                                         GError     **error);
gboolean    spa_store_set_error         (SpaStore    *self,
                                         GError     **error);

GPtrArray  *spa_store_query_texts       (SpaStore           *self,
                                         const char         *sql,
                                         const char * const *params,
                                         GError            **error);
GPtrArray  *spa_store_query             (SpaStore    *self,
                                         const char  *entity,
                                         const char  *where_and_order,
                                         const char * const *params,
                                         GError     **error);
SpaRecord  *spa_store_record_from_row   (SpaStore    *self,
                                         const SpaEntityInfo *entity,
                                         SpaStmt     *stmt,
                                         int          first_column);
const char *spa_store_columns           (SpaStore    *self,
                                         const SpaEntityInfo *entity);

/**
 * SpaReference:
 * @field_index: the index in the entity's fields of the one that names another record
 *   (such as `client_id`)
 * @parent: the entity of the record it names
 * @exists_sql: `SELECT 1 FROM` the parent's table `WHERE id = ?`
 * @version_sql: `SELECT version, deleted FROM` the parent's table `WHERE id = ?`
 */
typedef struct
{
  guint                field_index;
  const SpaEntityInfo *parent;
  char                *exists_sql;
  char                *version_sql;
} SpaReference;

const SpaReference *spa_store_references (SpaStore            *self,
                                          const SpaEntityInfo *entity,
                                          guint               *n_references);

/* For the sync engine and the store's own helpers: writes without validation or outbox. */
gboolean spa_store_write_row     (SpaStore    *self,
                                  SpaRecord   *record,
                                  gboolean     only_changed,
                                  GError     **error);
const char *spa_store_row_sql    (SpaStore            *self,
                                  const SpaEntityInfo *info,
                                  gboolean             exists,
                                  guint64              mask,
                                  const char          *extra_column);
void     spa_store_bind_field    (SpaStmt            *stmt,
                                  int                 index,
                                  const SpaFieldInfo *field,
                                  JsonNode           *node);
void     spa_store_record_saved  (SpaStore    *self,
                                  SpaRecord   *record);
gboolean spa_store_append_outbox (SpaStore    *self,
                                  const char  *entity,
                                  const char  *id,
                                  const char  *op,
                                  gint64       base_version,
                                  JsonObject  *fields,
                                  GError     **error);

/* Between the store's files. */
void     spa_store_register_search_functions (SpaStore *self);
char    *spa_store_client_sort_key           (const char *last_name,
                                              const char *first_name);
gboolean spa_store_load_unfinished           (SpaStore *self);
typedef void (*SpaPrefixFunc) (const char *prefix,
                               gsize       length,
                               gpointer    data);
void     spa_store_search_prefixes_foreach   (const char * const *texts,
                                              guint               n_texts,
                                              SpaPrefixFunc       func,
                                              gpointer            data);

G_END_DECLS
