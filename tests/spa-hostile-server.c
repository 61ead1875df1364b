/* spa-hostile-server.c: a sync server that misbehaves on purpose, for the engine's tests
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "spa-hostile-server.h"

/*
 * Modes (the first segment of the path):
 *   ok           pushes applied, one page of one client
 *   e400         400 to everything, the whole request refused (a proxy, say)
 *   e500         500 to everything
 *   pushgarbage  a push answered 200 with HTML; pulls fine
 *   pushnothing  a push answered 200 with no results
 *   gone         410 to every pull
 *   trickle      headers, then a byte every 200 ms, for ever
 *   silent       the request read, then nothing at all: no status, no headers
 *   climb        "more" on every page, the cursor one further each time
 *   stall        "more" on every page, the cursor always 5
 *   backwards    "more" on every page, the cursor going down to -5
 *   huge         twice as many changes as the `limit` asked for
 *   hugebody     a 40 MiB page, its length announced
 *   hugechunked  the same, chunked, without a length
 *   redirect     a redirect to the address given to spa_hostile_server_redirect_to()
 *                (307 for a push, 302 for a pull)
 *   deep         a push answered 200 and a pull 500, with 200 000 nested arrays
 *   dangling     a page with a booking of a client that does not exist anywhere
 *   held         pages of one client with "more" (cursor 1, then 2); the third page is
 *                held until spa_hostile_server_release(), then ends the log (cursor 3)
 */

struct _SpaHostileServer
{
  SoupServer *soup;
  char       *base;
  char       *redirect;
  GHashTable *requests;   /* "MODE METHOD" → count */
  GPtrArray  *trickling;  /* SoupServerMessage being trickled */
  SoupServerMessage *held; /* the "held" mode's third page, paused */
  gboolean           released;
  guint64     bytes_sent;
};

#define HUGE_BODY (40 * 1024 * 1024)
#define DEEP      200000

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
}

static char *
client_record (gint64 i)
{
  return g_strdup_printf ("{\"id\": \"srv-c-%" G_GINT64_FORMAT "\", \"version\": %" G_GINT64_FORMAT ","
                          " \"created_at\": \"2026-01-01T00:00:00Z\", \"updated_at\": \"2026-01-01T00:00:00Z\","
                          " \"deleted\": false, \"first_name\": \"Srv%" G_GINT64_FORMAT "\","
                          " \"last_name\": \"Client\"}", i, i + 1, i);
}

/* A page of @n clients, numbered from @first. */
static char *
page_of_clients (gint64   first,
                 guint    n,
                 gint64   cursor,
                 gboolean has_more)
{
  GString *page = g_string_new ("{\"changes\": [");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *record = client_record (first + i);

      g_string_append_printf (page, "%s{\"seq\": %" G_GINT64_FORMAT ", \"entity\": \"client\", \"record\": %s}",
                              i > 0 ? ", " : "", first + i + 1, record);
    }
  g_string_append_printf (page, "], \"cursor\": %" G_GINT64_FORMAT ", \"has_more\": %s}",
                          cursor, has_more ? "true" : "false");
  return g_string_free (page, FALSE);
}

static char *
push_applied (SoupServerMessage *msg)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) out = g_string_new ("{\"results\": [");
  gint64 last = 0;

  node = json_from_string (request->data ? request->data : "", NULL);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
      json_object_has_member (json_node_get_object (node), "mutations"))
    {
      JsonArray *mutations = json_object_get_array_member (json_node_get_object (node), "mutations");

      for (guint i = 0; i < json_array_get_length (mutations); i++)
        {
          last = json_object_get_int_member (json_array_get_object_element (mutations, i), "mutation_id");
          g_string_append_printf (out, "%s{\"mutation_id\": %" G_GINT64_FORMAT ", \"status\": \"applied\","
                                  " \"version\": %u}", i > 0 ? ", " : "", last, 100 + i);
        }
    }
  g_string_append_printf (out, "], \"last_mutation_id\": %" G_GINT64_FORMAT "}", last);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
deep_text (void)
{
  char *text = g_malloc (2 * DEEP + 1);

  memset (text, '[', DEEP);
  memset (text + DEEP, ']', DEEP);
  text[2 * DEEP] = '\0';
  return text;
}

static gboolean
trickle_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;

  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (msg);
  return G_SOURCE_CONTINUE;
}

static void
trickle_finished_cb (SoupServerMessage *msg,
                     gpointer           user_data)
{
  SpaHostileServer *self = user_data;

  g_source_remove_by_user_data (msg);
  g_ptr_array_remove (self->trickling, msg);
}

static void
trickle (SpaHostileServer  *self,
         SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_set_content_length (headers, 100000);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, " ", 1);
  g_ptr_array_add (self->trickling, msg);
  g_signal_connect (msg, "finished", G_CALLBACK (trickle_finished_cb), self);
  g_timeout_add (200, trickle_cb, msg);
}

static void
huge_body (SoupServerMessage *msg,
           gboolean           announce)
{
  static const char head[] = "{\"changes\": [], \"cursor\": 1, \"has_more\": false, \"pad\": \"";
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) chunk = NULL;
  char *pad = g_malloc (1024 * 1024);

  memset (pad, 'x', 1024 * 1024);
  chunk = g_bytes_new_take (pad, 1024 * 1024);
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  if (announce)
    soup_message_headers_set_content_length (headers, strlen (head) + HUGE_BODY + 2);
  else
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, head, strlen (head));
  /* The same megabyte forty times: no copy. */
  for (guint i = 0; i < HUGE_BODY / (1024 * 1024); i++)
    soup_message_body_append_bytes (body, chunk);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, "\"}", 2);
  soup_message_body_complete (body);
}

static void
wrote_body_data_cb (SoupServerMessage *msg,
                    guint              chunk_size,
                    gpointer           user_data)
{
  SpaHostileServer *self = user_data;

  self->bytes_sent += chunk_size;
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  SpaHostileServer *self = user_data;
  g_auto(GStrv) parts = g_strsplit (path, "/", 3);
  const char *mode = parts[0] && parts[1] ? parts[1] : "";
  const char *rest = parts[0] && parts[1] && parts[2] ? parts[2] : "";
  const char *method = soup_server_message_get_method (msg);
  gboolean push = g_str_has_suffix (rest, "/push");
  const char *since_text = query ? g_hash_table_lookup (query, "since") : NULL;
  const char *limit_text = query ? g_hash_table_lookup (query, "limit") : NULL;
  gint64 since = since_text ? g_ascii_strtoll (since_text, NULL, 10) : 0;
  guint limit = limit_text ? (guint)g_ascii_strtoull (limit_text, NULL, 10) : 500;
  g_autofree char *key = g_strdup_printf ("%s %s", mode, method);

  g_hash_table_insert (self->requests, g_strdup (key),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->requests, key)) + 1));
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), self);

  if (g_str_equal (mode, "ok"))
    respond (msg, 200, "application/json",
             push ? push_applied (msg) : page_of_clients (0, since < 1 ? 1 : 0, MAX (since, 1), FALSE));
  else if (g_str_equal (mode, "e400"))
    respond (msg, 400, "application/json", g_strdup ("{\"error\": \"bad_request\", \"message\": \"always\"}"));
  else if (g_str_equal (mode, "e500"))
    respond (msg, 500, "application/json", g_strdup ("{\"error\": \"server_error\", \"message\": \"down\"}"));
  else if (g_str_equal (mode, "pushgarbage") && push)
    respond (msg, 200, "text/html", g_strdup ("<html>oops</html>"));
  else if (g_str_equal (mode, "pushnothing") && push)
    respond (msg, 200, "application/json", g_strdup ("{\"results\": []}"));
  else if (g_str_equal (mode, "gone") && !push)
    respond (msg, 410, "application/json", g_strdup ("{\"error\": \"resync_required\", \"message\": \"again\"}"));
  else if (g_str_equal (mode, "trickle"))
    trickle (self, msg);
  else if (g_str_equal (mode, "silent"))
    soup_server_message_pause (msg);
  else if (g_str_equal (mode, "climb") && !push)
    respond (msg, 200, "application/json", page_of_clients (since % 1000, 1, since + 1, TRUE));
  else if (g_str_equal (mode, "stall") && !push)
    respond (msg, 200, "application/json", page_of_clients (1, 1, 5, TRUE));
  else if (g_str_equal (mode, "backwards") && !push)
    respond (msg, 200, "application/json", page_of_clients (1, 0, MAX (since - 1, -5), TRUE));
  else if (g_str_equal (mode, "huge") && !push)
    respond (msg, 200, "application/json", page_of_clients (0, 2 * limit, 2 * limit, FALSE));
  else if ((g_str_equal (mode, "hugebody") || g_str_equal (mode, "hugechunked")) && !push)
    huge_body (msg, g_str_equal (mode, "hugebody"));
  else if (g_str_equal (mode, "redirect") && self->redirect != NULL)
    {
      g_autofree char *target = g_strconcat (self->redirect, "/", rest,
                                             since_text ? "?since=" : "", since_text ? since_text : "",
                                             NULL);

      soup_server_message_set_redirect (msg, push ? 307 : 302, target);
    }
  else if (g_str_equal (mode, "held") && !push && since < 2)
    respond (msg, 200, "application/json", page_of_clients (since, 1, since + 1, TRUE));
  else if (g_str_equal (mode, "held") && !push && since == 2 && !self->released)
    {
      g_clear_object (&self->held);
      self->held = g_object_ref (msg);
      soup_server_message_pause (msg);
    }
  else if (g_str_equal (mode, "held") && !push)
    respond (msg, 200, "application/json",
             page_of_clients (2, since == 2 ? 1 : 0, MAX (since, 3), FALSE));
  else if (g_str_equal (mode, "deep"))
    respond (msg, push ? 200 : 500, "application/json", deep_text ());
  else if (g_str_equal (mode, "dangling") && !push)
    respond (msg, 200, "application/json",
             g_strdup ("{\"changes\": [{\"seq\": 1, \"entity\": \"booking\", \"record\": {\"id\": \"hb-1\","
                       " \"version\": 1, \"created_at\": \"2026-01-01T00:00:00Z\", \"updated_at\": \"2026-01-01T00:00:00Z\","
                       " \"deleted\": false, \"client_id\": \"nobody\", \"therapist_id\": \"nobody\","
                       " \"service_id\": \"nothing\", \"starts_at\": \"2026-12-01T10:00:00Z\","
                       " \"ends_at\": \"2026-12-01T11:00:00Z\", \"status\": \"booked\"}}],"
                       " \"cursor\": 1, \"has_more\": false}"));
  else
    respond (msg, 200, "application/json",
             push ? push_applied (msg) : page_of_clients (0, since < 1 ? 1 : 0, MAX (since, 1), FALSE));
}

/**
 * spa_hostile_server_release:
 *
 * Answers the "held" mode's third page: the last one, one more client.
 *
 * Returns: whether a page was held
 */
gboolean
spa_hostile_server_release (SpaHostileServer *self)
{
  g_autoptr(SoupServerMessage) msg = g_steal_pointer (&self->held);

  self->released = TRUE;
  if (msg == NULL)
    return FALSE;
  respond (msg, 200, "application/json", page_of_clients (2, 1, 3, FALSE));
  soup_server_message_unpause (msg);
  return TRUE;
}

SpaHostileServer *
spa_hostile_server_new (void)
{
  SpaHostileServer *self = g_new0 (SpaHostileServer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  self->soup = soup_server_new (NULL, NULL);
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->trickling = g_ptr_array_new ();
  soup_server_add_handler (self->soup, NULL, handle_cb, self, NULL);
  soup_server_listen_local (self->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->soup);
  self->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  return self;
}

void
spa_hostile_server_free (SpaHostileServer *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->trickling->len; i++)
    g_source_remove_by_user_data (self->trickling->pdata[i]);
  soup_server_disconnect (self->soup);
  g_clear_object (&self->held);
  g_clear_object (&self->soup);
  g_ptr_array_unref (self->trickling);
  g_hash_table_unref (self->requests);
  g_free (self->base);
  g_free (self->redirect);
  g_free (self);
}

/**
 * spa_hostile_server_url:
 *
 * Returns: (transfer full): the server address a device uses for @mode
 */
char *
spa_hostile_server_url (SpaHostileServer *self,
                        const char       *mode)
{
  return g_strconcat (self->base, "/", mode, NULL);
}

/* How many requests @mode received with @method ("GET" or "POST"). */
guint
spa_hostile_server_requests (SpaHostileServer *self,
                             const char       *mode,
                             const char       *method)
{
  g_autofree char *key = g_strdup_printf ("%s %s", mode, method);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->requests, key));
}

/* How many bytes of response bodies were written to the sockets. */
guint64
spa_hostile_server_bytes_sent (SpaHostileServer *self)
{
  return self->bytes_sent;
}

/* Where the `redirect` mode sends devices: another server's address for a mode. */
void
spa_hostile_server_redirect_to (SpaHostileServer *self,
                                const char       *url)
{
  g_free (self->redirect);
  self->redirect = g_strdup (url);
}
