/* spa-client.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"
#include "spa-store.h"

G_BEGIN_DECLS

char *spa_client_dup_display_name (SpaRecord *client);
char *spa_client_format_display_name (const char *first_name,
                                      const char *preferred_name,
                                      const char *last_name);

G_END_DECLS

G_BEGIN_DECLS

char **spa_client_dup_alerts (SpaRecord *client);
void   spa_client_add_alert  (GStrvBuilder *builder,
                              const char   *format,
                              const char   *text);

const char *const *spa_client_email_languages (guint *n_languages);
gboolean spa_client_wants_french (SpaRecord *client);

SpaRecord *spa_client_find_by_email     (SpaStore    *store,
                                          const char  *email);
gboolean spa_client_has_clinical_records (SpaStore    *store,
                                          const char  *client_id,
                                          GError     **error);
gboolean spa_client_is_archived          (SpaRecord   *client);
gboolean spa_client_set_archived         (SpaStore    *store,
                                          SpaRecord   *client,
                                          gboolean     archived,
                                          GError     **error);

G_END_DECLS
