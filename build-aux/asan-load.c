/* asan-load.c: LeakSanitizer leaves alone what shared libraries allocate as they load
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linked into every program of the AddressSanitizer build (meson.build), nowhere else.
 *
 * GLib allocates its first block of quark pointers (2 048 of them, 16 384 bytes) in its
 * load-time constructor and, once a process has made more quarks than that, copies them
 * to a larger block and never frees the first one: lookups take no lock, so a reader may
 * still be using it. A GTK program makes more than 2 048 quarks, so every UI test and
 * the app itself would end on that report. Its stack says nothing: GLib is built without
 * frame pointers, so the fast unwinder stops in g_malloc(), and a suppression that names
 * GLib would hide every leak of ours made through g_malloc() too. The slow unwinder
 * (fast_unwind_on_malloc=0) reaches _dl_init, but makes the app several times slower.
 *
 * Instead, LeakSanitizer is turned off for this thread from the first thing the program
 * runs (.preinit_array, before any library's constructor) to the first constructor of
 * the program itself, which runs after every library's: only allocations made by the
 * libraries' constructors are ignored. Nothing of ours runs in between (the program's
 * own constructors come after), and everything allocated once main() runs is checked.
 */

#include "config.h"

#include <sanitizer/lsan_interface.h>

static void
ignore_load_time_allocations (int    argc,
                              char **argv,
                              char **envp)
{
  __lsan_disable ();
}

__attribute__ ((section (".preinit_array"), used)) static void (*const spa_asan_preinit) (
  int, char **, char **) = ignore_load_time_allocations;

__attribute__ ((constructor (101))) static void
check_from_now_on (void)
{
  __lsan_enable ();
}
