/* spa-fuzz-util.h: what the libFuzzer harnesses share
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "spa-store.h"

/*
 * The folder a harness makes its work folder in: SPA_FUZZ_WORK_DIR when set
 * (tests/fuzz/run-fuzzer.sh sets it to a scratch folder it removes however the run
 * ends: libFuzzer leaves with _Exit() on a time-out, a crash or a signal, so the
 * harness's own atexit() clean-up does not run then), else memory-backed /dev/shm
 * when there is one, else the temporary folder.
 */
static inline const char *
spa_fuzz_work_base (void)
{
  const char *dir = g_getenv ("SPA_FUZZ_WORK_DIR");

  if (dir != NULL && *dir != '\0')
    return dir;
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
    return "/dev/shm";
  return g_get_tmp_dir ();
}

/* A database file goes with its -wal and -shm. */
static inline void
spa_fuzz_remove_db (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/* The harnesses that run a server and a desk keep them in @dir: the templates
 * server.db and desk.db, made once, and their copies server-work.db and desk-work.db,
 * made again for each input. */

static inline GBytes *
spa_fuzz_read_db (const char *dir,
                  const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    g_error ("cannot read %s", path);
  return g_bytes_new_take (contents, len);
}

/* @template written afresh as @name in @dir, and opened. */
static inline SpaStore *
spa_fuzz_open_copy (const char *dir,
                    const char *name,
                    GBytes     *template)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  FILE *file;
  SpaStore *store;

  spa_fuzz_remove_db (path);
  file = fopen (path, "wb");
  g_assert (file != NULL);
  g_assert (fwrite (g_bytes_get_data (template, NULL), 1, g_bytes_get_size (template), file) ==
            g_bytes_get_size (template));
  fclose (file);
  store = spa_store_open (path, &error);
  g_assert_no_error (error);
  return store;
}

/* @dir and the four databases in it. */
static inline void
spa_fuzz_remove_server_and_desk (const char *dir)
{
  static const char *const names[] = { "server.db", "desk.db", "server-work.db", "desk-work.db" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      spa_fuzz_remove_db (path);
    }
  g_rmdir (dir);
}
