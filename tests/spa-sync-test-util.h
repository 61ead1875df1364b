/* spa-sync-test-util.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "spa-core.h"
#include "spa-store-private.h"
#include "spa-sync-engine.h"

G_BEGIN_DECLS

/* A headless device: its own database and sync engine (driven by hand). */
typedef struct
{
  char          *dir;
  SpaStore      *store;
  SpaSyncEngine *engine;
} SpaTestDevice;

SpaTestDevice *spa_test_device_new     (const char    *url,
                                        const char    *token);
void           spa_test_device_free    (SpaTestDevice *device);
typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} SpaTestSyncWait;

void           spa_test_device_sync_start (SpaTestDevice   *device,
                                           SpaTestSyncWait *wait);
gboolean       spa_test_device_sync    (SpaTestDevice *device,
                                        GError       **error);
void           spa_test_device_sync_ok (SpaTestDevice *device);

void           spa_test_wait_for       (gboolean      *done,
                                        guint          seconds);

/* One HTTP exchange under way, on the main loop (the server may be in this process):
 * spa_test_exchange_start() sends @msg (taken) on @session, spa_test_exchange_finish()
 * waits for the answer (60 s at most) and returns its body as text, the status in
 * *status; exchange->msg stays for the answer's headers. */
typedef struct
{
  SoupMessage *msg;
  GBytes      *bytes;
  gboolean     done;
} SpaTestExchange;

void           spa_test_exchange_start  (SoupSession     *session,
                                         SpaTestExchange *exchange,
                                         SoupMessage     *msg);
char          *spa_test_exchange_finish (SpaTestExchange *exchange,
                                         guint           *status);

/* One HTTP exchange, run on the main loop (the server may be in this process). */
JsonNode      *spa_test_http           (const char    *method,
                                        const char    *url,
                                        const char    *token,
                                        const char    *body,
                                        gsize          body_length,
                                        guint         *status);
JsonNode      *spa_test_json           (const char    *format,
                                        ...) G_GNUC_PRINTF (1, 2);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaTestDevice, spa_test_device_free)

G_END_DECLS
