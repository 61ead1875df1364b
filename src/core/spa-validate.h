/* spa-validate.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "spa-record.h"
#include "spa-store.h"

G_BEGIN_DECLS

/* The protocol's sizes (docs/sync-protocol.md), the same on the desks and the server. */
#define SPA_TEXT_MAX_CHARS       200     /* a name, a code, an e-mail: one line */
#define SPA_LONG_TEXT_MAX_CHARS  20000   /* notes, medications, SOAP sections */
#define SPA_ID_MAX_CHARS         64      /* a record's id, or a reference to one */
#define SPA_JSON_LIST_MAX        200     /* entries of a JSON list column */

gboolean spa_validate_record     (SpaStore    *store,
                                  SpaRecord   *record,
                                  GError     **error);
gboolean spa_validate_fields     (SpaRecord   *record,
                                  GError     **error);

/* Checks shared by the entities' validate functions; each sets a field error. */
gboolean spa_validate_required   (SpaRecord   *record,
                                  const char  *field,
                                  const char  *message,
                                  GError     **error);
gboolean spa_validate_reference  (SpaStore    *store,
                                  SpaRecord   *record,
                                  const char  *field,
                                  const char  *entity,
                                  gboolean     required,
                                  GError     **error);
gboolean spa_validate_int_range  (SpaRecord   *record,
                                  const char  *field,
                                  gint64       min,
                                  gint64       max,
                                  const char  *message,
                                  GError     **error);
gboolean spa_validate_time       (SpaRecord   *record,
                                  const char  *field,
                                  gboolean     required,
                                  GError     **error);
gboolean spa_validate_date       (SpaRecord   *record,
                                  const char  *field,
                                  gboolean     required,
                                  GError     **error);
gboolean spa_validate_one_of     (SpaRecord   *record,
                                  const char  *field,
                                  const char * const *allowed,
                                  gboolean     required,
                                  GError     **error);
gboolean spa_validate_email      (SpaRecord   *record,
                                  const char  *field,
                                  GError     **error);
gboolean spa_validate_string_array (SpaRecord *record,
                                  const char  *field,
                                  GError     **error);

typedef gboolean (*SpaCodeCheckFunc) (const char *code);

gboolean spa_validate_codes      (SpaRecord   *record,
                                  const char  *field,
                                  SpaCodeCheckFunc is_known,
                                  const char  *message,
                                  GError     **error);
gboolean spa_validate_not_locked (SpaStore    *store,
                                  SpaRecord   *record,
                                  const char  *locked_field,
                                  const char  *message,
                                  GError     **error);

G_END_DECLS

G_BEGIN_DECLS

GHashTable *spa_validate_collect_errors (SpaStore  *store,
                                         SpaRecord *record);

G_END_DECLS
