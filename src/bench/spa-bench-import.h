/* spa-bench-import.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int spa_bench_import_main (int    argc,
                           char **argv);

G_END_DECLS
