/* spa-data-cli.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The command-line options for data in and out, run without a window. */
extern const GOptionEntry spa_data_cli_options[];

int spa_data_cli_handle_options (GVariantDict *options,
                                 const char   *data_dir);

G_END_DECLS
