/* spa-sync-pull.c: the long pulls, on their own connection and threads
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-sync-engine"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "spa-sync-engine.h"
#include "spa-sync-http.h"
#include "spa-sync-local.h"
#include "spa-sync-page.h"
#include "spa-sync-pull.h"

/*
 * A first sync of a large spa is a million records. Applied on the main thread a page
 * at a time, each page its own transaction, it would freeze the window for a tenth of
 * a second per page and write every touched index page to the WAL at each of a
 * thousand commits. Once the engine sees that more than one page is waiting, it hands
 * the rest of the pull to this worker:
 *
 *  - a fetch thread with its own SoupSession asks for the next page as soon as it has
 *    read the cursor of the last one, reads it (spa-sync-page.c) and queues it, at most
 *    QUEUE_PAGES ahead, so the server prepares a page while the device writes one;
 *  - the worker applies the pages on its own SQLite connection, several pages to a
 *    transaction (at most COMMIT_RECORDS records or COMMIT_SECONDS), each page still
 *    moving the cursor with its rows, so a crash or a failed page keeps the groups
 *    committed before it;
 *  - a pull from the start of the log (a first sync, a full resync) loads the whole
 *    spa: the large tables' indexes and the client search index are built once at the
 *    end (spa_store_begin_load()), and transactions are twice as large.
 *
 * The main thread is never waited for: the app's own saves on its connection wait for
 * the write lock at most one transaction (its busy timeout is 5 s), never for the
 * network (a group is committed when the next page is slow to come), and after each
 * commit the store's listeners hear what changed, on the main context.
 */

#define QUEUE_PAGES     16
#define COMMIT_RECORDS  50000
#define COMMIT_SECONDS  1.0
/* A group is committed when no page came for this long. */
#define COMMIT_IDLE_MS  50
/* Loading a whole spa: nobody works on this desk yet, larger groups write each random
 * index page (record ids) fewer times. */
#define LOAD_COMMIT_RECORDS  100000
#define LOAD_COMMIT_SECONDS  2.0
#define LOAD_NOTIFY_SECONDS  10.0
#define LOAD_COMMIT_IDLE_MS  250

typedef struct
{
  /* Set up on the main thread, then read only. */
  SpaStore     *main_store;
  GMainContext *context;
  char         *path;
  char         *url;
  char         *token;
  guint         limit;
  guint         timeout;
  guint         deadline;
  guint         max_pages;
  GCancellable *cancellable;

  /* Between the fetch thread and the worker. */
  GMutex        mutex;
  GCond         cond;
  GQueue        pages;
  gboolean      fetched;     /* the fetch thread has ended */
  gboolean      stop;        /* the worker wants no more pages */
  gboolean      gone;        /* the server answered 410 */
  guint         fetched_pages;
  GError       *fetch_error;
  gint64        since;
  gboolean      full;
  gboolean      whole;       /* the pull started at the beginning of the log */
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->main_store);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job->path);
  g_free (job->url);
  g_free (job->token);
  g_clear_object (&job->cancellable);
  g_queue_clear_full (&job->pages, (GDestroyNotify)spa_pull_page_free);
  g_clear_error (&job->fetch_error);
  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
  g_free (job);
}

/* ---- the fetch thread ---- */

static gboolean
fetch_one (Job          *job,
           SoupSession  *session,
           SpaPullPage **page,
           GError      **error)
{
  g_autofree char *path = spa_sync_http_pull_path (job->since, job->limit, job->full);
  g_autoptr(SoupMessage) msg = spa_sync_http_request (job->url, job->token, FALSE, "GET", path,
                                                      error);
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (msg == NULL)
    return FALSE;
  bytes = spa_sync_http_send (session, msg, job->deadline, job->cancellable, &transport_error);
  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&transport_error));
      return FALSE;
    }
  if (transport_error == NULL && soup_message_get_status (msg) == 410)
    {
      job->gone = TRUE;
      return FALSE;
    }
  if (!spa_sync_http_check_response (msg, bytes, transport_error, NULL, error))
    return FALSE;
  *page = spa_pull_page_parse (bytes, error);
  if (*page != NULL && !spa_sync_http_check_page (*page, job->since, job->limit, error))
    g_clear_pointer (page, spa_pull_page_free);
  return *page != NULL;
}

static gpointer
fetch_thread (gpointer data)
{
  Job *job = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;

  /* Sync calls run their I/O on the thread-default context; this one is ours. */
  g_main_context_push_thread_default (context);
  session = soup_session_new_with_options ("timeout", job->timeout, NULL);

  for (;;)
    {
      SpaPullPage *page = NULL;
      gboolean more;

      g_mutex_lock (&job->mutex);
      while (!job->stop && g_queue_get_length (&job->pages) >= QUEUE_PAGES)
        g_cond_wait (&job->cond, &job->mutex);
      more = !job->stop;
      g_mutex_unlock (&job->mutex);
      if (!more || !fetch_one (job, session, &page, &error))
        break;

      /* A server that keeps saying "more" has the run end after its share of pages;
       * what came is applied, the rest waits for the next run. */
      more = spa_pull_page_get_has_more (page);
      job->since = spa_pull_page_get_cursor (page);
      if (more && ++job->fetched_pages >= job->max_pages)
        {
          error = spa_sync_http_too_many_pages ();
          more = FALSE;
        }
      else if (!more)
        job->fetched_pages++;

      g_mutex_lock (&job->mutex);
      g_queue_push_tail (&job->pages, page);
      g_cond_broadcast (&job->cond);
      g_mutex_unlock (&job->mutex);
      if (!more)
        break;
    }

  g_mutex_lock (&job->mutex);
  job->fetch_error = g_steal_pointer (&error);
  job->fetched = TRUE;
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->mutex);

  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

/* ---- notifications, on the main context ---- */

typedef struct
{
  SpaStore  *store;
  GPtrArray *entities;
} Notify;

static gboolean
notify_cb (gpointer data)
{
  Notify *notify = data;

  for (guint i = 0; i < notify->entities->len; i++)
    spa_store_notify_changed (notify->store, notify->entities->pdata[i], NULL);
  return G_SOURCE_REMOVE;
}

static void
notify_free (gpointer data)
{
  Notify *notify = data;

  g_object_unref (notify->store);
  g_ptr_array_unref (notify->entities);
  g_free (notify);
}

static void
post_changes (Job        *job,
              GHashTable *touched)
{
  Notify *notify;
  GSource *source;
  GHashTableIter iter;
  gpointer entity;

  if (g_hash_table_size (touched) == 0)
    return;
  notify = g_new0 (Notify, 1);
  notify->store = g_object_ref (job->main_store);
  notify->entities = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &entity, NULL))
    g_ptr_array_add (notify->entities, entity);
  g_hash_table_remove_all (touched);
  /* A source of its own: g_main_context_invoke() would run it right here when the
   * main thread is not iterating, since both threads default to the same context. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, notify_cb, notify, notify_free);
  g_source_set_static_name (source, "[spa-sync] pulled changes");
  g_source_attach (source, job->context);
  g_source_unref (source);
}

/* ---- the worker ---- */

static void
pull_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(SpaStore) store = NULL;
  g_autoptr(GHashTable) touched = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GThread *fetcher = NULL;
  gboolean in_transaction = FALSE;
  gboolean loading = FALSE;
  guint records = 0;
  gint64 began = 0;
  gint64 posted = 0;
  /* Where the time goes, for G_MESSAGES_DEBUG=spa-sync-engine (docs/performance.md). */
  gint64 start = g_get_monotonic_time ();
  gint64 waited = 0, applying = 0, committing = 0, total = 0;

  store = spa_store_open (job->path, &error);
  if (store == NULL || !spa_store_configure_for_pull (store, &error))
    goto out;

  job->since = spa_sync_local_get_cursor (store);
  job->full = spa_sync_local_in_resync (store);

  /* Loading a whole spa (a first sync, a full resync): the indexes of the large tables
   * and the client search index are built once at the end instead of row by row. */
  loading = job->whole;
  if (loading && !spa_store_begin_load (store, &error))
    goto out;

  fetcher = g_thread_new ("spa-sync-fetch", fetch_thread, job);

  for (;;)
    {
      g_autoptr(SpaPullPage) page = NULL;
      gint64 t0 = g_get_monotonic_time ();
      gboolean last;

      g_mutex_lock (&job->mutex);
      while (g_queue_is_empty (&job->pages) && !job->fetched)
        {
          gint64 idle_ms = loading ? LOAD_COMMIT_IDLE_MS : COMMIT_IDLE_MS;
          gint64 idle_end = g_get_monotonic_time () + idle_ms * G_TIME_SPAN_MILLISECOND;

          if (!in_transaction)
            {
              g_cond_wait (&job->cond, &job->mutex);
              continue;
            }
          if (g_cond_wait_until (&job->cond, &job->mutex, idle_end))
            continue;
          /* The next page is slow to come (the network, the server): the group is
           * committed rather than keeping the write lock through the wait, for the
           * desk's own saves would wait behind it, up to their busy timeout. */
          g_mutex_unlock (&job->mutex);
          in_transaction = FALSE;
          if (!spa_store_commit (store, &error))
            goto failed;
          post_changes (job, touched);
          posted = g_get_monotonic_time ();
          g_mutex_lock (&job->mutex);
        }
      waited += g_get_monotonic_time () - t0;
      page = g_queue_pop_head (&job->pages);
      last = page == NULL || (job->fetched && g_queue_is_empty (&job->pages));
      g_cond_broadcast (&job->cond);
      g_mutex_unlock (&job->mutex);

      if (page != NULL)
        {
          /* No savepoint per page: with temp_store = MEMORY, SQLite walks its
           * in-memory sub-journal from the start at each release, which took two
           * thirds of the worker's time while clients were loaded. A page that fails
           * has the whole group rolled back (spa_store_begin_bulk()). */
          if (!in_transaction)
            {
              if (!spa_store_begin_bulk (store, &error))
                break;
              in_transaction = TRUE;
              records = 0;
              began = g_get_monotonic_time ();
            }
          t0 = g_get_monotonic_time ();
          if (!spa_sync_local_apply_page (store, page, touched, &error))
            break;
          applying += g_get_monotonic_time () - t0;
          records += spa_pull_page_get_n_changes (page);
          total += spa_pull_page_get_n_changes (page);
        }

      if (in_transaction &&
          (last || records >= (loading ? LOAD_COMMIT_RECORDS : COMMIT_RECORDS) ||
           g_get_monotonic_time () - began >= (loading ? LOAD_COMMIT_SECONDS : COMMIT_SECONDS) * G_USEC_PER_SEC ||
           g_cancellable_is_cancelled (cancellable)))
        {
          gint64 t1 = g_get_monotonic_time ();

          in_transaction = FALSE;
          if (!spa_store_commit (store, &error))
            break;
          committing += g_get_monotonic_time () - t1;
          /* While loading, the app's views read tables without their indexes: they
           * hear of the progress less often. */
          if (!loading || g_get_monotonic_time () - posted >= LOAD_NOTIFY_SECONDS * G_USEC_PER_SEC)
            {
              post_changes (job, touched);
              posted = g_get_monotonic_time ();
            }
        }

      if (last || g_cancellable_set_error_if_cancelled (cancellable, &error))
        break;
    }

failed:
  /* Groups committed before a failure are kept, each page having moved the cursor with
   * its rows; the group of a page that failed is refused by the commit and rolled back,
   * as is a commit that fails. */
  if (in_transaction && spa_store_commit (store, error == NULL ? &error : NULL))
    post_changes (job, touched);

  g_mutex_lock (&job->mutex);
  job->stop = TRUE;
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->mutex);
  g_thread_join (fetcher);

  if (error == NULL && job->fetch_error != NULL)
    error = g_steal_pointer (&job->fetch_error);

  /* Also after a failure: what arrived must be found. Should this fail, the note
   * left in the database has the next open finish it. */
  if (loading)
    {
      gint64 t0 = g_get_monotonic_time ();

      spa_store_end_load (store, error == NULL ? &error : NULL);
      g_hash_table_add (touched, (gpointer)"client");
      post_changes (job, touched);
      g_debug ("Built the indexes in %.1f s", (g_get_monotonic_time () - t0) / 1e6);
    }
  g_debug ("Pulled %" G_GINT64_FORMAT " changes in %.1f s: %.1f s waiting for pages,"
           " %.1f s applying, %.1f s committing",
           total, (g_get_monotonic_time () - start) / 1e6, waited / 1e6,
           applying / 1e6, committing / 1e6);

out:
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * spa_sync_pull_async:
 * @store: the device's store; it must be a file, which the worker opens again
 * @timeout: the HTTP timeout of one read or write in seconds (0 for none)
 * @deadline: the seconds one exchange may take (spa_sync_http_send())
 * @max_pages: the most pages to pull
 * @whole: the pull started at the beginning of the server's log (a first sync or a
 *   full resync): the device is loading the whole spa
 *
 * Pulls pages until the server has no more, as the engine's own pulls do, on a worker
 * thread with its own connection to @store's file. @store's listeners hear of the
 * changes on the calling thread's main context, after each commit.
 */
void
spa_sync_pull_async (SpaStore            *store,
                     const char          *base_url,
                     const char          *token,
                     guint                limit,
                     guint                timeout,
                     guint                deadline,
                     guint                max_pages,
                     gboolean             whole,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (SPA_IS_STORE (store));
  g_return_if_fail (spa_store_get_path (store) != NULL);

  job = g_new0 (Job, 1);
  job->main_store = g_object_ref (store);
  job->context = g_main_context_ref_thread_default ();
  job->path = g_strdup (spa_store_get_path (store));
  job->url = g_strdup (base_url);
  job->token = g_strdup (token);
  job->limit = limit;
  job->timeout = timeout;
  job->deadline = deadline;
  job->max_pages = MAX (max_pages, 1);
  job->whole = whole;
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, spa_sync_pull_async);
  g_task_set_task_data (task, job, (GDestroyNotify)job_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, pull_thread);
}

/**
 * spa_sync_pull_finish:
 * @gone: (out): whether the server answered 410 (the cursor is older than its log):
 *   the caller starts a full resync
 * @pages: (out): how many pages the server sent, applied or not
 *
 * Returns: %TRUE if the pull reached the end of the server's log or stopped at a 410
 */
gboolean
spa_sync_pull_finish (GAsyncResult  *result,
                      gboolean      *gone,
                      guint         *pages,
                      GError       **error)
{
  GTask *task = G_TASK (result);
  Job *job = g_task_get_task_data (task);

  *gone = job->gone;
  *pages = job->fetched_pages;
  return g_task_propagate_boolean (task, error);
}
