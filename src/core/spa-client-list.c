/* spa-client-list.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-client-list"

#include "config.h"

#include "spa-client-list.h"
#include "spa-store-private.h"

/*
 * The clients shown in the Clients view, as a GListModel of SpaRecord. It keeps only
 * the row ids of the matching clients (8 bytes each, so 100 000 clients cost under a
 * megabyte) and reads a client when a list row asks for it, keeping the few most
 * recently shown in a small cache.
 */

#define CACHE_SIZE 256

struct _SpaClientList
{
  GObject     parent_instance;

  /* Owned */
  SpaStore   *store;
  GArray     *rowids;
  GHashTable *cache;       /* rowid -> SpaRecord */
  GQueue      cache_order; /* rowids, oldest first */
  char       *query;
  gboolean    archived;    /* the archived clients instead of the active ones */
  gulong      changed_id;
};

static GType
spa_client_list_get_item_type (GListModel *model)
{
  return SPA_TYPE_RECORD;
}

static guint
spa_client_list_get_n_items (GListModel *model)
{
  SpaClientList *self = SPA_CLIENT_LIST (model);

  return self->rowids->len;
}

static gpointer
spa_client_list_get_item (GListModel *model,
                          guint       position)
{
  SpaClientList *self = SPA_CLIENT_LIST (model);
  g_autoptr(GError) error = NULL;
  SpaRecord *record;
  gint64 rowid;

  if (position >= self->rowids->len)
    return NULL;

  rowid = g_array_index (self->rowids, gint64, position);
  record = g_hash_table_lookup (self->cache, &rowid);
  if (record != NULL)
    return g_object_ref (record);

  record = spa_store_get_client_by_rowid (self->store, rowid, &error);
  if (record == NULL)
    {
      /* Removed since the list was built; the next reload drops it. */
      g_debug ("Client %" G_GINT64_FORMAT " vanished: %s", rowid, error->message);
      record = spa_record_new ("client");
    }

  if (g_queue_get_length (&self->cache_order) >= CACHE_SIZE)
    {
      gint64 *oldest = g_queue_pop_head (&self->cache_order);

      g_hash_table_remove (self->cache, oldest);
      g_free (oldest);
    }

  {
    gint64 *key = g_new (gint64, 1);

    *key = rowid;
    g_hash_table_insert (self->cache, key, g_object_ref (record));
    g_queue_push_tail (&self->cache_order, key);
  }

  return record;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = spa_client_list_get_item_type;
  iface->get_n_items = spa_client_list_get_n_items;
  iface->get_item = spa_client_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SpaClientList, spa_client_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
free_key (gpointer data)
{
  g_free (data);
}

static void
clear_cache (SpaClientList *self)
{
  g_hash_table_remove_all (self->cache);
  g_queue_clear_full (&self->cache_order, free_key);
}

static void
store_changed_cb (SpaClientList *self,
                  const char    *entity,
                  const char    *id,
                  SpaStore      *store)
{
  spa_client_list_reload (self);
}

static void
spa_client_list_dispose (GObject *object)
{
  SpaClientList *self = (SpaClientList *)object;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (spa_client_list_parent_class)->dispose (object);
}

static void
spa_client_list_finalize (GObject *object)
{
  SpaClientList *self = (SpaClientList *)object;

  clear_cache (self);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->query, g_free);

  G_OBJECT_CLASS (spa_client_list_parent_class)->finalize (object);
}

static void
spa_client_list_class_init (SpaClientListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = spa_client_list_dispose;
  object_class->finalize = spa_client_list_finalize;
}

static void
spa_client_list_init (SpaClientList *self)
{
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* Keys are owned by cache_order. */
  self->cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  g_queue_init (&self->cache_order);
}

/**
 * spa_client_list_new:
 * @store: the store to list clients of; the list follows its changes
 *
 * Returns: (transfer full): a list of every client, by last name
 */
SpaClientList *
spa_client_list_new (SpaStore *store)
{
  SpaClientList *self;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);

  self = g_object_new (SPA_TYPE_CLIENT_LIST, NULL);
  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect_object (store, "changed::client",
                                              G_CALLBACK (store_changed_cb),
                                              self, G_CONNECT_SWAPPED);
  spa_client_list_reload (self);

  return self;
}

/**
 * spa_client_list_reload:
 *
 * Runs the query again; emits ::items-changed only for what moved.
 */
void
spa_client_list_reload (SpaClientList *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rowids = NULL;
  guint old_len, new_len, prefix = 0, suffix = 0;

  g_return_if_fail (SPA_IS_CLIENT_LIST (self));

  rowids = spa_store_list_client_rowids (self->store, self->query, self->archived, &error);
  if (rowids == NULL)
    {
      g_warning ("Could not list clients: %s", error->message);
      return;
    }

  clear_cache (self);

  /* Report the smallest changed range so that selection and scroll stay put. */
  old_len = self->rowids->len;
  new_len = rowids->len;
  while (prefix < old_len && prefix < new_len &&
         g_array_index (self->rowids, gint64, prefix) == g_array_index (rowids, gint64, prefix))
    prefix++;
  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         g_array_index (self->rowids, gint64, old_len - 1 - suffix) ==
         g_array_index (rowids, gint64, new_len - 1 - suffix))
    suffix++;

  g_array_unref (self->rowids);
  self->rowids = g_steal_pointer (&rowids);

  if (old_len == new_len && prefix == old_len)
    {
      /* Same clients in the same order: one may have been edited. */
      if (new_len > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, new_len, new_len);
      return;
    }

  g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                              old_len - prefix - suffix, new_len - prefix - suffix);
}

void
spa_client_list_set_query (SpaClientList *self,
                           const char    *query)
{
  g_return_if_fail (SPA_IS_CLIENT_LIST (self));

  if (g_strcmp0 (self->query, query) == 0)
    return;

  g_free (self->query);
  self->query = g_strdup (query);
  spa_client_list_reload (self);
}

/**
 * spa_client_list_set_archived:
 * @archived: list the archived clients instead of the active ones
 */
void
spa_client_list_set_archived (SpaClientList *self,
                              gboolean       archived)
{
  g_return_if_fail (SPA_IS_CLIENT_LIST (self));

  if (self->archived == !!archived)
    return;

  self->archived = !!archived;
  spa_client_list_reload (self);
}

gboolean
spa_client_list_get_archived (SpaClientList *self)
{
  g_return_val_if_fail (SPA_IS_CLIENT_LIST (self), FALSE);
  return self->archived;
}

const char *
spa_client_list_get_query (SpaClientList *self)
{
  g_return_val_if_fail (SPA_IS_CLIENT_LIST (self), NULL);
  return self->query;
}

/**
 * spa_client_list_find:
 * @id: a client id
 *
 * Returns: the position of the client, or %G_MAXUINT
 */
guint
spa_client_list_find (SpaClientList *self,
                      const char    *id)
{
  g_autoptr(SpaStmt) stmt = NULL;
  gint64 rowid;

  g_return_val_if_fail (SPA_IS_CLIENT_LIST (self), G_MAXUINT);

  stmt = spa_store_prepare (self->store, "SELECT rid FROM client WHERE id = ?", NULL);
  if (stmt == NULL)
    return G_MAXUINT;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return G_MAXUINT;
  rowid = sqlite3_column_int64 (stmt, 0);

  for (guint i = 0; i < self->rowids->len; i++)
    if (g_array_index (self->rowids, gint64, i) == rowid)
      return i;

  return G_MAXUINT;
}
