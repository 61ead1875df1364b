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
/**
 * SpaTestStore:
 *
 * The fixture of a test that needs only a new store in a folder of its own.
 */
typedef struct
{
  char     *dir;
  SpaStore *store;
} SpaTestStore;

void      spa_test_store_set_up    (SpaTestStore  *f,
                                    gconstpointer  data);
void      spa_test_store_tear_down (SpaTestStore  *f,
                                    gconstpointer  data);
SpaRecord *spa_test_add_client  (SpaStore   *store,
                                 const char *first,
                                 const char *last,
                                 const char *email,
                                 const char *phone);
SpaRecord *spa_test_add_named   (SpaStore   *store,
                                 const char *entity,
                                 const char *name,
                                 const char *working_hours);
/**
 * SpaTestSpa:
 *
 * A small spa for the booking rules: in Vancouver, a client (Zoë Tremblay) and
 * another (Raj Patel), Claire Dubois (Swedish massage only) and Marcus Lee (every
 * service) with the same working hours, the Cedar and Ocean rooms, and "now" the
 * Sunday 23 November 2025 at noon, the day before the Monday the tests book.
 */
typedef struct
{
  char      *dir;
  SpaStore  *store;
  GTimeZone *zone;
  GDateTime *now;
  SpaRecord *client;
  SpaRecord *other_client;
  SpaRecord *claire;
  SpaRecord *marcus;
  SpaRecord *cedar;
  SpaRecord *ocean;
} SpaTestSpa;

void      spa_test_spa_set_up    (SpaTestSpa *spa,
                                  const char *working_hours);
void      spa_test_spa_tear_down (SpaTestSpa *spa);
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
void      spa_test_wait_for_count (SpaStore   *store,
                                   const char *sql,
                                   const char *param,
                                   gint64      n);
gboolean  spa_test_mount_tmpfs  (const char *dir,
                                 const char *options);
SpaRecord *spa_test_issue_part_paid (SpaStore   *store,
                                     SpaRecord  *booking,
                                     const char *service_id,
                                     gint64      price_cents,
                                     gint64      paid_cents,
                                     const char *at);

G_END_DECLS
