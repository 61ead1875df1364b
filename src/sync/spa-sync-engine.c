/* spa-sync-engine.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-sync-engine"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "spa-account.h"
#include "spa-json.h"
#include "spa-sync-engine.h"
#include "spa-sync-http.h"
#include "spa-sync-pull.h"
#include "spa-util.h"

/*
 * The device's sync engine: push the outbox in batches, then pull pages until the
 * server has nothing more, and again while local changes keep arriving. All HTTP is
 * asynchronous on the main context (libsoup 3); the database work per response is one
 * short transaction (spa-sync-local.c). It runs on a timer, shortly after a local
 * change, when the network comes back and on "Sync now"; transient failures back off
 * exponentially with jitter. A 401 stops it until the user signs in again; the outbox
 * is never emptied by an error.
 */

#define MAX_ROUNDS       50
#define BACKOFF_MAX_SEC  300

struct _SpaSyncEngine
{
  GObject          parent_instance;

  /* Owned */
  SpaStore        *store;
  SoupSession     *session;
  char            *url;
  char            *token;
  char            *device_id;
  char            *message;
  GTask           *run;          /* the run in progress */
  GPtrArray       *waiting;      /* tasks of sync_async() calls that wait for the next run */
  GCancellable    *cancellable;

  /* Borrowed */
  GNetworkMonitor *monitor;

  SpaSyncState     state;
  gint64           pending;
  gint64           conflicts;
  gint64           last_synced;
  guint            interval;
  guint            timer_id;
  guint            failures;
  guint            push_batch;
  guint            pull_limit;
  guint            deadline;
  guint            max_pages;
  guint            automatic : 1;
  guint            again : 1;
  guint            plain_http_confirmed : 1;
};

G_DEFINE_FINAL_TYPE (SpaSyncEngine, spa_sync_engine, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SpaSyncState, spa_sync_state,
  G_DEFINE_ENUM_VALUE (SPA_SYNC_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (SPA_SYNC_STATE_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (SPA_SYNC_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (SPA_SYNC_STATE_ERROR, "error"),
  G_DEFINE_ENUM_VALUE (SPA_SYNC_STATE_NEEDS_SIGN_IN, "needs-sign-in"),
  G_DEFINE_ENUM_VALUE (SPA_SYNC_STATE_NOT_ANSWERING, "not-answering"))

G_DEFINE_QUARK (spa-sync-error-quark, spa_sync_error)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PENDING,
  PROP_CONFLICTS,
  PROP_LAST_SYNCED,
  PROP_MESSAGE,
  PROP_SERVER_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  guint    rounds;
  guint    batch;
  guint    pages;     /* pulled in this run, on either thread */
  gint64   since;     /* the cursor the pull in flight asked from */
  gboolean pulling;
  gboolean resynced;  /* a 410 already started the log over in this run */
} RunData;

static void run_step (GTask *task);
static void schedule (SpaSyncEngine *self, guint delay_ms);

static void
set_state (SpaSyncEngine *self,
           SpaSyncState   state,
           const char    *message)
{
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

void
spa_sync_engine_refresh_counts (SpaSyncEngine *self)
{
  gint64 pending;
  gint64 conflicts;

  g_return_if_fail (SPA_IS_SYNC_ENGINE (self));

  pending = spa_store_outbox_pending (self->store);
  conflicts = spa_sync_local_count_conflicts (self->store);
  if (pending != self->pending)
    {
      self->pending = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
  if (conflicts != self->conflicts)
    {
      self->conflicts = conflicts;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICTS]);
    }
}

static void
store_changed_cb (SpaSyncEngine *self,
                  const char    *entity,
                  const char    *id,
                  SpaStore      *store)
{
  spa_sync_engine_refresh_counts (self);

  /* A local change goes out shortly after it is made; our own pulls write no outbox. */
  if (self->automatic && self->url != NULL && self->state != SPA_SYNC_STATE_NEEDS_SIGN_IN &&
      self->pending > 0)
    {
      if (self->run != NULL)
        self->again = TRUE;
      else if (self->failures == 0)
        schedule (self, 2000);
    }
}

static void
network_changed_cb (SpaSyncEngine *self,
                    gboolean       available,
                    GNetworkMonitor *monitor)
{
  if (!self->automatic || self->url == NULL)
    return;

  if (available)
    {
      self->failures = 0;
      schedule (self, 500);
    }
  else if (self->run == NULL && self->state != SPA_SYNC_STATE_NEEDS_SIGN_IN)
    set_state (self, SPA_SYNC_STATE_OFFLINE, _("No network"));
}

static void
spa_sync_engine_dispose (GObject *object)
{
  SpaSyncEngine *self = (SpaSyncEngine *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  self->monitor = NULL;
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);

  G_OBJECT_CLASS (spa_sync_engine_parent_class)->dispose (object);
}

static void
spa_sync_engine_finalize (GObject *object)
{
  SpaSyncEngine *self = (SpaSyncEngine *)object;

  g_free (self->url);
  g_free (self->token);
  g_free (self->device_id);
  g_free (self->message);

  G_OBJECT_CLASS (spa_sync_engine_parent_class)->finalize (object);
}

static void
spa_sync_engine_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SpaSyncEngine *self = SPA_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PENDING:
      g_value_set_int64 (value, self->pending);
      break;
    case PROP_CONFLICTS:
      g_value_set_int64 (value, self->conflicts);
      break;
    case PROP_LAST_SYNCED:
      g_value_set_int64 (value, self->last_synced);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
spa_sync_engine_class_init (SpaSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = spa_sync_engine_dispose;
  object_class->finalize = spa_sync_engine_finalize;
  object_class->get_property = spa_sync_engine_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SPA_TYPE_SYNC_STATE, SPA_SYNC_STATE_IDLE, flags);
  properties[PROP_PENDING] =
    g_param_spec_int64 ("pending", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CONFLICTS] =
    g_param_spec_int64 ("conflicts", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LAST_SYNCED] =
    g_param_spec_int64 ("last-synced", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL, flags);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
spa_sync_engine_init (SpaSyncEngine *self)
{
  self->interval = 300;
  self->push_batch = 100;
  /* The server's largest page: each page is one transaction on the device, and a
   * first sync of a big spa is thousands of them. Not larger: a page is applied on the
   * main thread (about 80 ms for 1000 records). */
  self->pull_limit = SPA_SYNC_MAX_PULL;
  self->deadline = SPA_SYNC_DEADLINE;
  self->max_pages = SPA_SYNC_MAX_PAGES;
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->session = soup_session_new_with_options ("timeout", 60,
                                                 "idle-timeout", 30,
                                                 "user-agent", "spa-desk/" PACKAGE_VERSION " ",
                                                 NULL);
}

/**
 * spa_sync_engine_new:
 * @store: the device's database
 *
 * Returns: (transfer full): an engine that does nothing until given a server
 */
SpaSyncEngine *
spa_sync_engine_new (SpaStore *store)
{
  SpaSyncEngine *self;

  g_return_val_if_fail (SPA_IS_STORE (store), NULL);

  self = g_object_new (SPA_TYPE_SYNC_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->device_id = spa_sync_local_device_id (store, NULL);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  self->monitor = g_network_monitor_get_default ();
  g_signal_connect_object (self->monitor, "network-changed",
                           G_CALLBACK (network_changed_cb), self, G_CONNECT_SWAPPED);
  spa_sync_engine_refresh_counts (self);
  return self;
}

/**
 * spa_sync_engine_set_server:
 * @url: (nullable): the server, such as `https://sync.example.org`; %NULL to stop syncing
 * @token: (nullable): the bearer token
 */
void
spa_sync_engine_set_server (SpaSyncEngine *self,
                            const char    *url,
                            const char    *token)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (SPA_IS_SYNC_ENGINE (self));

  if (url != NULL && *url != '\0')
    {
      trimmed = g_strdup (url);
      g_strstrip (trimmed);
      while (g_str_has_suffix (trimmed, "/"))
        trimmed[strlen (trimmed) - 1] = '\0';
    }

  g_free (self->token);
  self->token = g_strdup (token);
  self->failures = 0;
  /* Told once the token is in place too: whoever listens sees the two together. */
  if (g_strcmp0 (self->url, trimmed) != 0)
    {
      g_free (self->url);
      self->url = g_steal_pointer (&trimmed);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
    }

  if (self->url == NULL)
    {
      g_clear_handle_id (&self->timer_id, g_source_remove);
      set_state (self, SPA_SYNC_STATE_IDLE, NULL);
    }
  else if (spa_str_empty (self->token))
    set_state (self, SPA_SYNC_STATE_NEEDS_SIGN_IN, _("Sign in to sync"));
  else
    {
      if (self->state == SPA_SYNC_STATE_NEEDS_SIGN_IN)
        set_state (self, SPA_SYNC_STATE_IDLE, NULL);
      if (self->automatic)
        schedule (self, 0);
    }
}

/**
 * spa_sync_engine_set_plain_http_confirmed:
 * @confirmed: someone chose to sync with this plain `http://` server on another machine
 *
 * Without it the engine refuses such a server (spa_sync_http_is_plain_remote ()).
 */
void
spa_sync_engine_set_plain_http_confirmed (SpaSyncEngine *self,
                                          gboolean       confirmed)
{
  g_return_if_fail (SPA_IS_SYNC_ENGINE (self));
  self->plain_http_confirmed = confirmed;
}

const char *
spa_sync_engine_get_server_url (SpaSyncEngine *self)
{
  g_return_val_if_fail (SPA_IS_SYNC_ENGINE (self), NULL);
  return self->url;
}

void
spa_sync_engine_set_interval (SpaSyncEngine *self,
                              guint          seconds)
{
  g_return_if_fail (SPA_IS_SYNC_ENGINE (self));
  self->interval = MAX (seconds, 10);
}

/**
 * spa_sync_engine_set_automatic:
 *
 * Whether the engine syncs by itself (timer, local changes, network). Tests drive it
 * with spa_sync_engine_sync_async() instead.
 */
void
spa_sync_engine_set_automatic (SpaSyncEngine *self,
                               gboolean       automatic)
{
  g_return_if_fail (SPA_IS_SYNC_ENGINE (self));
  self->automatic = !!automatic;
  if (!automatic)
    g_clear_handle_id (&self->timer_id, g_source_remove);
  else if (self->url != NULL)
    schedule (self, 0);
}

void
spa_sync_engine_set_batch_size (SpaSyncEngine *self,
                                guint          mutations,
                                guint          changes)
{
  g_return_if_fail (SPA_IS_SYNC_ENGINE (self));
  self->push_batch = CLAMP (mutations, 1, 500);
  self->pull_limit = CLAMP (changes, 1, SPA_SYNC_MAX_PULL);
}

/**
 * spa_sync_engine_set_timeout:
 * @seconds: how long one read or write may wait for the server
 */
void
spa_sync_engine_set_timeout (SpaSyncEngine *self,
                             guint          seconds)
{
  g_return_if_fail (SPA_IS_SYNC_ENGINE (self));
  g_object_set (self->session, "timeout", seconds, NULL);
}

/**
 * spa_sync_engine_set_deadline:
 * @seconds: how long one whole exchange (request and reply) may take; 0 for the
 *   default, %SPA_SYNC_DEADLINE
 */
void
spa_sync_engine_set_deadline (SpaSyncEngine *self,
                              guint          seconds)
{
  g_return_if_fail (SPA_IS_SYNC_ENGINE (self));
  self->deadline = seconds > 0 ? seconds : SPA_SYNC_DEADLINE;
}

/**
 * spa_sync_engine_set_max_pages:
 * @pages: the most pages one run pulls; 0 for the default, %SPA_SYNC_MAX_PAGES
 */
void
spa_sync_engine_set_max_pages (SpaSyncEngine *self,
                               guint          pages)
{
  g_return_if_fail (SPA_IS_SYNC_ENGINE (self));
  self->max_pages = pages > 0 ? pages : SPA_SYNC_MAX_PAGES;
}

SpaSyncState
spa_sync_engine_get_state (SpaSyncEngine *self)
{
  g_return_val_if_fail (SPA_IS_SYNC_ENGINE (self), SPA_SYNC_STATE_IDLE);
  return self->state;
}

gint64
spa_sync_engine_get_pending (SpaSyncEngine *self)
{
  g_return_val_if_fail (SPA_IS_SYNC_ENGINE (self), 0);
  return self->pending;
}

gint64
spa_sync_engine_get_conflicts (SpaSyncEngine *self)
{
  g_return_val_if_fail (SPA_IS_SYNC_ENGINE (self), 0);
  return self->conflicts;
}

gint64
spa_sync_engine_get_last_synced (SpaSyncEngine *self)
{
  g_return_val_if_fail (SPA_IS_SYNC_ENGINE (self), 0);
  return self->last_synced;
}

const char *
spa_sync_engine_get_message (SpaSyncEngine *self)
{
  g_return_val_if_fail (SPA_IS_SYNC_ENGINE (self), NULL);
  return self->message;
}

SpaStore *
spa_sync_engine_get_store (SpaSyncEngine *self)
{
  g_return_val_if_fail (SPA_IS_SYNC_ENGINE (self), NULL);
  return self->store;
}

gboolean
spa_sync_engine_is_running (SpaSyncEngine *self)
{
  g_return_val_if_fail (SPA_IS_SYNC_ENGINE (self), FALSE);
  return self->run != NULL;
}

/* ---- one run ---- */

/* Ends a run: TRUE without @error, else the error. Takes the task's last reference. */
static void
end_run (GTask  *task,
         GError *error)
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void pull_done_cb (GObject *object, GAsyncResult *result, gpointer user_data);
static void push_done_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
send_pull (GTask *task)
{
  SpaSyncEngine *self = g_task_get_source_object (task);
  g_autofree char *path = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  GError *error = NULL;

  RunData *data = g_task_get_task_data (task);

  data->since = spa_sync_local_get_cursor (self->store);
  path = spa_sync_http_pull_path (data->since, self->pull_limit, spa_sync_local_in_resync (self->store));
  msg = spa_sync_http_request (self->url, self->token, FALSE, "GET", path, &error);
  if (msg == NULL)
    {
      end_run (task, error);
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "message", g_object_ref (msg), g_object_unref);
  spa_sync_http_send_async (self->session, msg, self->deadline, g_task_get_cancellable (task),
                            pull_done_cb, task);
}

static void
users_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  SpaSyncEngine *self = g_task_get_source_object (task);
  SoupMessage *msg = g_object_get_data (G_OBJECT (task), "message");
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonNode *users = NULL;

  bytes = spa_sync_http_send_finish (result, &transport_error);
  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      end_run (task, g_steal_pointer (&transport_error));
      return;
    }
  /* The records are in; accounts that cannot be had now are had next time, and a
   * server without the endpoint (404) has no desk users to give. */
  if (transport_error == NULL && soup_message_get_status (msg) == 404)
    {
      end_run (task, NULL);
      return;
    }
  if (spa_sync_http_check_response (msg, bytes, transport_error, &body, &error))
    {
      if (JSON_NODE_HOLDS_OBJECT (body))
        users = json_object_get_member (json_node_get_object (body), "users");
      spa_account_apply_server_users (self->store, users, &error);
    }
  if (error != NULL)
    g_debug ("Desk accounts not updated from the sync server: %s", error->message);
  end_run (task, NULL);
}

/* The server's users are the desk's accounts (docs/sync-protocol.md, "Desk accounts"). */
static void
pull_users (GTask *task)
{
  SpaSyncEngine *self = g_task_get_source_object (task);
  g_autoptr(SoupMessage) msg = NULL;

  /* Signed out while a run was under way: the run ends without the users. */
  msg = spa_sync_http_request (self->url, self->token, FALSE, "GET", "/v1/sync/users", NULL);
  if (msg == NULL)
    {
      end_run (task, NULL);
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "message", g_object_ref (msg), g_object_unref);
  spa_sync_http_send_async (self->session, msg, self->deadline, g_task_get_cancellable (task),
                            users_done_cb, task);
}

/* The end of the pulls: changes made while we pulled go out in the same run. */
static void
pull_finished (GTask *task)
{
  SpaSyncEngine *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  data->pulling = FALSE;
  spa_sync_engine_refresh_counts (self);
  if (self->pending > 0 && ++data->rounds < MAX_ROUNDS)
    run_step (task);
  else
    pull_users (task);
}

/* A 410: the server compacted past our cursor. Start over, keeping the outbox; once a
 * run, for a server that answers 410 to everything would have us start over for ever. */
static void
resync (GTask *task)
{
  SpaSyncEngine *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (data->resynced)
    end_run (task, g_error_new (SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                                _("The sync server asks this desk to start over again and again.")));
  else if ((data->resynced = TRUE, spa_sync_local_begin_resync (self->store, &error)))
    send_pull (task);
  else
    end_run (task, error);
}

static void
pulled_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean gone = FALSE;
  guint pages = 0;
  gboolean ok;

  ok = spa_sync_pull_finish (result, &gone, &pages, &error);
  data->pages += pages;
  if (!ok)
    end_run (task, g_steal_pointer (&error));
  else if (gone)
    resync (task);
  else
    pull_finished (task);
}

static void
pull_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  SpaSyncEngine *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  SoupMessage *msg = g_object_get_data (G_OBJECT (task), "message");
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SpaPullPage) page = NULL;

  bytes = spa_sync_http_send_finish (result, &transport_error);

  if (transport_error == NULL && soup_message_get_status (msg) == 410)
    {
      resync (task);
      return;
    }

  if (!spa_sync_http_check_response (msg, bytes, transport_error, NULL, &error) ||
      (page = spa_pull_page_parse (bytes, &error)) == NULL ||
      !spa_sync_http_check_page (page, data->since, self->pull_limit, &error) ||
      !spa_sync_local_apply_pulled (self->store, page, &error))
    goto failed;
  data->pages++;

  if (!spa_pull_page_get_has_more (page))
    {
      pull_finished (task);
      return;
    }
  if (data->pages >= self->max_pages)
    {
      error = spa_sync_http_too_many_pages ();
      goto failed;
    }

  /* More than a page waiting (a first sync, or a desk that was away for long): the
   * rest is pulled on a worker thread (spa-sync-pull.c), off the main loop. */
  {
    guint timeout = 0;

    g_object_get (self->session, "timeout", &timeout, NULL);
    spa_sync_pull_async (self->store, self->url, self->token, self->pull_limit, timeout,
                         self->deadline, self->max_pages - data->pages, data->since == 0,
                         g_task_get_cancellable (task), pulled_cb, task);
  }
  return;

failed:
  end_run (task, g_steal_pointer (&error));
}

/*
 * A refusal of a push settles a mutation only when the sync server names it (a 403 or
 * a 400 with its `mutation_id`), or when a single mutation is too large for it. A
 * refusal of the whole request (a proxy in the way, a malformed request) is no verdict
 * on the changes: they stay pending and the status says why.
 */
static gboolean
settle_refused (GTask    *task,
                guint     status,
                GBytes   *bytes,
                gboolean *settled,
                GError  **error)
{
  SpaSyncEngine *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) error_body = spa_sync_http_parse_body (bytes);
  gint64 mutation_id = spa_sync_http_body_int (error_body, "mutation_id");
  const char *message = spa_sync_http_body_string (error_body, "message");
  const char *code = spa_sync_http_body_string (error_body, "error");
  gint64 first = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "first-mutation"));
  gint64 last = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "last-mutation"));

  *settled = FALSE;
  if (status == 413 && mutation_id == 0)
    {
      if (data->batch > 1)
        {
          /* Too large together: smaller batches. */
          data->batch = MAX (data->batch / 2, 1);
          *settled = TRUE;
          return TRUE;
        }
      /* One mutation alone too large for the sync server itself. */
      if (g_strcmp0 (code, "too_large") == 0)
        mutation_id = first;
    }
  if (mutation_id < first || mutation_id > last || mutation_id == 0)
    return TRUE;
  if (!spa_sync_local_reject (self->store, mutation_id, code ? code : "refused", message, error))
    return FALSE;
  data->batch = self->push_batch;
  *settled = TRUE;
  return TRUE;
}

static void
push_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  SpaSyncEngine *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  SoupMessage *msg = g_object_get_data (G_OBJECT (task), "message");
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) body = NULL;
  guint status;

  bytes = spa_sync_http_send_finish (result, &transport_error);
  status = transport_error ? 0 : soup_message_get_status (msg);

  if (status == 400 || status == 403 || status == 413)
    {
      gboolean settled = FALSE;

      if (!settle_refused (task, status, bytes, &settled, &error))
        goto failed;
      if (settled)
        {
          run_step (task);
          return;
        }
      spa_sync_http_check_response (msg, bytes, NULL, NULL, &error);
      end_run (task, g_error_new (error->domain, error->code,
                                  _("%s — the changes waiting stay on this desk and go out at the next sync."),
                                  error->message));
      return;
    }

  if (!spa_sync_http_check_response (msg, bytes, transport_error, &body, &error) ||
      !spa_sync_local_apply_push (self->store, body, &error))
    goto failed;

  spa_sync_engine_refresh_counts (self);
  /* Results come in order: a reply that leaves the first mutation sent unsettled would
   * have us send the same batch again for ever. */
  if (spa_sync_local_is_pending (self->store,
                                 GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "first-mutation"))))
    {
      end_run (task, g_error_new (SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                                  _("The sync server answered without settling any of the changes sent.")));
      return;
    }
  if (++data->rounds > MAX_ROUNDS * 20)
    {
      end_run (task, g_error_new (SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                                  _("The sync server does not settle the outbox.")));
      return;
    }
  run_step (task);
  return;

failed:
  end_run (task, g_steal_pointer (&error));
}

/* Push while the outbox has pending mutations, then pull. */
static void
run_step (GTask *task)
{
  SpaSyncEngine *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  JsonArray *mutations;
  guint n = 0;

  /* Tokens and health records cross the network in clear only if someone chose it. */
  if (spa_sync_http_is_plain_remote (self->url) && !self->plain_http_confirmed)
    {
      end_run (task, g_error_new (SPA_SYNC_ERROR, SPA_SYNC_ERROR_NOT_CONFIGURED,
                                  _("Not syncing: %s is not encrypted (http://), so anyone on the "
                                    "network could read client records. Use an https:// address, or "
                                    "confirm this one in Preferences → Sync."), self->url));
      return;
    }

  /* The server keeps each device's mutation ids apart: a push without its device id
   * is refused whole, and one under another id would be applied twice. */
  if (self->device_id == NULL)
    {
      self->device_id = spa_sync_local_device_id (self->store, &error);
      if (self->device_id == NULL)
        {
          end_run (task, g_error_new (SPA_SYNC_ERROR, SPA_SYNC_ERROR_NOT_CONFIGURED,
                                      _("This desk could not read its device id from its database (%s). "
                                        "Nothing was sent; the changes waiting stay on this desk."),
                                      error ? error->message : _("unknown error")));
          return;
        }
    }

  request = spa_sync_local_build_push (self->store, self->device_id, data->batch, &n, &error);
  if (request == NULL)
    {
      end_run (task, g_steal_pointer (&error));
      return;
    }

  if (n == 0)
    {
      data->pulling = TRUE;
      send_pull (task);
      return;
    }

  mutations = json_object_get_array_member (json_node_get_object (request), "mutations");
  g_object_set_data (G_OBJECT (task), "first-mutation",
                     GSIZE_TO_POINTER ((gsize)json_object_get_int_member (json_array_get_object_element (mutations, 0),
                                                                          "mutation_id")));
  g_object_set_data (G_OBJECT (task), "last-mutation",
                     GSIZE_TO_POINTER ((gsize)json_object_get_int_member (json_array_get_object_element (mutations, n - 1),
                                                                          "mutation_id")));

  msg = spa_sync_http_request (self->url, self->token, FALSE, "POST", "/v1/sync/push", &error);
  if (msg == NULL)
    {
      end_run (task, g_steal_pointer (&error));
      return;
    }
  text = spa_json_to_string (request);
  {
    gsize length = strlen (text);

    bytes = g_bytes_new_take (g_steal_pointer (&text), length);
  }
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  g_object_set_data_full (G_OBJECT (task), "message", g_object_ref (msg), g_object_unref);
  spa_sync_http_send_async (self->session, msg, self->deadline, g_task_get_cancellable (task),
                            push_done_cb, task);
}

static void
finish_waiting (SpaSyncEngine *self,
                const GError  *error)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);

  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = waiting->pdata[i];

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static guint
backoff_ms (guint failures)
{
  double seconds = MIN (BACKOFF_MAX_SEC, 2.0 * (1u << MIN (failures, 10)));

  /* Jitter, so that the desks of a spa do not all retry in the same second. */
  return (guint)(seconds * g_random_double_range (0.5, 1.5) * 1000);
}

static void start_run (SpaSyncEngine *self);

static void
run_finished_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SpaSyncEngine *self = SPA_SYNC_ENGINE (object);
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  g_clear_object (&self->run);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish_waiting (self, error);
      return;
    }

  spa_sync_engine_refresh_counts (self);

  if (error == NULL)
    {
      self->failures = 0;
      self->last_synced = g_get_real_time () / G_USEC_PER_SEC;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
      set_state (self, SPA_SYNC_STATE_IDLE, NULL);
    }
  else if (g_error_matches (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_AUTH))
    set_state (self, SPA_SYNC_STATE_NEEDS_SIGN_IN, error->message);
  else if (g_error_matches (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_NETWORK))
    {
      self->failures++;
      set_state (self, SPA_SYNC_STATE_OFFLINE, error->message);
    }
  else if (g_error_matches (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_TIMED_OUT))
    {
      /* Reached, but silent or too slow: not the network's fault, nor an error it said. */
      self->failures++;
      set_state (self, SPA_SYNC_STATE_NOT_ANSWERING, error->message);
    }
  else
    {
      self->failures++;
      set_state (self, SPA_SYNC_STATE_ERROR, error->message);
    }

  if (self->again && self->state != SPA_SYNC_STATE_NEEDS_SIGN_IN)
    {
      self->again = FALSE;
      start_run (self);
      return;
    }
  finish_waiting (self, error);

  if (self->automatic && self->url != NULL && self->state != SPA_SYNC_STATE_NEEDS_SIGN_IN)
    schedule (self, self->failures > 0 ? backoff_ms (self->failures) : self->interval * 1000);
}

static void
start_run (SpaSyncEngine *self)
{
  RunData *data = g_new0 (RunData, 1);
  GTask *task;

  g_assert (self->run == NULL);

  data->batch = self->push_batch;
  task = g_task_new (self, self->cancellable, run_finished_cb, NULL);
  g_task_set_source_tag (task, start_run);
  g_task_set_task_data (task, data, g_free);
  self->run = g_object_ref (task);
  set_state (self, SPA_SYNC_STATE_SYNCING, NULL);
  run_step (task);
}

static gboolean
timer_cb (gpointer user_data)
{
  SpaSyncEngine *self = user_data;

  self->timer_id = 0;
  if (self->run != NULL)
    self->again = TRUE;
  else if (self->url != NULL && !spa_str_empty (self->token))
    start_run (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (SpaSyncEngine *self,
          guint          delay_ms)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_id = g_timeout_add (delay_ms, timer_cb, self);
}

/**
 * spa_sync_engine_sync_now:
 *
 * Starts a run now (or right after the current one), whatever the backoff.
 */
void
spa_sync_engine_sync_now (SpaSyncEngine *self)
{
  g_return_if_fail (SPA_IS_SYNC_ENGINE (self));

  if (self->url == NULL)
    return;
  self->failures = 0;
  if (self->run != NULL)
    self->again = TRUE;
  else
    schedule (self, 0);
}

/**
 * spa_sync_engine_sync_async:
 *
 * Runs push and pull until nothing is pending (joining the run in progress, then one
 * more), and reports how it ended.
 */
void
spa_sync_engine_sync_async (SpaSyncEngine       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SPA_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, spa_sync_engine_sync_async);

  if (self->url == NULL || spa_str_empty (self->token))
    {
      g_task_return_new_error (task, SPA_SYNC_ERROR, SPA_SYNC_ERROR_NOT_CONFIGURED,
                               _("No sync server is set up."));
      return;
    }

  g_ptr_array_add (self->waiting, g_steal_pointer (&task));
  if (self->run != NULL)
    self->again = TRUE;
  else
    {
      g_clear_handle_id (&self->timer_id, g_source_remove);
      start_run (self);
    }
}

gboolean
spa_sync_engine_sync_finish (SpaSyncEngine  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- therapists' calendar feeds ---- */

static void
feed_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpaSyncEngine *self = g_task_get_source_object (task);
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = spa_sync_http_send_finish (result, &error);
  g_autoptr(JsonNode) body = NULL;
  const char *url;

  if (error != NULL || soup_message_get_status (msg) != 201)
    {
      GError *failure = NULL;

      spa_sync_http_check_response (msg, bytes, error, NULL, &failure);
      if (failure == NULL)
        failure = g_error_new (SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                               _("The sync server sent an unexpected answer."));
      g_task_return_error (task, failure);
      return;
    }
  body = spa_sync_http_parse_body (bytes);
  url = body ? spa_sync_http_body_string (body, "url") : NULL;
  if (url == NULL || (url[0] != '/' && !g_str_has_prefix (url, "http")))
    {
      g_task_return_new_error (task, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                               _("The sync server sent an unexpected answer."));
      return;
    }
  /* A path when the server has no public address: the one this desk syncs with. */
  g_task_return_pointer (task, url[0] == '/' ? g_strconcat (self->url, url, NULL) : g_strdup (url),
                         g_free);
}

/* Sends one of the desk's own requests, signed in, for @task (transfer full), which
 * keeps the message as its data for @done; when no request can be made (signed out),
 * @task gets the error. */
static void
send_own_request (SpaSyncEngine       *self,
                  GTask               *task,
                  const char          *method,
                  const char          *path,
                  GAsyncReadyCallback  done)
{
  GError *error = NULL;
  SoupMessage *msg = spa_sync_http_request (self->url, self->token, TRUE, method, path, &error);

  if (msg == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, msg, g_object_unref);
  spa_sync_http_send_async (self->session, msg, self->deadline, g_task_get_cancellable (task),
                            done, task);
}

/**
 * spa_sync_engine_new_calendar_feed_async:
 *
 * Asks the server for a new secret calendar feed of @therapist_id (docs/reminders.md),
 * as the signed-in user (a manager, or that therapist).
 */
void
spa_sync_engine_new_calendar_feed_async (SpaSyncEngine       *self,
                                         const char          *therapist_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *escaped = g_uri_escape_string (therapist_id, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/v1/calendar-feeds/", escaped, NULL);

  g_return_if_fail (SPA_IS_SYNC_ENGINE (self));

  g_task_set_source_tag (task, spa_sync_engine_new_calendar_feed_async);
  send_own_request (self, g_steal_pointer (&task), "POST", path, feed_sent_cb);
}

/**
 * spa_sync_engine_new_calendar_feed_finish:
 *
 * Returns: (transfer full): the feed's whole URL, shown once, or %NULL with @error
 */
char *
spa_sync_engine_new_calendar_feed_finish (SpaSyncEngine  *self,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The reply to one of the desk's own requests (@msg, sent with @result): its body, a
 * JSON object, or %NULL with the error returned on @task. @forbidden, if not %NULL, is
 * what a 403 means for this request. */
static JsonNode *
reply_object (GTask        *task,
              SoupMessage  *msg,
              GAsyncResult *result,
              const char   *forbidden)
{
  g_autoptr(GError) transport_error = NULL;
  g_autoptr(GBytes) bytes = spa_sync_http_send_finish (result, &transport_error);
  g_autoptr(JsonNode) body = NULL;
  GError *error = NULL;

  if (forbidden != NULL && transport_error == NULL && soup_message_get_status (msg) == 403)
    error = g_error_new_literal (SPA_SYNC_ERROR, SPA_SYNC_ERROR_FORBIDDEN, forbidden);
  else if (spa_sync_http_check_response (msg, bytes, transport_error, &body, &error) &&
           JSON_NODE_HOLDS_OBJECT (body))
    return g_steal_pointer (&body);
  if (error == NULL)
    error = g_error_new (SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                         _("The sync server sent an unexpected answer."));
  g_task_return_error (task, error);
  return NULL;
}

static void
mail_listed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) body = reply_object (task, g_task_get_task_data (task), result, NULL);
  JsonNode *messages;
  GPtrArray *listed;

  if (body == NULL)
    return;
  messages = json_object_get_member (json_node_get_object (body), "messages");
  if (messages == NULL || !JSON_NODE_HOLDS_ARRAY (messages))
    {
      g_task_return_new_error (task, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                               _("The sync server sent an unexpected answer."));
      return;
    }
  /* Only the objects: whatever else a server sends is left out, never trusted. */
  listed = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (messages)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (messages), i);

      if (JSON_NODE_HOLDS_OBJECT (item))
        g_ptr_array_add (listed, json_object_ref (json_node_get_object (item)));
    }
  g_task_return_pointer (task, listed, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * spa_sync_engine_list_mail_async:
 * @status: (nullable): only the messages in this state (`failed`, …), or all
 *
 * Asks the server for its outgoing e-mail (docs/reminders.md), newest first, as the
 * signed-in user (a manager).
 */
void
spa_sync_engine_list_mail_async (SpaSyncEngine       *self,
                                 const char          *status,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *escaped = status ? g_uri_escape_string (status, NULL, FALSE) : NULL;
  g_autofree char *path = g_strconcat ("/v1/mail", escaped ? "?status=" : "", escaped, NULL);

  g_return_if_fail (SPA_IS_SYNC_ENGINE (self));

  g_task_set_source_tag (task, spa_sync_engine_list_mail_async);
  send_own_request (self, g_steal_pointer (&task), "GET", path, mail_listed_cb);
}

/**
 * spa_sync_engine_list_mail_finish:
 *
 * Returns: (transfer full) (element-type JsonObject): the messages as the server
 *   describes them (`recipient`, `subject`, `last_error`, `created_at`, …), or %NULL
 *   with @error
 */
GPtrArray *
spa_sync_engine_list_mail_finish (SpaSyncEngine  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  SoupMessage         *msg;
  SpaTherapistTakings  takings;
  char                *therapist_id;
} TakingsData;

static void
takings_data_free (TakingsData *data)
{
  g_clear_object (&data->msg);
  g_free (data->therapist_id);
  g_free (data);
}

static void
takings_received_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TakingsData *data = g_task_get_task_data (task);
  /* A 403: the desk's account is no therapist's but a front desk's, whose desk pulls the
   * till. */
  g_autoptr(JsonNode) body =
    reply_object (task, data->msg, result,
                  _("This desk is not signed in to the spa server as a therapist."));
  const char *therapist_id;

  if (body == NULL)
    return;
  therapist_id = spa_sync_http_body_string (body, "therapist_id");
  if (spa_str_empty (therapist_id))
    {
      g_task_return_new_error (task, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                               _("The sync server sent an unexpected answer."));
      return;
    }
  data->therapist_id = g_strdup (therapist_id);
  data->takings.services = spa_sync_http_body_int (body, "services");
  data->takings.sales_cents = spa_sync_http_body_int (body, "sales_cents");
  data->takings.tips_cents = spa_sync_http_body_int (body, "tips_cents");
  g_task_return_boolean (task, TRUE);
}

/**
 * spa_sync_engine_my_takings_async:
 * @from: the first instant, UTC ISO 8601, included
 * @to: the last instant, excluded
 *
 * Asks the server what the therapist whose account this desk is signed in with took in
 * over the period (`GET /v1/money/mine`): a therapist's desk pulls none of the till's
 * records. A desk whose account is no therapist's fails with
 * %SPA_SYNC_ERROR_FORBIDDEN.
 */
void
spa_sync_engine_my_takings_async (SpaSyncEngine       *self,
                                  const char          *from,
                                  const char          *to,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *escaped_from = NULL;
  g_autofree char *escaped_to = NULL;
  g_autofree char *path = NULL;
  TakingsData *data;
  GError *error = NULL;

  g_return_if_fail (SPA_IS_SYNC_ENGINE (self));
  g_return_if_fail (from != NULL && to != NULL);

  g_task_set_source_tag (task, spa_sync_engine_my_takings_async);
  escaped_from = g_uri_escape_string (from, NULL, FALSE);
  escaped_to = g_uri_escape_string (to, NULL, FALSE);
  path = g_strdup_printf ("/v1/money/mine?from=%s&to=%s", escaped_from, escaped_to);
  data = g_new0 (TakingsData, 1);
  data->msg = spa_sync_http_request (self->url, self->token, TRUE, "GET", path, &error);
  g_task_set_task_data (task, data, (GDestroyNotify)takings_data_free);
  if (data->msg == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  spa_sync_http_send_async (self->session, data->msg, self->deadline, cancellable,
                            takings_received_cb, g_steal_pointer (&task));
}

/**
 * spa_sync_engine_my_takings_finish:
 * @takings: (out caller-allocates): what the therapist took in
 * @therapist_id: (out) (optional) (transfer full): whose takings the server read
 *
 * Returns: %FALSE with @error set if the server could not say
 */
gboolean
spa_sync_engine_my_takings_finish (SpaSyncEngine        *self,
                                   GAsyncResult         *result,
                                   SpaTherapistTakings  *takings,
                                   char                **therapist_id,
                                   GError              **error)
{
  TakingsData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  data = g_task_get_task_data (G_TASK (result));
  *takings = data->takings;
  if (therapist_id != NULL)
    *therapist_id = g_strdup (data->therapist_id);
  return TRUE;
}

/**
 * spa_sync_engine_is_signed_in:
 *
 * Returns: whether the desk has a server and a token to speak to it with
 */
gboolean
spa_sync_engine_is_signed_in (SpaSyncEngine *self)
{
  g_return_val_if_fail (SPA_IS_SYNC_ENGINE (self), FALSE);
  return self->url != NULL && !spa_str_empty (self->token);
}
