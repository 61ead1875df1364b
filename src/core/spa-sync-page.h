/* spa-sync-page.h
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SPA_WIRE_NULL,
  SPA_WIRE_FALSE,
  SPA_WIRE_TRUE,
  SPA_WIRE_INTEGER,
  SPA_WIRE_NUMBER,
  SPA_WIRE_STRING,
  SPA_WIRE_OBJECT,
  SPA_WIRE_ARRAY,
} SpaWireKind;

/* One member of a record as sent. Nothing is NUL-terminated: use the lengths. */
typedef struct
{
  const char  *name;
  gsize        name_len;
  SpaWireKind  kind;
  /* STRING: the unescaped, valid UTF-8 text; INTEGER, NUMBER, OBJECT, ARRAY: the
   * JSON text as sent (valid, unparsed); others: NULL. */
  const char  *text;
  gsize        len;
  gint64       integer;
} SpaWireMember;

/* One change of a page: { "entity": ..., "record": { ... } }. */
typedef struct
{
  const char          *entity;      /* NULL unless a string */
  gsize                entity_len;
  const char          *record;      /* the record object's text, NULL unless an object */
  gsize                record_len;
  const SpaWireMember *members;     /* the record's members, in the order sent */
  guint                n_members;
} SpaWireChange;

typedef struct _SpaPullPage SpaPullPage;

SpaPullPage         *spa_pull_page_parse          (GBytes       *body,
                                                   GError      **error);
void                 spa_pull_page_free           (SpaPullPage  *page);
gint64               spa_pull_page_get_cursor     (SpaPullPage  *page);
gboolean             spa_pull_page_get_has_more   (SpaPullPage  *page);
guint                spa_pull_page_get_n_changes  (SpaPullPage  *page);
const SpaWireChange *spa_pull_page_get_change     (SpaPullPage  *page,
                                                   guint         index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpaPullPage, spa_pull_page_free)

G_END_DECLS
