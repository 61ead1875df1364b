/* spa-test-pg.c: server tests on PostgreSQL as well as SQLite
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>

#include "spa-server-storage.h"
#include "spa-test-pg.h"
#include "spa-test-util.h"

const char *
spa_test_pg_uri (void)
{
  const char *uri = g_getenv ("SPA_TEST_PG");

  return uri != NULL && *uri != '\0' ? uri : NULL;
}

void
spa_test_pg_reset (void)
{
  PGconn *conn = PQconnectdb (spa_test_pg_uri ());
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("PostgreSQL: %s", PQerrorMessage (conn));
  result = PQexec (conn, "SET client_min_messages = warning;"
                         " DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("PostgreSQL: %s", PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);
}

gint64
spa_test_pg_count (const char *sql,
                   const char *param)
{
  PGconn *conn = PQconnectdb (spa_test_pg_uri ());
  const char *params[] = { param };
  PGresult *result;
  gint64 count;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("PostgreSQL: %s", PQerrorMessage (conn));
  result = PQexecParams (conn, sql, param != NULL ? 1 : 0, NULL, params, NULL, NULL, 0);
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("PostgreSQL: %s", PQresultErrorMessage (result));
  count = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  PQfinish (conn);
  return count;
}

char *
spa_test_pg_exec (const char *sql)
{
  PGconn *conn = PQconnectdb (spa_test_pg_uri ());
  PGresult *result;
  char *message = NULL;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("PostgreSQL: %s", PQerrorMessage (conn));
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    message = g_strdup (PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);
  return message;
}

SpaStore *
spa_test_open_server_store (char **dir_out)
{
  g_autoptr(GError) error = NULL;
  SpaStore *store;

  if (spa_test_pg_uri () == NULL)
    return spa_test_open_store (dir_out);

  spa_test_pg_reset ();
  *dir_out = NULL;
  store = spa_server_storage_pg_open (spa_test_pg_uri (), &error);
  g_assert_no_error (error);
  return store;
}
