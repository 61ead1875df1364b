/* spa-test-server.c: the sync server started as the tests start it
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-test-server.h"

SpaServer *
spa_test_server_start (SpaStore   *store,
                       GTimeZone  *zone,
                       char      **url_out)
{
  g_autoptr(GError) error = NULL;
  SpaServer *server = spa_server_new (store, NULL);

  if (zone != NULL)
    spa_server_set_time_zone (server, zone);
  spa_server_listen (server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  *url_out = spa_server_get_url (server);
  return server;
}
