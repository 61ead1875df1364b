/* spa-bench.c: spa-desk-bench, the data generator and the benchmarks
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-bench"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spa-bench-figures.h"
#include "spa-bench-generate.h"
#include "spa-bench-import.h"
#include "spa-bench-load.h"
#include "spa-store-private.h"

static int
generate_main (int    argc,
               char **argv)
{
  g_autofree char *data_dir = NULL;
  gint clients = 100000, bookings = 1000000, notes = 300000, seed = 1;
  gint therapists = 20, rooms = 8, years = 10;
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Where to create the database", "DIR" },
    { "clients", 0, 0, G_OPTION_ARG_INT, &clients, "Clients (100000)", "N" },
    { "bookings", 0, 0, G_OPTION_ARG_INT, &bookings, "Bookings (1000000)", "N" },
    { "notes", 0, 0, G_OPTION_ARG_INT, &notes, "Signed session notes (300000)", "N" },
    { "therapists", 0, 0, G_OPTION_ARG_INT, &therapists, "Therapists (20)", "N" },
    { "rooms", 0, 0, G_OPTION_ARG_INT, &rooms, "Rooms (8)", "N" },
    { "years", 0, 0, G_OPTION_ARG_INT, &years, "Years of bookings (10)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (1)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- make a spa chain's data");
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaStore) store = NULL;
  g_autofree char *path = NULL;
  SpaBenchSizes sizes;
  SpaBenchGenerated made;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("spa-desk-bench generate: %s\n", error->message);
      return 2;
    }
  if (data_dir == NULL || clients < 1 || bookings < 0 || notes < 0 || therapists < 1 ||
      rooms < 0 || years < 1)
    {
      g_printerr ("spa-desk-bench generate: give --data-dir and positive sizes\n");
      return 2;
    }

  path = spa_store_default_path (data_dir);
  store = spa_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("spa-desk-bench generate: %s\n", error->message);
      return 1;
    }

  /* The generator touches every index page many times over: keep them in memory. Its
   * few huge transactions are written once, to the database, instead of once to the
   * write-ahead log and again by its checkpoints; if it fails, the data is thrown away
   * anyway. The app's settings come back with the next spa_store_open(). */
  if (!spa_store_exec (store,
                       "PRAGMA cache_size = -1000000;"
                       "PRAGMA journal_mode = MEMORY;"
                       "PRAGMA synchronous = OFF;", &error))
    {
      g_printerr ("spa-desk-bench generate: %s\n", error->message);
      return 1;
    }

  sizes = (SpaBenchSizes) { clients, bookings, notes, therapists, rooms, years, seed };
  if (!spa_bench_generate (store, &sizes, &made, &error))
    {
      g_printerr ("spa-desk-bench generate: %s\n", error->message);
      return 1;
    }

  if (!spa_store_exec (store, "PRAGMA journal_mode = WAL", &error))
    {
      g_printerr ("spa-desk-bench generate: %s\n", error->message);
      return 1;
    }

  g_print ("generated %" G_GINT64_FORMAT " clients, %" G_GINT64_FORMAT " bookings, %"
           G_GINT64_FORMAT " intakes, %" G_GINT64_FORMAT " notes, %" G_GINT64_FORMAT
           " invoices (%" G_GINT64_FORMAT " refunds) in %.1f s (%.0f records/s)\n",
           made.clients, made.bookings, made.intakes, made.notes, made.invoices, made.refunds,
           made.seconds,
           (made.clients + made.bookings + made.intakes + made.notes + 4 * made.invoices) /
           MAX (made.seconds, 1e-6));
  return 0;
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");

  if (argc >= 2 && g_str_equal (argv[1], "generate"))
    return generate_main (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "run"))
    return spa_bench_run_main (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "load"))
    return spa_bench_load_main (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "import"))
    return spa_bench_import_main (argc - 1, argv + 1);

  g_printerr ("Usage: spa-desk-bench generate --data-dir DIR [--clients N] [--bookings N] [--notes N] [--seed N]\n"
              "       spa-desk-bench run --data-dir DIR [--runs N] [--json FILE] [--app PATH] [--server PATH]\n"
              "       spa-desk-bench load --server PATH [--devices N] [--idle N] [--json FILE]\n"
              "       spa-desk-bench import [--rows N] [--json FILE]\n");
  return 2;
}
