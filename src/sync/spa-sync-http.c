/* spa-sync-http.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-sync-engine"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "spa-sync-engine.h"
#include "spa-sync-http.h"

SoupMessage *
spa_sync_http_message (const char *base_url,
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

JsonNode *
spa_sync_http_parse_body (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (bytes == NULL || g_bytes_get_size (bytes) == 0 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
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
 * @body: (out) (optional): the parsed body of a 200; %NULL when the caller reads the
 *   body itself (pull pages)
 *
 * Maps a failed exchange to an error.
 *
 * Returns: %TRUE if the response is a 200 with a body
 */
gboolean
spa_sync_http_check_response (SoupMessage  *msg,
                              GBytes       *bytes,
                              GError       *transport_error,
                              JsonNode    **body,
                              GError      **error)
{
  g_autoptr(JsonNode) error_body = NULL;
  guint status;

  if (transport_error != NULL)
    {
      g_set_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_NETWORK,
                   _("The sync server cannot be reached: %s"), transport_error->message);
      return FALSE;
    }

  status = soup_message_get_status (msg);
  if (status == 200 && bytes != NULL && g_bytes_get_size (bytes) > 0)
    {
      if (body == NULL)
        return TRUE;
      if ((*body = spa_sync_http_parse_body (bytes)) != NULL)
        return TRUE;
    }
  else
    error_body = spa_sync_http_parse_body (bytes);

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

  {
    const char *message = spa_sync_http_body_string (error_body, "message");

    g_set_error (error, SPA_SYNC_ERROR, SPA_SYNC_ERROR_PROTOCOL,
                 _("The sync server refused the request (%u): %s"), status,
                 message ? message : soup_message_get_reason_phrase (msg));
  }
  return FALSE;
}
