/* spa-test-pg.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-store.h"

G_BEGIN_DECLS

/* The PostgreSQL database build-aux/pg-run started for this test (SPA_TEST_PG), or
 * %NULL: the test then runs on SQLite. */
const char *spa_test_pg_uri          (void);
/* Empties that database: every table of the server's schema goes. */
void        spa_test_pg_reset        (void);
/* The first column of @sql's first row ($1 bound to @param), as an integer. */
gint64      spa_test_pg_count        (const char *sql,
                                      const char *param);
/* Runs @sql: %NULL when it succeeded, else PostgreSQL's message. */
char       *spa_test_pg_exec         (const char *sql);
/* A server store: on PostgreSQL (emptied first) when the test runs there, else a
 * SQLite file in a new folder (*dir_out, NULL on PostgreSQL). */
SpaStore   *spa_test_open_server_store (char **dir_out);

G_END_DECLS
