/* spa-sync-http.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-sync-engine"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "spa-json.h"
#include "spa-sync-engine.h"
#include "spa-sync-http.h"
#include "spa-util.h"

/**
 * spa_sync_http_is_plain_remote:
 * @url: a server address
 *
 * Whether @url is plain `http://` to another machine: tokens, notes and intake answers
 * would cross the network unencrypted. `http://` to this machine (localhost, 127.x,
 * ::1) is not.
 */
gboolean
spa_sync_http_is_plain_remote (const char *url)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (uri == NULL || g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;
  host = g_uri_get_host (uri);
  if (host == NULL || g_ascii_strcasecmp (host, "localhost") == 0)
    return FALSE;
  address = g_inet_address_new_from_string (host);
  return address == NULL || !g_inet_address_get_is_loopback (address);
}

static SoupMessage *
new_message (const char *base_url,
             const char *token,
             const char *method,
             const char *path)
{
  g_autofree char *uri = NULL;
  g_autofree char *auth = NULL;
  SoupMessage *msg;

  /* Signed out while a run was under way. */
  if (base_url == NULL)
    return NULL;
  uri = g_strconcat (base_url, path, NULL);
  auth = g_strconcat ("Bearer ", token ? token : "", NULL);
  msg = soup_message_new (method, uri);
  if (msg == NULL)
    return NULL;
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  /* The server answers a refused push (token, size) before the body is sent. */
  if (g_str_equal (method, "POST"))
    soup_message_headers_set_expectations (soup_message_get_request_headers (msg),
                                           SOUP_EXPECTATION_CONTINUE);
  return msg;
}

/**
 * spa_sync_http_request:
 * @base_url: (nullable): the server's address, %NULL when no server is set up
 * @token: (nullable): the signed-in user's token
 * @need_token: whether to refuse the request without a token; a sync run sends it
 *   anyway, and the server's 401 asks for a sign-in
 * @method: the HTTP method
 * @path: the path (and query) under @base_url
 * @error: return location for a #SPA_SYNC_ERROR_NOT_CONFIGURED error
 *
 * Builds every request the desk makes to its server, with the token and the headers.
 *
 * Returns: (transfer full) (nullable): the message, or %NULL with @error set when no one
 *   is connected (with @need_token) or @base_url and @path make no address
 */
SoupMessage *
spa_sync_http_request (const char  *base_url,
                       const char  *token,
                       gboolean     need_token,
                       const char  *method,
                       const char  *path,
                       GError     **error)
{
  SoupMessage *msg;

  if (need_token && (base_url == NULL || spa_str_empty (token)))
    {
      g_set_error_literal (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_NOT_CONFIGURED,
                           _("Connect this desk to the spa server in Preferences first."));
      return NULL;
    }
  msg = new_message (base_url, token, method, path);
  if (msg == NULL)
    g_set_error_literal (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_NOT_CONFIGURED,
                         _("The sync server address is not valid."));
  return msg;
}

/* A full resync walks the compacted log from 0; its cursors are older than the
 * compaction by nature, and it reconciles the purged tombstones at the end. */
char *
spa_sync_http_pull_path (gint64   since,
                         guint    limit,
                         gboolean full)
{
  return g_strdup_printf ("/v1/sync/pull?since=%" G_GINT64_FORMAT "&limit=%u%s",
                          since, limit, full ? "&full=1" : "");
}

/* ---- one exchange: bounded in bytes and in time, no redirects ---- */

/*
 * libsoup's own timeout is per read: a server trickling a byte now and then keeps an
 * exchange alive for ever, and send_and_read() takes a body of any size into memory.
 * Here an exchange has a deadline for the whole of it and reads at most
 * SPA_SYNC_MAX_BODY bytes. Redirects are not followed: the desk talks to the address it
 * was given, with its token, and says where the server wanted to send it instead.
 */

typedef struct
{
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *data;
  GCancellable *cancellable;  /* ours: cancelled by the deadline or the caller's */
  GCancellable *outer;
  gulong        outer_id;
  GSource      *deadline_source;
  guint         deadline;
  guint         timeout;      /* the session's, for one read or write */
  gboolean      timed_out;
} Exchange;

static void
exchange_free (Exchange *exchange)
{
  if (exchange->outer != NULL)
    g_cancellable_disconnect (exchange->outer, exchange->outer_id);
  g_clear_object (&exchange->outer);
  if (exchange->deadline_source != NULL)
    {
      g_source_destroy (exchange->deadline_source);
      g_source_unref (exchange->deadline_source);
    }
  g_clear_object (&exchange->msg);
  g_clear_object (&exchange->stream);
  g_clear_pointer (&exchange->data, g_byte_array_unref);
  g_clear_object (&exchange->cancellable);
  g_free (exchange);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Exchange *exchange = user_data;

  exchange->timed_out = TRUE;
  g_cancellable_cancel (exchange->cancellable);
  return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/* Text from a peer, fit for one line of the status: valid UTF-8, no control
 * characters, not too long. */
static char *
tidy_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p != '\0' && n < 200; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  if (*valid != '\0' && n >= 200 && g_utf8_strlen (valid, -1) > 200)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static void
exchange_fail (GTask  *task,
               GError *error)
{
  Exchange *exchange = g_task_get_task_data (task);

  /* A server reached but silent, or too slow to finish, is "not answering": neither
   * the network's fault nor an error the server said. */
  if (exchange->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      error = g_error_new (SPA_SYNC_ERROR, SPA_SYNC_ERROR_TIMED_OUT,
                           _("The sync server did not finish answering within %u seconds."),
                           exchange->deadline);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_clear_error (&error);
      error = g_error_new (SPA_SYNC_ERROR, SPA_SYNC_ERROR_TIMED_OUT,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "The sync server is not answering: "
                                        "nothing came for %u second.",
                                        "The sync server is not answering: "
                                        "nothing came for %u seconds.",
                                        exchange->timeout),
                           exchange->timeout);
    }
  else if (error->domain != SPA_SYNC_ERROR)
    {
      GError *mapped;

      /* Before an answer, the server is out of reach; after it, it broke off. */
      if (exchange->stream == NULL)
        mapped = g_error_new (SPA_SYNC_ERROR, SPA_SYNC_ERROR_NETWORK,
                              _("The sync server cannot be reached: %s"), error->message);
      else
        mapped = g_error_new (SPA_SYNC_ERROR, SPA_SYNC_ERROR_SERVER,
                              _("The sync server broke off its answer: %s"), error->message);
      g_clear_error (&error);
      error = mapped;
    }
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void read_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
read_more (GTask *task)
{
  Exchange *exchange = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (exchange->stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   exchange->cancellable, read_cb, task);
}

static GError *
too_large_error (goffset size)
{
  g_autofree char *limit = g_format_size_full (SPA_SYNC_MAX_BODY, G_FORMAT_SIZE_IEC_UNITS);

  if (size > 0)
    {
      g_autofree char *have = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);

      return g_error_new (SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                          _("The sync server sent a reply of %s; this desk reads at most %s."),
                          have, limit);
    }
  return g_error_new (SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                      _("The sync server sent a reply larger than %s, which this desk does not read."),
                      limit);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *exchange = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      exchange_fail (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&exchange->data)),
                             (GDestroyNotify)g_bytes_unref);
      g_object_unref (task);
      return;
    }
  if (exchange->data->len + g_bytes_get_size (chunk) > SPA_SYNC_MAX_BODY)
    {
      exchange_fail (task, too_large_error (0));
      return;
    }
  g_byte_array_append (exchange->data, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  read_more (task);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Exchange *exchange = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;
  guint status;

  exchange->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (exchange->stream == NULL)
    {
      exchange_fail (task, error);
      return;
    }

  status = soup_message_get_status (exchange->msg);
  headers = soup_message_get_response_headers (exchange->msg);
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      g_autofree char *location = tidy_text (soup_message_headers_get_one (headers, "Location"));

      exchange_fail (task, g_error_new (SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                                        _("The sync server sends this desk to another address (%u: “%s”). "
                                          "If the server has moved, enter its new address in Preferences."),
                                        status, location));
      return;
    }
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > SPA_SYNC_MAX_BODY)
    {
      exchange_fail (task, too_large_error (soup_message_headers_get_content_length (headers)));
      return;
    }
  read_more (task);
}

/**
 * spa_sync_http_send_async:
 * @msg: a message from spa_sync_http_request(), its body set
 * @deadline: seconds the whole exchange may take; 0 for %SPA_SYNC_DEADLINE
 *
 * Sends @msg and reads its reply, at most %SPA_SYNC_MAX_BODY bytes, within @deadline.
 * A redirect is an error. The deadline runs on the thread-default main context.
 */
void
spa_sync_http_send_async (SoupSession         *session,
                          SoupMessage         *msg,
                          guint                deadline,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;
  Exchange *exchange;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (msg));

  exchange = g_new0 (Exchange, 1);
  exchange->msg = g_object_ref (msg);
  exchange->data = g_byte_array_new ();
  exchange->cancellable = g_cancellable_new ();
  exchange->deadline = deadline > 0 ? deadline : SPA_SYNC_DEADLINE;
  g_object_get (session, "timeout", &exchange->timeout, NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, spa_sync_http_send_async);
  g_task_set_task_data (task, exchange, (GDestroyNotify)exchange_free);

  if (cancellable != NULL)
    {
      exchange->outer = g_object_ref (cancellable);
      exchange->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                                  exchange->cancellable, NULL);
    }
  exchange->deadline_source = g_timeout_source_new_seconds (exchange->deadline);
  g_source_set_callback (exchange->deadline_source, deadline_cb, exchange, NULL);
  g_source_set_static_name (exchange->deadline_source, "[spa-sync] deadline");
  g_source_attach (exchange->deadline_source, g_main_context_get_thread_default ());

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, exchange->cancellable, sent_cb, task);
}

/**
 * spa_sync_http_send_finish:
 *
 * Returns: (transfer full): the reply's body (maybe empty), whatever its status; on
 *   failure an error of %SPA_SYNC_ERROR, or %G_IO_ERROR_CANCELLED
 */
GBytes *
spa_sync_http_send_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Waiter;

static void
sent_sync_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  waiter->done = TRUE;
}

/**
 * spa_sync_http_send:
 *
 * spa_sync_http_send_async() for a thread of its own: it iterates the thread-default
 * main context (which @session must belong to) until the exchange ends.
 */
GBytes *
spa_sync_http_send (SoupSession   *session,
                    SoupMessage   *msg,
                    guint          deadline,
                    GCancellable  *cancellable,
                    GError       **error)
{
  GMainContext *context = g_main_context_get_thread_default ();
  Waiter waiter = { FALSE, NULL };
  GBytes *bytes;

  spa_sync_http_send_async (session, msg, deadline, cancellable, sent_sync_cb, &waiter);
  while (!waiter.done)
    g_main_context_iteration (context, TRUE);
  bytes = spa_sync_http_send_finish (waiter.result, error);
  g_object_unref (waiter.result);
  return bytes;
}

/* ---- replies ---- */

/* Replies are read with the protocol's one strict, bounded reader (spa-json.c): no
 * nesting deep enough to exhaust a stack, no bytes the protocol does not allow. */
JsonNode *
spa_sync_http_parse_body (GBytes *bytes)
{
  const SpaJsonLimits limits = { 0, SPA_SYNC_MAX_BODY, 0 };

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return NULL;
  return spa_json_parse_bytes (bytes, &limits, NULL);
}

const char *
spa_sync_http_body_string (JsonNode   *body,
                           const char *member)
{
  JsonNode *node;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return NULL;
  node = json_object_get_member (json_node_get_object (body), member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
spa_sync_http_body_int (JsonNode   *body,
                        const char *member)
{
  JsonNode *node;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return 0;
  node = json_object_get_member (json_node_get_object (body), member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

/**
 * spa_sync_http_check_response:
 * @transport_error: (nullable): how spa_sync_http_send() failed, if it did
 * @body: (out) (optional): the parsed body of a 200; %NULL when the caller reads the
 *   body itself (pull pages)
 *
 * Maps a failed exchange to an error that says what happened.
 *
 * Returns: %TRUE if the response is a 200 with a body (a JSON one if @body is asked for)
 */
gboolean
spa_sync_http_check_response (SoupMessage  *msg,
                              GBytes       *bytes,
                              GError       *transport_error,
                              JsonNode    **body,
                              GError      **error)
{
  g_autoptr(JsonNode) error_body = NULL;
  g_autofree char *message = NULL;
  guint status;

  if (transport_error != NULL)
    {
      if (transport_error->domain == SPA_SYNC_ERROR ||
          g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_error_copy (transport_error));
      else
        g_set_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_NETWORK,
                     _("The sync server cannot be reached: %s"), transport_error->message);
      return FALSE;
    }

  status = soup_message_get_status (msg);
  if (status == 200)
    {
      if (bytes == NULL || g_bytes_get_size (bytes) == 0)
        {
          g_set_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                       _("The sync server sent an empty answer."));
          return FALSE;
        }
      if (body == NULL)
        return TRUE;
      if ((*body = spa_sync_http_parse_body (bytes)) != NULL)
        return TRUE;
      g_set_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                   _("The sync server answered with something that is not a sync reply. "
                     "Check the server address in Preferences."));
      return FALSE;
    }

  error_body = spa_sync_http_parse_body (bytes);
  message = tidy_text (spa_sync_http_body_string (error_body, "message"));

  if (status == 401)
    {
      g_set_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_AUTH,
                   _("The sync server no longer accepts this sign-in. Sign in again."));
      return FALSE;
    }
  if (status >= 500 || status == 408 || status == 429)
    {
      g_set_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_SERVER,
                   _("The sync server had a problem (%u). Retrying later."), status);
      return FALSE;
    }
  if (*message == '\0')
    {
      g_free (message);
      message = tidy_text (soup_message_get_reason_phrase (msg));
    }
  if (status < 200 || status >= 300)
    g_set_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                 _("The sync server refused the request (%u): %s"), status, message);
  else
    g_set_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                 _("The sync server gave an answer this desk does not expect (%u: %s)."),
                 status, message);
  return FALSE;
}

/* A run that reached its share of pages (SPA_SYNC_MAX_PAGES): what came is kept. */
GError *
spa_sync_http_too_many_pages (void)
{
  return g_error_new (SPA_SYNC_ERROR, SPA_SYNC_ERROR_SERVER,
                      _("The sync server keeps sending more changes than one sync takes; "
                        "the rest waits for the next sync."));
}

/**
 * spa_sync_http_check_page:
 * @since: the cursor the page was asked for with
 * @limit: the most changes asked for
 *
 * Refuses a page that breaks the protocol's promises, before anything of it is
 * applied: more changes than asked (or than SPA_SYNC_MIN_PAGE when fewer were asked), a
 * cursor that goes back, or "more" without moving
 * on (asking again would bring the same page for ever).
 */
gboolean
spa_sync_http_check_page (SpaPullPage  *page,
                          gint64        since,
                          guint         limit,
                          GError      **error)
{
  gint64 cursor = spa_pull_page_get_cursor (page);
  guint n = spa_pull_page_get_n_changes (page);

  if (n > MAX (limit, SPA_SYNC_MIN_PAGE))
    {
      g_set_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                   _("The sync server sent %u changes where this desk asked for at most %u."),
                   n, limit);
      return FALSE;
    }
  if (cursor < since)
    {
      g_autofree char *sent = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);
      g_autofree char *have = g_strdup_printf ("%" G_GINT64_FORMAT, since);

      g_set_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                   _("The sync server sent a position in its log (%s) before the one this desk has (%s)."),
                   sent, have);
      return FALSE;
    }
  if (cursor == since && (n > 0 || spa_pull_page_get_has_more (page)))
    {
      g_set_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                   _("The sync server says more changes wait but does not move on in its log."));
      return FALSE;
    }
  return TRUE;
}
