/* spa-test-util.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-core.h"

G_BEGIN_DECLS

char     *spa_test_make_dir     (void);
void      spa_test_remove_dir   (const char *dir);
SpaStore *spa_test_open_store   (char      **dir_out);
SpaRecord *spa_test_add_client  (SpaStore   *store,
                                 const char *first,
                                 const char *last,
                                 const char *email,
                                 const char *phone);
SpaRecord *spa_test_add_named   (SpaStore   *store,
                                 const char *entity,
                                 const char *name,
                                 const char *working_hours);
gint64    spa_test_count_rows   (SpaStore   *store,
                                 const char *sql,
                                 const char *param);

guint     spa_test_slowdown     (void);
typedef gboolean (*SpaTestCondition) (gpointer data);
gboolean  spa_test_iterate_until (SpaTestCondition condition,
                                  gpointer         data,
                                  guint            timeout_ms);
void      spa_test_wait_for_n_items (GListModel *model,
                                     guint       n);
gboolean  spa_test_mount_tmpfs  (const char *dir,
                                 const char *options);

G_END_DECLS
