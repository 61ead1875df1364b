/* spa-fuzz-util.h: what the libFuzzer harnesses share
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

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
