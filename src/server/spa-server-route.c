/* spa-server-route.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-server"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "spa-server-feed.h"
#include "spa-server-mail.h"
#include "spa-server-public.h"
#include "spa-server-route.h"
#include "spa-server-storage.h"

/*
 * The routes of the reference server, free of any HTTP library: a request (method,
 * path, query, the Authorization header, the body's announced length and, later, the
 * body) goes in, a status and a body come out. A request is decided in two steps so
 * that nothing is read before it may be: from the request line and headers alone
 * (unknown path, no valid token, wrong method, too long), then, once the transport
 * has read a body that stayed within SPA_SERVER_MAX_BODY, the work itself.
 *
 * The store is used under @store_lock: several requests are handled at once, but the
 * store's writes are serialised, and a slow body is parsed outside the lock.
 */

void
spa_server_request_clear (SpaServerRequest *request)
{
  g_clear_pointer (&request->user_name, g_free);
  g_clear_pointer (&request->body, g_bytes_unref);
}

void
spa_server_response_clear (SpaServerResponse *response)
{
  g_clear_pointer (&response->body, g_free);
}

/**
 * spa_server_respond:
 * @content_type: (not nullable): a static string
 * @body: (transfer full): @length bytes
 *
 * Sets @response's status and body, replacing any body it had.
 */
void
spa_server_respond (SpaServerResponse *response,
                    guint              status,
                    const char        *content_type,
                    char              *body,
                    gsize              length)
{
  g_free (response->body);
  response->status = status;
  response->content_type = content_type;
  response->body = body;
  response->length = length;
}

/**
 * spa_server_respond_json:
 *
 * Sets @response to @status with @node as its JSON body.
 */
void
spa_server_respond_json (SpaServerResponse *response,
                         guint              status,
                         JsonNode          *node)
{
  char *body = spa_json_to_string (node);

  spa_server_respond (response, status, "application/json", body, strlen (body));
}

static void
respond_text (SpaServerResponse *response,
              guint              status,
              const char        *content_type,
              char              *text)
{
  spa_server_respond (response, status, content_type, text, strlen (text));
}

void
spa_server_route_error (SpaServerResponse *response,
                        guint              status,
                        const char        *code,
                        const char        *message)
{
  g_autoptr(JsonNode) node = spa_server_error_json (code, message, 0);

  spa_server_respond_json (response, status, node);
}

/* POST makes a therapist's calendar feed, DELETE revokes them all (a token needed). */
#define FEEDS_PREFIX "/v1/calendar-feeds/"

static gboolean
is_route (const char *path)
{
  return g_str_equal (path, "/v1/sync/push") || g_str_equal (path, "/v1/sync/pull") ||
         g_str_equal (path, "/v1/sync/users") || g_str_has_prefix (path, "/v1/calendar/") ||
         g_str_has_prefix (path, FEEDS_PREFIX) || g_str_equal (path, "/v1/mail") ||
         g_str_equal (path, "/v1/money/mine");
}

/**
 * spa_server_route_headers:
 *
 * Decides what the request needs from its request line and headers alone.
 *
 * Returns: whether to respond now, read the body first, or work without one
 */
SpaServerRouteNext
spa_server_route_headers (SpaStore          *store,
                          GMutex            *store_lock,
                          SpaServerRequest  *request,
                          SpaServerResponse *response)
{
  const char *value = request->authorization;

  if (g_str_equal (request->path, "/v1/health"))
    {
      respond_text (response, 200, "application/json",
                    g_strdup ("{\"status\":\"ok\",\"protocol\":1}"));
      return SPA_SERVER_ROUTE_RESPOND;
    }

  /* The online booking API and page: open to anyone, limited by their own rules. */
  if (spa_public_is_route (request->path))
    return spa_public_route_headers (store, store_lock, request, response);

  /* A calendar feed: its secret is in the path, since calendar apps send no token. */
  if (g_str_has_prefix (request->path, SPA_FEED_PATH_PREFIX))
    {
      if (!g_str_equal (request->method, "GET"))
        {
          spa_server_route_error (response, 405, "method_not_allowed", "use GET");
          return SPA_SERVER_ROUTE_RESPOND;
        }
      return SPA_SERVER_ROUTE_WORK;
    }

  if (!is_route (request->path))
    {
      spa_server_route_error (response, 404, "not_found", "no such endpoint");
      return SPA_SERVER_ROUTE_RESPOND;
    }

  /* Two tokens would leave it to chance which one is checked. */
  if (request->authorization_count > 1)
    {
      spa_server_route_error (response, 400, "bad_request", "send one Authorization header");
      return SPA_SERVER_ROUTE_RESPOND;
    }

  request->role = SPA_ROLE_NONE;
  if (value != NULL && g_ascii_strncasecmp (value, "Bearer ", 7) == 0)
    {
      g_autoptr(GError) error = NULL;

      g_mutex_lock (store_lock);
      request->role = spa_server_authenticate_full (store, value + 7, &request->user_name,
                                                    &error);
      g_mutex_unlock (store_lock);
      /* A database that cannot answer is no verdict on the token: a 401 would sign
       * the desk out. */
      if (error != NULL)
        {
          spa_server_route_error (response, 503, "server_error", error->message);
          return SPA_SERVER_ROUTE_RESPOND;
        }
    }
  if (request->role == SPA_ROLE_NONE)
    {
      spa_server_route_error (response, 401, "unauthorized", "a valid bearer token is required");
      response->unauthorized = TRUE;
      return SPA_SERVER_ROUTE_RESPOND;
    }

  if (g_str_equal (request->path, "/v1/sync/push"))
    {
      if (!g_str_equal (request->method, "POST"))
        {
          spa_server_route_error (response, 405, "method_not_allowed", "use POST");
          return SPA_SERVER_ROUTE_RESPOND;
        }
      if (request->content_length > SPA_SERVER_MAX_BODY)
        {
          spa_server_route_error (response, 413, "too_large", "the request body is larger than 10 MiB");
          return SPA_SERVER_ROUTE_RESPOND;
        }
      return SPA_SERVER_ROUTE_READ_BODY;
    }

  if (g_str_has_prefix (request->path, FEEDS_PREFIX))
    {
      if (!g_str_equal (request->method, "POST") && !g_str_equal (request->method, "DELETE"))
        {
          spa_server_route_error (response, 405, "method_not_allowed", "use POST or DELETE");
          return SPA_SERVER_ROUTE_RESPOND;
        }
      return SPA_SERVER_ROUTE_WORK;
    }

  if (!g_str_equal (request->method, "GET"))
    {
      spa_server_route_error (response, 405, "method_not_allowed", "use GET");
      return SPA_SERVER_ROUTE_RESPOND;
    }
  return SPA_SERVER_ROUTE_WORK;
}

static const char *
query_get (SpaServerRequest *request,
           const char       *name)
{
  return request->query ? g_hash_table_lookup (request->query, name) : NULL;
}

/* GET /v1/feed/SECRET.ics: an unknown, altered or revoked secret is 404, the same
 * answer as for a path that never existed. */
static void
route_feed (SpaStore          *store,
            GMutex            *store_lock,
            const char        *name,
            SpaServerResponse *response)
{
  g_autofree char *secret = NULL;
  g_autofree char *therapist_id = NULL;
  g_autoptr(GError) error = NULL;
  char *ics = NULL;

  if (g_str_has_suffix (name, ".ics"))
    secret = g_strndup (name, strlen (name) - 4);
  g_mutex_lock (store_lock);
  therapist_id = secret ? spa_server_feed_open (store, secret, &error) : NULL;
  /* The bookings as every process has written them (PostgreSQL's working copy). */
  if (therapist_id != NULL &&
      spa_server_storage_refresh (spa_server_storage_get (store), &error))
    ics = spa_server_feed_ics (store, therapist_id, &error);
  g_mutex_unlock (store_lock);
  if (therapist_id == NULL && error != NULL)
    {
      /* A database that cannot answer is no verdict on the secret. */
      g_warning ("A calendar feed failed: %s", error->message);
      spa_server_route_error (response, 503, "server_error", "the calendar failed");
    }
  else if (therapist_id == NULL)
    spa_server_route_error (response, 404, "not_found", "no such calendar");
  else if (ics == NULL)
    spa_server_route_error (response, 500, "server_error", "the calendar failed");
  else
    respond_text (response, 200, "text/calendar; charset=utf-8", ics);
}

/* POST /v1/calendar-feeds/THERAPIST_ID → 201 {"url", "path"}: a new feed, its secret
 * shown this once. DELETE → 200 {"revoked": N}: every feed of the therapist stops. */
static void
route_feeds (SpaStore          *store,
             GMutex            *store_lock,
             SpaServerRequest  *request,
             const char        *therapist_id,
             SpaServerResponse *response)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;
  gboolean allowed;
  guint revoked = 0;
  gboolean ok;

  g_mutex_lock (store_lock);
  allowed = spa_server_feed_allowed (store, request->role, request->user_name, therapist_id);
  if (!allowed)
    ok = FALSE;
  else if (!spa_server_storage_refresh (spa_server_storage_get (store), &error))
    ok = FALSE;
  else if (!spa_store_exists (store, "therapist", therapist_id))
    ok = FALSE;
  else if (g_str_equal (request->method, "POST"))
    {
      secret = spa_server_feed_create (store, therapist_id, &error);
      ok = secret != NULL;
      if (ok)
        {
          url = spa_server_feed_url (store, secret);
          path = g_strconcat (SPA_FEED_PATH_PREFIX, secret, ".ics", NULL);
        }
    }
  else
    ok = spa_server_feed_revoke (store, therapist_id, &revoked, &error);
  g_mutex_unlock (store_lock);

  if (!allowed)
    {
      spa_server_route_error (response, 403, "forbidden",
                              "only a manager or the therapist may manage this feed");
      return;
    }
  if (!ok && error == NULL)
    {
      spa_server_route_error (response, 404, "not_found", "no such therapist");
      return;
    }
  if (!ok)
    {
      spa_server_route_error (response, 500, "server_error", error->message);
      return;
    }

  json_builder_begin_object (builder);
  if (secret != NULL)
    {
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path);
    }
  else
    {
      json_builder_set_member_name (builder, "revoked");
      json_builder_add_int_value (builder, revoked);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  spa_server_respond_json (response, secret != NULL ? 201 : 200, node);
}

/**
 * spa_server_route_work:
 *
 * Does what an accepted request asks (push, pull, the desk users or a calendar) into
 * @response.
 * Runs on a worker thread, never on the one that reads connections.
 */
void
spa_server_route_work (SpaStore          *store,
                       GMutex            *store_lock,
                       SpaServerRequest  *request,
                       SpaServerResponse *response)
{
  const char *path = request->path;
  g_autoptr(JsonNode) reply = NULL;
  guint status;

  if (spa_public_is_route (path))
    {
      spa_public_route_work (store, store_lock, request, response);
      return;
    }

  if (g_str_equal (path, "/v1/sync/push"))
    {
      g_autoptr(JsonNode) parsed = NULL;
      g_autoptr(GError) error = NULL;
      gsize length = request->body ? g_bytes_get_size (request->body) : 0;

      if (length == 0)
        {
          spa_server_route_error (response, 400, "bad_json", "the request body is empty");
          return;
        }
      parsed = spa_json_parse_bytes (request->body, &spa_server_push_limits, &error);
      if (parsed == NULL)
        {
          spa_server_route_error (response, 400, "bad_json", error->message);
          return;
        }
      g_mutex_lock (store_lock);
      status = spa_server_push (store, request->role, request->user_name, parsed, &reply);
      g_mutex_unlock (store_lock);
      spa_server_respond_json (response, status, reply);
      return;
    }

  if (g_str_equal (path, "/v1/sync/pull"))
    {
      char *text = NULL;

      g_mutex_lock (store_lock);
      status = spa_server_pull (store, request->role, query_get (request, "since"),
                                query_get (request, "limit"),
                                g_strcmp0 (query_get (request, "full"), "1") == 0, &text);
      g_mutex_unlock (store_lock);
      respond_text (response, status, "application/json", text);
      return;
    }

  if (g_str_equal (path, "/v1/sync/users"))
    {
      g_mutex_lock (store_lock);
      status = spa_server_desk_users (store, &reply);
      g_mutex_unlock (store_lock);
      spa_server_respond_json (response, status, reply);
      return;
    }

  /* GET /v1/money/mine?from=&to=: the asking therapist's own takings. */
  if (g_str_equal (path, "/v1/money/mine"))
    {
      g_mutex_lock (store_lock);
      status = spa_server_money_takings (store, request->user_name, query_get (request, "from"),
                                         query_get (request, "to"), &reply);
      g_mutex_unlock (store_lock);
      spa_server_respond_json (response, status, reply);
      return;
    }

  if (g_str_has_prefix (path, SPA_FEED_PATH_PREFIX))
    {
      route_feed (store, store_lock, path + strlen (SPA_FEED_PATH_PREFIX), response);
      return;
    }

  if (g_str_has_prefix (path, FEEDS_PREFIX))
    {
      route_feeds (store, store_lock, request, path + strlen (FEEDS_PREFIX), response);
      return;
    }

  /* GET /v1/mail[?status=]: the outgoing messages, for the manager. */
  if (g_str_equal (path, "/v1/mail"))
    {
      g_autoptr(GError) error = NULL;

      if (request->role != SPA_ROLE_MANAGER)
        {
          spa_server_route_error (response, 403, "forbidden",
                                  "only a manager reads the mail queue");
          return;
        }
      g_mutex_lock (store_lock);
      reply = spa_server_mail_list (store, query_get (request, "status"), &error);
      g_mutex_unlock (store_lock);
      if (reply == NULL)
        spa_server_route_error (response, 500, "server_error", error->message);
      else
        spa_server_respond_json (response, 200, reply);
      return;
    }

  /* /v1/calendar/THERAPIST_ID.ics */
  {
    const char *name = path + strlen ("/v1/calendar/");
    g_autofree char *id = NULL;
    char *ics = NULL;

    if (!g_str_has_suffix (name, ".ics") || strchr (name, '/') != NULL)
      {
        spa_server_route_error (response, 404, "not_found", "no such calendar");
        return;
      }
    id = g_strndup (name, strlen (name) - 4);
    g_mutex_lock (store_lock);
    status = spa_server_calendar (store, id, &ics, &reply);
    g_mutex_unlock (store_lock);
    if (status != 200)
      spa_server_respond_json (response, status, reply);
    else
      respond_text (response, 200, "text/calendar; charset=utf-8", ics);
  }
}
