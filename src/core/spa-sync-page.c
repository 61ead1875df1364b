/* spa-sync-page.c: a pull page read in one pass, without a tree
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#include "spa-json.h"
#include "spa-sync-page.h"

/*
 * A first sync of a large spa is a million records in pages of a thousand. Building a
 * json-glib tree for each page (a hash table and a list per object, all freed again at
 * once) cost more than writing the rows. This reader checks the whole page is valid
 * JSON (RFC 8259, UTF-8) but keeps only what applying needs: for each change its
 * entity and the members of its record, as spans of the body. Strings are unescaped
 * only when they hold escapes; nested values (the JSON fields) stay as their text.
 */

/* The page is level 1, its changes 2, a change 3, its record 4: a field's value may nest
 * the rest of the protocol's depth. */
#define PAGE_DEPTH 4

/* The desk's HTTP layer bounds the body; here only the depth applies. */
static const SpaJsonLimits page_limits = { .max_depth = SPA_JSON_MAX_DEPTH, .max_size = G_MAXSIZE };

struct _SpaPullPage
{
  GBytes       *body;
  GStringChunk *unescaped;
  GArray       *members;
  GArray       *changes;
  gint64        cursor;
  gboolean      has_more;
};

typedef struct
{
  const char  *p;
  const char  *end;
  SpaPullPage *page;
  GString     *scratch;
} Reader;

typedef struct
{
  SpaWireChange change;
  guint         first_member;
} PendingChange;

static inline void
skip_space (Reader *r)
{
  while (r->p < r->end && spa_json_is_space (*r->p))
    r->p++;
}

static inline gboolean
expect (Reader *r,
        char    c)
{
  skip_space (r);
  if (r->p < r->end && *r->p == c)
    {
      r->p++;
      return TRUE;
    }
  return FALSE;
}

/* Reads a string at r->p (the opening quote), by the rules of spa-json. *text points
 * into the body when the string has no escapes, else to its unescaped copy. */
static gboolean
read_string (Reader      *r,
             const char **text,
             gsize       *len)
{
  skip_space (r);
  if (spa_json_scan_string (&r->p, r->end, G_MAXSIZE, r->scratch, text, len) != SPA_JSON_ERROR_NONE)
    return FALSE;
  if (*text == r->scratch->str)
    *text = g_string_chunk_insert_len (r->page->unescaped, *text, *len);
  return TRUE;
}

static gboolean
read_literal (Reader     *r,
              const char *word,
              gsize       len)
{
  if ((gsize)(r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return FALSE;
  r->p += len;
  return TRUE;
}

/* Reads any value at nesting level @depth; objects and arrays are checked by spa-json
 * and kept as their text. */
static gboolean
read_value (Reader        *r,
            SpaWireMember *value,
            guint          depth)
{
  skip_space (r);
  if (r->p >= r->end)
    return FALSE;

  value->text = NULL;
  value->len = 0;
  switch (*r->p)
    {
    case '"':
      value->kind = SPA_WIRE_STRING;
      return read_string (r, &value->text, &value->len);

    case 't':
      value->kind = SPA_WIRE_TRUE;
      return read_literal (r, "true", 4);

    case 'f':
      value->kind = SPA_WIRE_FALSE;
      return read_literal (r, "false", 5);

    case 'n':
      value->kind = SPA_WIRE_NULL;
      return read_literal (r, "null", 4);

    case '{':
    case '[':
      {
        const char *start = r->p;

        if (depth >= SPA_JSON_MAX_DEPTH)
          return FALSE;
        value->kind = *r->p == '{' ? SPA_WIRE_OBJECT : SPA_WIRE_ARRAY;
        if (spa_json_skip_value (&r->p, r->end, SPA_JSON_MAX_DEPTH - depth, G_MAXSIZE) !=
            SPA_JSON_ERROR_NONE)
          return FALSE;
        value->text = start;
        value->len = r->p - start;
        return TRUE;
      }

    default:
      {
        SpaJsonNumber number;

        value->text = r->p;
        if (spa_json_scan_number (&r->p, r->end, &number) != SPA_JSON_ERROR_NONE)
          return FALSE;
        value->len = r->p - value->text;
        value->kind = number.is_integer ? SPA_WIRE_INTEGER : SPA_WIRE_NUMBER;
        value->integer = number.integer;
        return TRUE;
      }
    }
}

/* Calls @member for each member of the object at r->p. */
static gboolean
read_members (Reader   *r,
              gboolean (*member) (Reader *r, const char *name, gsize len, gpointer data),
              gpointer  data)
{
  if (!expect (r, '{'))
    return FALSE;
  if (expect (r, '}'))
    return TRUE;
  do
    {
      const char *name;
      gsize len;

      if (!read_string (r, &name, &len) || !expect (r, ':') || !member (r, name, len, data))
        return FALSE;
    }
  while (expect (r, ','));
  return expect (r, '}');
}

static inline gboolean
name_is (const char *name,
         gsize       len,
         const char *literal)
{
  return strlen (literal) == len && memcmp (name, literal, len) == 0;
}

static gboolean
record_member (Reader     *r,
               const char *name,
               gsize       len,
               gpointer    data)
{
  SpaWireMember value = { .name = name, .name_len = len };

  if (!read_value (r, &value, PAGE_DEPTH))
    return FALSE;
  g_array_append_val (r->page->members, value);
  return TRUE;
}

static gboolean
change_member (Reader     *r,
               const char *name,
               gsize       len,
               gpointer    data)
{
  PendingChange *change = data;
  SpaWireMember value;

  skip_space (r);
  if (name_is (name, len, "record") && r->p < r->end && *r->p == '{')
    {
      const char *start = r->p;

      /* A repeated member replaces the earlier one, as in json-glib. */
      g_array_set_size (r->page->members, change->first_member);
      if (!read_members (r, record_member, NULL))
        return FALSE;
      change->change.record = start;
      change->change.record_len = r->p - start;
      change->change.n_members = r->page->members->len - change->first_member;
      return TRUE;
    }

  if (!read_value (r, &value, PAGE_DEPTH - 1))
    return FALSE;
  if (name_is (name, len, "entity"))
    {
      change->change.entity = value.kind == SPA_WIRE_STRING ? value.text : NULL;
      change->change.entity_len = value.kind == SPA_WIRE_STRING ? value.len : 0;
    }
  else if (name_is (name, len, "record"))
    {
      change->change.record = NULL;
      change->change.n_members = 0;
    }
  return TRUE;
}

static gboolean
read_changes (Reader *r)
{
  g_array_set_size (r->page->changes, 0);
  g_array_set_size (r->page->members, 0);
  if (!expect (r, '['))
    return FALSE;
  if (expect (r, ']'))
    return TRUE;
  do
    {
      PendingChange change = { .first_member = r->page->members->len };

      if (!read_members (r, change_member, &change))
        return FALSE;
      /* Members of a record replaced by a later "record" member are dropped. */
      if (change.change.record == NULL)
        g_array_set_size (r->page->members, change.first_member);
      g_array_append_val (r->page->changes, change);
    }
  while (expect (r, ','));
  return expect (r, ']');
}

typedef struct
{
  gboolean changes;
  gboolean cursor;
  gboolean has_more;
} Seen;

static gboolean
page_member (Reader     *r,
             const char *name,
             gsize       len,
             gpointer    data)
{
  Seen *seen = data;
  SpaWireMember value;

  skip_space (r);
  if (name_is (name, len, "changes") && r->p < r->end && *r->p == '[')
    return (seen->changes = read_changes (r));

  if (!read_value (r, &value, PAGE_DEPTH - 3))
    return FALSE;
  if (name_is (name, len, "changes"))
    seen->changes = FALSE;
  else if (name_is (name, len, "cursor"))
    {
      seen->cursor = value.kind == SPA_WIRE_INTEGER;
      r->page->cursor = value.integer;
    }
  else if (name_is (name, len, "has_more"))
    {
      seen->has_more = value.kind == SPA_WIRE_TRUE || value.kind == SPA_WIRE_FALSE;
      r->page->has_more = value.kind == SPA_WIRE_TRUE;
    }
  return TRUE;
}

/**
 * spa_pull_page_parse:
 * @body: the body of a 200 pull response
 *
 * Reads `{"changes": [...], "cursor": N, "has_more": B}`. The page keeps a reference
 * to @body: the changes point into it.
 *
 * Returns: (transfer full) (nullable): the page, or %NULL if the body is not valid
 *   JSON of that shape
 */
SpaPullPage *
spa_pull_page_parse (GBytes  *body,
                     GError **error)
{
  g_autoptr(SpaPullPage) page = g_new0 (SpaPullPage, 1);
  g_autoptr(GString) scratch = g_string_new (NULL);
  Seen seen = { FALSE, FALSE, FALSE };
  Reader r;
  gsize size;

  g_return_val_if_fail (body != NULL, NULL);

  page->body = g_bytes_ref (body);
  page->unescaped = g_string_chunk_new (4096);
  page->members = g_array_sized_new (FALSE, FALSE, sizeof (SpaWireMember), 4096);
  page->changes = g_array_sized_new (FALSE, FALSE, sizeof (PendingChange), 256);

  /* An empty GBytes may have no data pointer at all (and NULL + 0 is undefined). */
  r.p = g_bytes_get_data (body, &size);
  if (r.p == NULL)
    r.p = "";
  r.end = r.p + size;
  r.page = page;
  r.scratch = scratch;

  /* First the rules every reader shares (repeated names included, which the shape
   * reader below does not track), then the shape. */
  if (!spa_json_validate (r.p, size, &page_limits, NULL) ||
      !read_members (&r, page_member, &seen) ||
      (skip_space (&r), r.p != r.end) ||
      !seen.changes || !seen.cursor || !seen.has_more)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The server sent a malformed page of changes."));
      return NULL;
    }

  /* The members array no longer grows: point each change at its members. */
  for (guint i = 0; i < page->changes->len; i++)
    {
      PendingChange *change = &g_array_index (page->changes, PendingChange, i);

      change->change.members = change->change.n_members > 0
        ? &g_array_index (page->members, SpaWireMember, change->first_member)
        : NULL;
    }

  return g_steal_pointer (&page);
}

void
spa_pull_page_free (SpaPullPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->body, g_bytes_unref);
  g_clear_pointer (&page->unescaped, g_string_chunk_free);
  g_clear_pointer (&page->members, g_array_unref);
  g_clear_pointer (&page->changes, g_array_unref);
  g_free (page);
}

gint64
spa_pull_page_get_cursor (SpaPullPage *page)
{
  return page->cursor;
}

gboolean
spa_pull_page_get_has_more (SpaPullPage *page)
{
  return page->has_more;
}

guint
spa_pull_page_get_n_changes (SpaPullPage *page)
{
  return page->changes->len;
}

const SpaWireChange *
spa_pull_page_get_change (SpaPullPage *page,
                          guint        index)
{
  g_return_val_if_fail (index < page->changes->len, NULL);
  return &g_array_index (page->changes, PendingChange, index).change;
}
