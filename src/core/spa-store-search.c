/* spa-store-search.c: finding clients (FTS5, the prefix table and their SQL functions)
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spa-error.h"
#include "spa-store-private.h"
#include "spa-util.h"

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

/**
 * spa_store_client_sort_key:
 *
 * Returns: (transfer full): a client's `sort_key`, as SQL's spa_sort_key() makes it
 */
char *
spa_store_client_sort_key (const char *last_name,
                           const char *first_name)
{
  g_autofree char *joined = NULL;

  /* Clients without a last name sort by their first name among the others. */
  joined = g_strconcat (spa_str_empty (last_name) ? (first_name ? first_name : "") : last_name,
                        "\x01", first_name ? first_name : "", NULL);
  return spa_text_fold (joined);
}

static void
sql_sort_key (sqlite3_context  *context,
              int               argc,
              sqlite3_value   **argv)
{
  const char *last = (const char *)sqlite3_value_text (argv[0]);
  const char *first = (const char *)sqlite3_value_text (argv[1]);

  sqlite3_result_text (context, spa_store_client_sort_key (last, first), -1, g_free);
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

/**
 * spa_store_search_prefixes_foreach:
 * @texts: (array length=n_texts): names and e-mail, any of them %NULL
 * @func: called with each prefix (not NUL-terminated: @length bytes), repeats included
 *
 * The 1 to 4 character prefixes of every word, folded as the search folds what is
 * typed: what `client_prefix` holds for a client.
 */
void
spa_store_search_prefixes_foreach (const char * const *texts,
                                   guint               n_texts,
                                   SpaPrefixFunc       func,
                                   gpointer            data)
{
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
            if (++length <= 4)
              func (word, g_utf8_next_char (p) - word, data);
        }
    }
}

typedef struct
{
  GHashTable *seen;
  GString    *json;
} PrefixJson;

static void
add_json_prefix (const char *prefix,
                 gsize       length,
                 gpointer    data)
{
  PrefixJson *out = data;
  char *copy = g_strndup (prefix, length);

  if (!g_hash_table_add (out->seen, copy))
    return;
  /* Letters and digits only: nothing to escape in JSON. */
  g_string_append_printf (out->json, "%s\"%s\"", out->json->len > 1 ? "," : "", copy);
}

/* The distinct 1 to 4 character prefixes of every word, folded as the search folds
 * what is typed; a JSON array for json_each() in the client_prefix triggers. */
static char *
spa_store_search_prefixes (const char * const *texts,
                           guint               n_texts)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) json = g_string_new ("[");
  PrefixJson out = { seen, json };

  spa_store_search_prefixes_foreach (texts, n_texts, add_json_prefix, &out);
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

/* The functions the client search triggers call (migrations 5, 8 and 9). */
void
spa_store_register_search_functions (SpaStore *self)
{
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

  sqlite3_create_function (self->db, "spa_phone_tokens", 1, flags, NULL, sql_phone_tokens, NULL, NULL);
  sqlite3_create_function (self->db, "spa_sort_key", 2, flags, NULL, sql_sort_key, NULL, NULL);
  sqlite3_create_function (self->db, "spa_fold", 1, flags, NULL, sql_fold, NULL, NULL);
  sqlite3_create_function (self->db, "spa_search_names", -1, flags, NULL, sql_search_names, NULL, NULL);
  sqlite3_create_function (self->db, "spa_search_prefixes", -1, flags, NULL, sql_search_prefixes, NULL, NULL);
  /* Not deterministic: it follows spa_store_begin_load(). */
  sqlite3_create_function (self->db, "spa_search_deferred", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                           self, sql_search_deferred, NULL, NULL);
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
