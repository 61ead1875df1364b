/* spa-server-route.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "spa-server-sync.h"
#include "spa-store.h"

typedef struct _SpaPublicSite SpaPublicSite;

G_BEGIN_DECLS

/* One request as the routes see it, whatever HTTP library read it. */
typedef struct
{
  const char *method;
  const char *path;
  GHashTable *query;               /* (nullable) name → value */
  const char *authorization;       /* the Authorization header, if exactly one */
  guint       authorization_count;
  gint64      content_length;      /* -1 when the length is not announced */
  const char *peer;                /* the client's address, as text */
  const char *accept_language;     /* (nullable) */
  SpaPublicSite *site;             /* the public booking site's state */
  gsize       max_body;            /* set by the routes: 0 is SPA_SERVER_MAX_BODY */

  /* Set by spa_server_route_headers () */
  SpaRole     role;
  char       *user_name;

  /* Set by the transport before spa_server_route_work (), when a body was read */
  GBytes     *body;
} SpaServerRequest;

typedef struct
{
  guint       status;
  const char *content_type;
  char       *body;                /* (owned) */
  gsize       length;
  gboolean    unauthorized;        /* add a WWW-Authenticate challenge */
  guint       retry_after;         /* seconds, for a 429 */
  gboolean    page;                /* a public page: Content-Security-Policy and kin */
  gboolean    cacheable;           /* a static file of the page */
  const char *page_language;       /* "en" or "fr" */
} SpaServerResponse;

typedef enum
{
  SPA_SERVER_ROUTE_RESPOND,        /* the response is ready; read no body */
  SPA_SERVER_ROUTE_READ_BODY,      /* read at most SPA_SERVER_MAX_BODY, then work */
  SPA_SERVER_ROUTE_WORK,           /* no body needed: work now */
} SpaServerRouteNext;

SpaServerRouteNext spa_server_route_headers (SpaStore          *store,
                                             GMutex            *store_lock,
                                             SpaServerRequest  *request,
                                             SpaServerResponse *response);
void               spa_server_route_work    (SpaStore          *store,
                                             GMutex            *store_lock,
                                             SpaServerRequest  *request,
                                             SpaServerResponse *response);
void               spa_server_route_error   (SpaServerResponse *response,
                                             guint              status,
                                             const char        *code,
                                             const char        *message);
void               spa_server_respond       (SpaServerResponse *response,
                                             guint              status,
                                             const char        *content_type,
                                             char              *body,
                                             gsize              length);
void               spa_server_respond_json  (SpaServerResponse *response,
                                             guint              status,
                                             JsonNode          *node);
void               spa_server_request_clear (SpaServerRequest  *request);
void               spa_server_response_clear (SpaServerResponse *response);

G_END_DECLS
