/* spa-server.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-server"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <gio/gio.h>
#include <microhttpd.h>

#include "spa-schedule.h"
#include "spa-server.h"
#include "spa-server-mail.h"
#include "spa-server-proxy.h"
#include "spa-server-public.h"
#include "spa-server-route.h"

/*
 * The HTTP face of the reference server, on GNU libmicrohttpd (docs/architecture.md
 * says why not SoupServer). One polling thread reads and writes connections; it
 * authenticate a request from its headers before any body is read, refuse a body
 * announced or counted past SPA_SERVER_MAX_BODY, and never hold more than that. The
 * work itself (parsing a push, the store) runs on a worker pool while its connection
 * is suspended, so a slow push never stalls the threads that accept and read.
 *
 * Limits: at most max_connections connections (from the descriptor limit), optionally
 * per address; a connection must send a request's headers within SPA_SERVER_HEADER_TIMEOUT
 * of opening or of its last response (slow headers and idle keep-alive alike), a body
 * within SPA_SERVER_BODY_TIMEOUT, and is dropped after SPA_SERVER_IDLE_TIMEOUT without
 * any traffic.
 */

#define WORKER_THREADS  4

/* A connection, as the watchdog sees it. */
typedef struct
{
  int     fd;
  gint64  deadline;    /* monotonic µs; 0: none */
  gboolean dropped;
} Connection;

/* A request in flight. */
typedef struct
{
  SpaServer              *server;
  struct MHD_Connection  *connection;
  Connection             *conn;
  SpaServerRequest        request;
  SpaServerResponse       response;
  GByteArray             *body;
  char                   *peer;
  gboolean                reading;
  gboolean                respond_later;
  gboolean                working;
  gboolean                done;
} Request;

struct _SpaServer
{
  GObject            parent_instance;

  /* Owned */
  SpaStore          *store;
  GMutex             store_lock;
  char              *cert_pem;
  char              *key_pem;
  struct MHD_Daemon *daemon;
  GThreadPool       *workers;
  SpaPublicSite     *site;
  SpaMailSender     *mail;
  char              *url;
  int                listen_fd;
  guint              max_connections;
  guint              max_per_address;
  GPtrArray         *trusted_proxies; /* GInetAddressMask; set before listening */
  guint              header_timeout;
  guint              body_timeout;

  /* Under lock */
  GMutex             lock;
  GCond              cond;
  GHashTable        *connections;   /* Connection * */
  guint              working;       /* suspended requests not yet resumed */
  gboolean           stopping;
  GThread           *watchdog;
};

G_DEFINE_FINAL_TYPE (SpaServer, spa_server, G_TYPE_OBJECT)

static void
spa_server_finalize (GObject *object)
{
  SpaServer *self = (SpaServer *)object;

  spa_server_disconnect (self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->cert_pem, g_free);
  if (self->key_pem != NULL)
    memset (self->key_pem, 0, strlen (self->key_pem));
  g_clear_pointer (&self->key_pem, g_free);
  g_clear_pointer (&self->connections, g_hash_table_unref);
  g_clear_pointer (&self->trusted_proxies, g_ptr_array_unref);
  g_clear_pointer (&self->site, spa_public_site_free);
  g_mutex_clear (&self->store_lock);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (spa_server_parent_class)->finalize (object);
}

static void
spa_server_class_init (SpaServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spa_server_finalize;
}

static guint
default_max_connections (void)
{
  struct rlimit limit;

  /* Keep descriptors for the database, the polling threads and the log. */
  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return 1000;
  if (limit.rlim_cur <= 128)
    return 16;
  return MIN (limit.rlim_cur - 64, 10000);
}

static void
spa_server_init (SpaServer *self)
{
  g_mutex_init (&self->store_lock);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->listen_fd = -1;
  self->connections = g_hash_table_new (NULL, NULL);
  self->site = spa_public_site_new (NULL);
  self->max_connections = default_max_connections ();
  self->header_timeout = SPA_SERVER_HEADER_TIMEOUT;
  self->body_timeout = SPA_SERVER_BODY_TIMEOUT;
}

/* ---- the watchdog: drops connections past their deadline ---- */

static void
set_deadline (SpaServer  *self,
              Connection *conn,
              gint64      seconds)
{
  if (conn == NULL)
    return;
  g_mutex_lock (&self->lock);
  conn->deadline = seconds > 0 ? g_get_monotonic_time () + seconds * G_USEC_PER_SEC : 0;
  g_mutex_unlock (&self->lock);
}

static gpointer
watchdog_thread (gpointer data)
{
  SpaServer *self = data;

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      GHashTableIter iter;
      Connection *conn;
      gint64 now = g_get_monotonic_time ();

      g_hash_table_iter_init (&iter, self->connections);
      while (g_hash_table_iter_next (&iter, (gpointer *)&conn, NULL))
        {
          /* The descriptor stays open until the closed notification, which takes the
           * same lock, so this never touches a reused descriptor. Shutting it down
           * makes the polling thread see the end and close the connection itself. */
          if (conn->deadline != 0 && now > conn->deadline && !conn->dropped)
            {
              conn->dropped = TRUE;
              shutdown (conn->fd, SHUT_RDWR);
            }
        }
      g_cond_wait_until (&self->cond, &self->lock, now + G_USEC_PER_SEC / 2);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

static void
notify_connection_cb (void                            *cls,
                      struct MHD_Connection           *connection,
                      void                           **socket_context,
                      enum MHD_ConnectionNotificationCode toe)
{
  SpaServer *self = cls;

  if (toe == MHD_CONNECTION_NOTIFY_STARTED)
    {
      const union MHD_ConnectionInfo *info =
        MHD_get_connection_info (connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      Connection *conn = g_new0 (Connection, 1);

      conn->fd = info->connect_fd;
      conn->deadline = g_get_monotonic_time () + self->header_timeout * G_USEC_PER_SEC;
      g_mutex_lock (&self->lock);
      g_hash_table_add (self->connections, conn);
      g_mutex_unlock (&self->lock);
      *socket_context = conn;
    }
  else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context != NULL)
    {
      g_mutex_lock (&self->lock);
      g_hash_table_remove (self->connections, *socket_context);
      g_mutex_unlock (&self->lock);
      g_clear_pointer (socket_context, g_free);
    }
}

/* ---- requests ---- */

static void
request_free (Request *request)
{
  spa_server_request_clear (&request->request);
  spa_server_response_clear (&request->response);
  g_clear_pointer (&request->request.query, g_hash_table_unref);
  if (request->body != NULL)
    g_byte_array_unref (request->body);
  g_free (request->peer);
  g_free (request);
}

static void
request_completed_cb (void                            *cls,
                      struct MHD_Connection           *connection,
                      void                           **con_cls,
                      enum MHD_RequestTerminationCode  toe)
{
  SpaServer *self = cls;
  Request *request = *con_cls;

  if (request == NULL)
    return;
  /* Kept alive: the next request's headers must come in time too. */
  set_deadline (self, request->conn, self->header_timeout);
  request_free (request);
  *con_cls = NULL;
}

static enum MHD_Result
queue_response (Request *request)
{
  SpaServerResponse *r = &request->response;
  struct MHD_Response *response;
  enum MHD_Result result;

  response = MHD_create_response_from_buffer_with_free_callback (r->length, r->body, g_free);
  r->body = NULL;
  MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
  MHD_add_response_header (response, MHD_HTTP_HEADER_SERVER, "spa-desk-server/" PACKAGE_VERSION);
  if (r->unauthorized)
    MHD_add_response_header (response, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                             "Bearer realm=\"spa-desk\"");
  if (r->retry_after > 0)
    {
      char seconds[16];

      g_snprintf (seconds, sizeof seconds, "%u", r->retry_after);
      MHD_add_response_header (response, MHD_HTTP_HEADER_RETRY_AFTER, seconds);
    }
  /* Calendar feeds too: their secret never leaves in a Referer nor lands in a cache. */
  if (g_str_has_prefix (request->request.path, "/book") ||
      g_str_has_prefix (request->request.path, "/v1/public/") ||
      g_str_has_prefix (request->request.path, "/v1/feed/"))
    {
      /* The public side: scripts, styles and images from this server only; secret
       * links never leak through a Referer; nothing frames the page. */
      MHD_add_response_header (response, "Content-Security-Policy",
                               "default-src 'none'; script-src 'self'; style-src 'self'; img-src "
                               "'self' data:;"
                               " connect-src 'self'; form-action 'self'; base-uri 'none'; "
                               "frame-ancestors 'none'");
      MHD_add_response_header (response, "Referrer-Policy", "no-referrer");
      MHD_add_response_header (response, "X-Content-Type-Options", "nosniff");
      MHD_add_response_header (response, "X-Frame-Options", "DENY");
      MHD_add_response_header (response, MHD_HTTP_HEADER_CACHE_CONTROL,
                               r->cacheable ? "public, max-age=300" : "no-store");
      if (r->page)
        MHD_add_response_header (response, "Content-Language", r->page_language ? r->page_language
                                 : "en");
    }
  result = MHD_queue_response (request->connection, r->status, response);
  MHD_destroy_response (response);
  request->done = TRUE;
  return result;
}

static enum MHD_Result
collect_query_cb (void            *cls,
                  enum MHD_ValueKind kind,
                  const char      *key,
                  size_t           key_size,
                  const char      *value,
                  size_t           value_size)
{
  Request *request = cls;
  GHashTable *query = request->request.query;

  /* Values arrive decoded into C strings: a %00 would cut one short unseen. A name
   * given twice is ambiguous. Both are refused (the "" entry marks it). */
  if (strlen (key) != key_size || (value != NULL && strlen (value) != value_size))
    {
      g_hash_table_insert (query, g_strdup (""), g_strdup ("the query may not hold %00"));
      return MHD_NO;
    }
  if (key_size == 0)
    return MHD_YES;
  if (g_hash_table_contains (query, key))
    {
      g_hash_table_insert (query, g_strdup (""), g_strdup ("a query parameter is given twice"));
      return MHD_NO;
    }
  g_hash_table_insert (query, g_strdup (key), g_strdup (value ? value : ""));
  return MHD_YES;
}

static enum MHD_Result
count_authorization_cb (void              *cls,
                        enum MHD_ValueKind  kind,
                        const char         *key,
                        const char         *value)
{
  Request *request = cls;

  if (g_ascii_strcasecmp (key, MHD_HTTP_HEADER_AUTHORIZATION) == 0)
    {
      request->request.authorization_count++;
      request->request.authorization = value;
    }
  return MHD_YES;
}

/* Every X-Forwarded-For header, in order, joined as one list (RFC 9110, 5.3). */
static enum MHD_Result
collect_forwarded_cb (void              *cls,
                      enum MHD_ValueKind  kind,
                      const char         *key,
                      const char         *value)
{
  GString *forwarded = cls;

  if (g_ascii_strcasecmp (key, "X-Forwarded-For") == 0 && value != NULL)
    {
      if (forwarded->len > 0)
        g_string_append_c (forwarded, ',');
      g_string_append (forwarded, value);
    }
  return MHD_YES;
}

static void
work_cb (gpointer data,
         gpointer user_data)
{
  Request *request = data;
  SpaServer *self = request->server;

  spa_server_route_work (self->store, &self->store_lock, &request->request, &request->response);

  /* A suspended connection takes its response from any thread. */
  queue_response (request);
  MHD_resume_connection (request->connection);

  g_mutex_lock (&self->lock);
  self->working--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static enum MHD_Result
start_work (SpaServer *self,
            Request   *request)
{
  g_mutex_lock (&self->lock);
  if (self->stopping)
    {
      g_mutex_unlock (&self->lock);
      spa_server_route_error (&request->response, 503, "unavailable", "the server is stopping");
      return queue_response (request);
    }
  self->working++;
  g_mutex_unlock (&self->lock);

  request->working = TRUE;
  set_deadline (self, request->conn, 0);
  MHD_suspend_connection (request->connection);
  g_thread_pool_push (self->workers, request, NULL);
  return MHD_YES;
}

static enum MHD_Result
access_cb (void                  *cls,
           struct MHD_Connection *connection,
           const char            *url,
           const char            *method,
           const char            *version,
           const char            *upload_data,
           size_t                *upload_data_size,
           void                 **con_cls)
{
  SpaServer *self = cls;
  Request *request = *con_cls;
  SpaServerRouteNext next;
  const char *length;
  gboolean has_body;

  if (request == NULL)
    {
      const union MHD_ConnectionInfo *info;

      request = g_new0 (Request, 1);
      request->server = self;
      request->connection = connection;
      info = MHD_get_connection_info (connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
      request->conn = info ? info->socket_context : NULL;
      request->request.method = method;
      request->request.path = url;
      request->request.content_length = -1;
      request->request.site = self->site;
      info = MHD_get_connection_info (connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
      if (info != NULL && info->client_addr != NULL)
        {
          gsize size = info->client_addr->sa_family == AF_INET6 ? sizeof (struct sockaddr_in6)
                                                                : sizeof (struct sockaddr_in);
          g_autoptr(GSocketAddress) address = g_socket_address_new_from_native (info->client_addr,
                                                                                size);

          if (G_IS_INET_SOCKET_ADDRESS (address))
            {
              GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);

              request->peer = g_inet_address_to_string (g_inet_socket_address_get_address (inet));
            }
        }
      /* Behind a trusted proxy, the client is the one it names (spa-server-proxy.c). */
      if (self->trusted_proxies != NULL && self->trusted_proxies->len > 0 && request->peer)
        {
          g_autoptr(GString) forwarded = g_string_new (NULL);
          char *client;

          MHD_get_connection_values (connection, MHD_HEADER_KIND, collect_forwarded_cb,
                                     forwarded);
          client = spa_proxy_client_address (request->peer, forwarded->len ? forwarded->str
                                                                           : NULL,
                                             self->trusted_proxies);
          g_free (request->peer);
          request->peer = client;
        }
      request->request.peer = request->peer;
      request->request.accept_language =
        MHD_lookup_connection_value (connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
      request->request.query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      *con_cls = request;

      MHD_get_connection_values (connection, MHD_HEADER_KIND, count_authorization_cb, request);
      length = MHD_lookup_connection_value (connection, MHD_HEADER_KIND,
                                            MHD_HTTP_HEADER_CONTENT_LENGTH);
      if (length != NULL)
        request->request.content_length = g_ascii_strtoll (length, NULL, 10);

      MHD_get_connection_values_n (connection, MHD_GET_ARGUMENT_KIND, collect_query_cb, request);
      if (g_hash_table_contains (request->request.query, ""))
        {
          spa_server_route_error (&request->response, 400, "bad_request",
                                  g_hash_table_lookup (request->request.query, ""));
          return queue_response (request);
        }

      next = spa_server_route_headers (self->store, &self->store_lock,
                                       &request->request, &request->response);
      has_body = request->request.content_length > 0 ||
                 MHD_lookup_connection_value (connection, MHD_HEADER_KIND,
                                              MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
      if (next == SPA_SERVER_ROUTE_RESPOND)
        {
          /* Queued now, libmicrohttpd reads none of the body and closes the connection
           * after the answer; without a body, answering on the next call keeps it. */
          if (has_body)
            return queue_response (request);
          request->respond_later = TRUE;
          return MHD_YES;
        }

      /* A body the route does not use (a GET's) is read within the limit and dropped. */
      request->reading = TRUE;
      request->body = g_byte_array_new ();
      set_deadline (self, request->conn, self->body_timeout);
      return MHD_YES;
    }

  if (request->done || request->working)
    /* Resumed with its response queued, or called again while it is sent. */
    return MHD_YES;

  if (request->respond_later)
    return queue_response (request);

  if (*upload_data_size != 0)
    {
      /* Counted as it streams: a chunked body has no length to refuse it by. */
      gsize limit = request->request.max_body ? request->request.max_body : SPA_SERVER_MAX_BODY;

      if (request->body->len + *upload_data_size > limit)
        {
          spa_server_route_error (&request->response, 413, "too_large",
                                  "the request body is too large");
          g_clear_pointer (&request->body, g_byte_array_unref);
          request->done = TRUE;
          /* Mid-body, libmicrohttpd takes no response: drop the connection. */
          return MHD_NO;
        }
      g_byte_array_append (request->body, (const guint8 *)upload_data, *upload_data_size);
      *upload_data_size = 0;
      return MHD_YES;
    }

  request->reading = FALSE;
  request->request.body = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
  return start_work (self, request);
}

/**
 * spa_server_new:
 * @store: the server's database
 * @certificate: (nullable): serve HTTPS (TLS 1.2 or later) with this certificate
 *
 * Returns: (transfer full): a new server, not yet listening
 */
SpaServer *
spa_server_new (SpaStore        *store,
                GTlsCertificate *certificate)
{
  SpaServer *self = g_object_new (SPA_TYPE_SERVER, NULL);

  self->store = g_object_ref (store);
  if (certificate != NULL)
    {
      GString *chain = g_string_new (NULL);

      /* The certificate and its issuers, as libmicrohttpd takes them: PEM text. */
      for (GTlsCertificate *c = certificate; c != NULL; c = g_tls_certificate_get_issuer (c))
        {
          g_autofree char *pem = NULL;

          g_object_get (c, "certificate-pem", &pem, NULL);
          if (pem != NULL)
            g_string_append (chain, pem);
        }
      self->cert_pem = g_string_free (chain, FALSE);
      g_object_get (certificate, "private-key-pem", &self->key_pem, NULL);
    }
  return self;
}

/**
 * spa_server_set_limits:
 * @max_connections: connections open at once (0: from the descriptor limit)
 * @max_per_address: connections from one address (0: no limit of its own)
 *
 * Call before spa_server_listen ().
 */
void
spa_server_set_limits (SpaServer *self,
                       guint      max_connections,
                       guint      max_per_address)
{
  g_return_if_fail (SPA_IS_SERVER (self));
  g_return_if_fail (self->daemon == NULL);

  self->max_connections = max_connections ? max_connections : default_max_connections ();
  self->max_per_address = max_per_address;
}

/**
 * spa_server_set_trusted_proxies:
 * @proxies: (element-type GInetAddressMask) (nullable): from spa_proxy_parse_trusted ()
 *
 * The reverse proxies whose X-Forwarded-For names the client (docs/deploying.md): the
 * public site's rate limit then counts per client, not per proxy. Call before
 * spa_server_listen ().
 */
void
spa_server_set_trusted_proxies (SpaServer *self,
                                GPtrArray *proxies)
{
  g_return_if_fail (SPA_IS_SERVER (self));
  g_return_if_fail (self->daemon == NULL);

  g_clear_pointer (&self->trusted_proxies, g_ptr_array_unref);
  if (proxies != NULL)
    self->trusted_proxies = g_ptr_array_ref (proxies);
}

/**
 * spa_server_set_timeouts:
 * @header_timeout: seconds for a request's headers, or idle keep-alive (0: default)
 * @body_timeout: seconds for a request body (0: default)
 *
 * Call before spa_server_listen ().
 */
void
spa_server_set_timeouts (SpaServer *self,
                         guint      header_timeout,
                         guint      body_timeout)
{
  g_return_if_fail (SPA_IS_SERVER (self));
  g_return_if_fail (self->daemon == NULL);

  self->header_timeout = header_timeout ? header_timeout : SPA_SERVER_HEADER_TIMEOUT;
  self->body_timeout = body_timeout ? body_timeout : SPA_SERVER_BODY_TIMEOUT;
}

/**
 * spa_server_start_mail:
 * @config: (transfer full): the SMTP server and the spa's address
 *
 * Queues the spa's e-mails from now on and sends them (spa-server-mail.c) until
 * spa_server_disconnect (). Call before spa_server_listen ().
 */
void
spa_server_start_mail (SpaServer     *self,
                       SpaMailConfig *config)
{
  g_return_if_fail (SPA_IS_SERVER (self));
  g_return_if_fail (self->mail == NULL);

  self->mail = spa_mail_sender_start (self->store, &self->store_lock, config);
}

/**
 * spa_server_set_time_zone:
 * @zone: the spa's time zone, for its online booking (days, working hours)
 *
 * Call before spa_server_listen ().
 */
void
spa_server_set_time_zone (SpaServer *self,
                          GTimeZone *zone)
{
  g_return_if_fail (SPA_IS_SERVER (self));
  g_return_if_fail (self->daemon == NULL);

  g_clear_pointer (&self->site, spa_public_site_free);
  self->site = spa_public_site_new (zone);
  spa_schedule_set_time_zone (self->store, zone);
}

static int
listen_socket (GInetAddress  *address,
               guint          port,
               guint         *bound_port,
               GError       **error)
{
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, port);
  struct sockaddr_storage native;
  socklen_t native_length = sizeof native;
  int family = g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 ? AF_INET6 : AF_INET;
  int one = 1;
  int fd;

  if (!g_socket_address_to_native (socket_address, &native, sizeof native, error))
    return -1;
  fd = socket (family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0)
    goto failed;
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (family == AF_INET6)
    setsockopt (fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  /* A burst of devices waits in the backlog instead of being refused. */
  if (bind (fd, (struct sockaddr *)&native,
            g_socket_address_get_native_size (socket_address)) != 0 ||
      listen (fd, SPA_SERVER_BACKLOG) != 0 ||
      getsockname (fd, (struct sockaddr *)&native, &native_length) != 0)
    goto failed;

  *bound_port = ntohs (family == AF_INET6 ? ((struct sockaddr_in6 *)&native)->sin6_port
                                          : ((struct sockaddr_in *)&native)->sin_port);
  return fd;

failed:
  {
    int saved = errno;

    if (fd >= 0)
      close (fd);
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
    return -1;
  }
}

gboolean
spa_server_listen (SpaServer   *self,
                   const char  *host,
                   guint        port,
                   GError     **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);
  g_autofree char *host_text = NULL;
  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME;
  guint bound_port = 0;

  g_return_val_if_fail (SPA_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->daemon == NULL, FALSE);

  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", host);
      return FALSE;
    }
  if (self->cert_pem != NULL && MHD_is_feature_supported (MHD_FEATURE_TLS) != MHD_YES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "this libmicrohttpd was built without TLS");
      return FALSE;
    }

  self->listen_fd = listen_socket (address, port, &bound_port, error);
  if (self->listen_fd < 0)
    return FALSE;
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    flags |= MHD_USE_IPv6;
  if (self->cert_pem != NULL)
    flags |= MHD_USE_TLS;

  self->workers = g_thread_pool_new (work_cb, self, WORKER_THREADS, FALSE, NULL);
  self->watchdog = g_thread_new ("spa-server-watchdog", watchdog_thread, self);

  {
    struct MHD_OptionItem options[11] = {
      { MHD_OPTION_LISTEN_SOCKET, self->listen_fd, NULL },
      { MHD_OPTION_CONNECTION_LIMIT, self->max_connections, NULL },
      { MHD_OPTION_PER_IP_CONNECTION_LIMIT, self->max_per_address, NULL },
      { MHD_OPTION_CONNECTION_TIMEOUT, SPA_SERVER_IDLE_TIMEOUT, NULL },
      { MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)notify_connection_cb, self },
      { MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)request_completed_cb, self },
    };
    guint n = 6;

    if (self->cert_pem != NULL)
      {
        /* TLS 1.2 and 1.3 only. */
        options[n++] = (struct MHD_OptionItem) { MHD_OPTION_HTTPS_MEM_CERT, 0, self->cert_pem };
        options[n++] = (struct MHD_OptionItem) { MHD_OPTION_HTTPS_MEM_KEY, 0, self->key_pem };
        options[n++] = (struct MHD_OptionItem) { MHD_OPTION_HTTPS_PRIORITIES, 0,
                                                 (void *)"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2" };
      }
    options[n] = (struct MHD_OptionItem) { MHD_OPTION_END, 0, NULL };

    self->daemon = MHD_start_daemon (flags, 0, NULL, NULL, access_cb, self,
                                     MHD_OPTION_ARRAY, options, MHD_OPTION_END);
  }

  if (self->daemon == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   self->cert_pem ? "could not start HTTPS: is the key the certificate's?"
                                  : "could not start the HTTP server");
      spa_server_disconnect (self);
      return FALSE;
    }

  host_text = g_inet_address_to_string (address);
  g_clear_pointer (&self->url, g_free);
  self->url = g_strdup_printf (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6
                                 ? "%s://[%s]:%u" : "%s://%s:%u",
                               self->cert_pem ? "https" : "http", host_text, bound_port);
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
  g_return_val_if_fail (self->url != NULL, NULL);

  return g_strdup (self->url);
}

/**
 * spa_server_disconnect:
 *
 * Stops accepting, lets the requests being worked on finish (each push is committed
 * before its response), then closes every connection.
 */
void
spa_server_disconnect (SpaServer *self)
{
  g_return_if_fail (SPA_IS_SERVER (self));

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  if (self->daemon != NULL)
    {
      MHD_socket fd = MHD_quiesce_daemon (self->daemon);

      if (fd != MHD_INVALID_SOCKET)
        self->listen_fd = fd;
      /* libmicrohttpd must not be stopped with a suspended connection. */
      g_mutex_lock (&self->lock);
      while (self->working > 0)
        g_cond_wait (&self->cond, &self->lock);
      g_mutex_unlock (&self->lock);
      MHD_stop_daemon (self->daemon);
      self->daemon = NULL;
    }
  if (self->workers != NULL)
    g_thread_pool_free (g_steal_pointer (&self->workers), FALSE, TRUE);
  g_clear_pointer (&self->mail, spa_mail_sender_stop);
  if (self->watchdog != NULL)
    g_thread_join (g_steal_pointer (&self->watchdog));
  if (self->listen_fd >= 0)
    {
      close (self->listen_fd);
      self->listen_fd = -1;
    }
}
