/* spa-server.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-server"

#include "config.h"

#include <string.h>

#include "spa-server.h"
#include "spa-server-sync.h"

/*
 * The HTTP face of the reference server: authentication, limits and JSON in and out.
 * Handlers run on the main thread one at a time, which is what serialises writes.
 */
struct _SpaServer
{
  GObject     parent_instance;

  /* Owned */
  SpaStore   *store;
  SoupServer *soup;
  GUri       *uri;
  gboolean    tls;
};

G_DEFINE_FINAL_TYPE (SpaServer, spa_server, G_TYPE_OBJECT)

static void
spa_server_dispose (GObject *object)
{
  SpaServer *self = (SpaServer *)object;

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->store);
  g_clear_pointer (&self->uri, g_uri_unref);

  G_OBJECT_CLASS (spa_server_parent_class)->dispose (object);
}

static void
spa_server_class_init (SpaServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = spa_server_dispose;
}

static void
spa_server_init (SpaServer *self)
{
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  g_autofree char *text = spa_json_to_string (node);
  gsize length = strlen (text);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&text), length);
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *message)
{
  g_autoptr(JsonNode) node = spa_server_error_json (code, message, 0);

  respond_json (msg, status, node);
}

static void
count_authorization_cb (const char *name,
                        const char *value,
                        gpointer    user_data)
{
  guint *n_values = user_data;

  if (g_ascii_strcasecmp (name, "Authorization") == 0)
    (*n_values)++;
}

static SpaRole
authenticate (SpaServer          *self,
              SoupServerMessage  *msg,
              char              **user_name)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = NULL;
  guint n_values = 0;
  SpaRole role = SPA_ROLE_NONE;

  /* Two Authorization headers are ambiguous (which one did a proxy check?): refused. */
  soup_message_headers_foreach (headers, count_authorization_cb, &n_values);
  if (n_values > 1)
    {
      respond_error (msg, 400, "bad_request", "send one Authorization header");
      return SPA_ROLE_NONE;
    }
  value = soup_message_headers_get_one (headers, "Authorization");
  if (value != NULL && g_ascii_strncasecmp (value, "Bearer ", 7) == 0)
    role = spa_server_authenticate (self->store, value + 7, user_name);

  if (role == SPA_ROLE_NONE)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer realm=\"spa-desk\"");
      respond_error (msg, 401, "unauthorized", "a valid bearer token is required");
    }
  return role;
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  SpaServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *user_name = NULL;
  g_autoptr(JsonNode) response = NULL;
  SpaRole role;
  guint status;

  if (g_str_equal (path, "/v1/health"))
    {
      g_autoptr(JsonNode) node = json_from_string ("{\"status\": \"ok\", \"protocol\": 1}", NULL);

      respond_json (msg, 200, node);
      return;
    }

  if (!g_str_equal (path, "/v1/sync/push") && !g_str_equal (path, "/v1/sync/pull") &&
      !g_str_has_prefix (path, "/v1/calendar/"))
    {
      respond_error (msg, 404, "not_found", "no such endpoint");
      return;
    }

  /* The query is decoded into C strings: a %00 would cut a value short unseen. */
  {
    const char *raw = g_uri_get_query (soup_server_message_get_uri (msg));

    if (raw != NULL && (strstr (raw, "%00") != NULL))
      {
        respond_error (msg, 400, "bad_request", "the query may not hold %00");
        return;
      }
  }

  role = authenticate (self, msg, &user_name);
  if (role == SPA_ROLE_NONE)
    return;

  if (g_str_equal (path, "/v1/sync/push"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(JsonNode) request = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_str_equal (method, "POST"))
        {
          respond_error (msg, 405, "method_not_allowed", "use POST");
          return;
        }
      if (body->length > SPA_SERVER_MAX_BODY)
        {
          respond_error (msg, 413, "too_large", "the request body is larger than 10 MiB");
          return;
        }
      bytes = soup_message_body_flatten (body);
      if (g_bytes_get_size (bytes) == 0)
        {
          respond_error (msg, 400, "bad_json", "the request body is empty");
          return;
        }
      request = spa_json_parse_bytes (bytes, &spa_server_push_limits, &error);
      if (request == NULL)
        {
          respond_error (msg, 400, "bad_json", error->message);
          return;
        }
      status = spa_server_push (self->store, role, user_name, request, &response);
      respond_json (msg, status, response);
      return;
    }

  if (!g_str_equal (method, "GET"))
    {
      respond_error (msg, 405, "method_not_allowed", "use GET");
      return;
    }

  if (g_str_equal (path, "/v1/sync/pull"))
    {
      char *text = NULL;

      status = spa_server_pull (self->store, role,
                                query ? g_hash_table_lookup (query, "since") : NULL,
                                query ? g_hash_table_lookup (query, "limit") : NULL,
                                query && g_strcmp0 (g_hash_table_lookup (query, "full"), "1") == 0,
                                &text);
      soup_server_message_set_status (msg, status, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
      return;
    }

  /* /v1/calendar/THERAPIST_ID.ics */
  {
    const char *name = path + strlen ("/v1/calendar/");
    g_autofree char *id = NULL;
    char *ics = NULL;

    if (!g_str_has_suffix (name, ".ics") || strchr (name, '/') != NULL)
      {
        respond_error (msg, 404, "not_found", "no such calendar");
        return;
      }
    id = g_strndup (name, strlen (name) - 4);
    status = spa_server_calendar (self->store, id, &ics, &response);
    if (status != 200)
      {
        respond_json (msg, status, response);
        return;
      }
    soup_server_message_set_status (msg, 200, NULL);
    soup_server_message_set_response (msg, "text/calendar; charset=utf-8", SOUP_MEMORY_TAKE,
                                      ics, strlen (ics));
  }
}

/* Refuses a body over the limit from its headers, before reading it. */
static void
request_got_headers_cb (SoupServerMessage *msg,
                        gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);

  if (length > SPA_SERVER_MAX_BODY)
    respond_error (msg, 413, "too_large", "the request body is larger than 10 MiB");
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect (msg, "got-headers", G_CALLBACK (request_got_headers_cb), NULL);
}

/**
 * spa_server_new:
 * @store: the server's database
 * @certificate: (nullable): serve HTTPS with this certificate
 *
 * Returns: (transfer full): a new server, not yet listening
 */
SpaServer *
spa_server_new (SpaStore        *store,
                GTlsCertificate *certificate)
{
  SpaServer *self = g_object_new (SPA_TYPE_SERVER, NULL);

  self->store = g_object_ref (store);
  self->tls = certificate != NULL;
  self->soup = soup_server_new ("server-header", "spa-desk-server/" PACKAGE_VERSION " ",
                                "tls-certificate", certificate,
                                NULL);
  soup_server_add_handler (self->soup, "/v1", handle_cb, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  return self;
}

gboolean
spa_server_listen (SpaServer   *self,
                   const char  *host,
                   guint        port,
                   GError     **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoslist(GUri) uris = NULL;

  g_return_val_if_fail (SPA_IS_SERVER (self), FALSE);

  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", host);
      return FALSE;
    }

  socket_address = g_inet_socket_address_new (address, port);
  if (!soup_server_listen (self->soup, socket_address,
                           self->tls ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the server is not listening");
      return FALSE;
    }
  g_clear_pointer (&self->uri, g_uri_unref);
  self->uri = g_uri_ref (uris->data);
  return TRUE;
}

/**
 * spa_server_get_url:
 *
 * Returns: (transfer full): `http://HOST:PORT` (or https), without a trailing slash
 */
char *
spa_server_get_url (SpaServer *self)
{
  g_return_val_if_fail (SPA_IS_SERVER (self), NULL);
  g_return_val_if_fail (self->uri != NULL, NULL);

  return g_strdup_printf ("%s://%s:%d", self->tls ? "https" : "http",
                          g_uri_get_host (self->uri), g_uri_get_port (self->uri));
}

void
spa_server_disconnect (SpaServer *self)
{
  g_return_if_fail (SPA_IS_SERVER (self));
  soup_server_disconnect (self->soup);
}
