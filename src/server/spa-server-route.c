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

#include "spa-server-public.h"
#include "spa-server-route.h"

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

static void
respond_json (SpaServerResponse *response,
              guint              status,
              JsonNode          *node)
{
  g_free (response->body);
  response->status = status;
  response->content_type = "application/json";
  response->body = spa_json_to_string (node);
  response->length = strlen (response->body);
}

static void
respond_text (SpaServerResponse *response,
              guint              status,
              const char        *content_type,
              char              *text)
{
  g_free (response->body);
  response->status = status;
  response->content_type = content_type;
  response->body = text;
  response->length = strlen (text);
}

void
spa_server_route_error (SpaServerResponse *response,
                        guint              status,
                        const char        *code,
                        const char        *message)
{
  g_autoptr(JsonNode) node = spa_server_error_json (code, message, 0);

  respond_json (response, status, node);
}

static gboolean
is_route (const char *path)
{
  return g_str_equal (path, "/v1/sync/push") || g_str_equal (path, "/v1/sync/pull") ||
         g_str_has_prefix (path, "/v1/calendar/");
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
      g_mutex_lock (store_lock);
      request->role = spa_server_authenticate (store, value + 7, &request->user_name);
      g_mutex_unlock (store_lock);
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

/**
 * spa_server_route_work:
 *
 * Does what an accepted request asks (push, pull or a calendar) into @response.
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
      respond_json (response, status, reply);
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
      respond_json (response, status, reply);
    else
      respond_text (response, 200, "text/calendar; charset=utf-8", ics);
  }
}
