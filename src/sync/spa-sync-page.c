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
#include <errno.h>
#include <string.h>

#include "spa-sync-page.h"

/*
 * A first sync of a large spa is a million records in pages of a thousand. Building a
 * json-glib tree for each page (a hash table and a list per object, all freed again at
 * once) cost more than writing the rows. This reader checks the whole page is valid
 * JSON (RFC 8259, UTF-8) but keeps only what applying needs: for each change its
 * entity and the members of its record, as spans of the body. Strings are unescaped
 * only when they hold escapes; nested values (the JSON fields) stay as their text.
 */

#define MAX_DEPTH 64

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
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
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

static int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* Reads a string at r->p (the opening quote). *text points into the body when the
 * string has no escapes, else to its unescaped copy. */
static gboolean
read_string (Reader      *r,
             const char **text,
             gsize       *len)
{
  const char *start;
  const char *run;

  skip_space (r);
  if (r->p >= r->end || *r->p != '"')
    return FALSE;
  start = ++r->p;

  while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar)*r->p >= 0x20)
    r->p++;
  if (r->p >= r->end || (guchar)*r->p < 0x20)
    return FALSE;
  if (*r->p == '"')
    {
      if (!g_utf8_validate_len (start, r->p - start, NULL))
        return FALSE;
      *text = start;
      *len = r->p - start;
      r->p++;
      return TRUE;
    }

  /* Escapes: build the text. */
  g_string_truncate (r->scratch, 0);
  run = start;
  for (;;)
    {
      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar)*r->p >= 0x20)
        r->p++;
      if (r->p >= r->end || (guchar)*r->p < 0x20)
        return FALSE;
      g_string_append_len (r->scratch, run, r->p - run);
      if (*r->p == '"')
        break;

      r->p++;
      if (r->p >= r->end)
        return FALSE;
      switch (*r->p)
        {
        case '"': g_string_append_c (r->scratch, '"'); break;
        case '\\': g_string_append_c (r->scratch, '\\'); break;
        case '/': g_string_append_c (r->scratch, '/'); break;
        case 'b': g_string_append_c (r->scratch, '\b'); break;
        case 'f': g_string_append_c (r->scratch, '\f'); break;
        case 'n': g_string_append_c (r->scratch, '\n'); break;
        case 'r': g_string_append_c (r->scratch, '\r'); break;
        case 't': g_string_append_c (r->scratch, '\t'); break;
        case 'u':
          {
            gunichar c;
            int unit;

            if (r->end - r->p < 5 || (unit = hex4 (r->p + 1)) < 0)
              return FALSE;
            r->p += 4;
            c = unit;
            if (unit >= 0xD800 && unit <= 0xDBFF)
              {
                int low;

                if (r->end - r->p < 7 || r->p[1] != '\\' || r->p[2] != 'u' ||
                    (low = hex4 (r->p + 3)) < 0xDC00 || low > 0xDFFF)
                  return FALSE;
                r->p += 6;
                c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
              }
            else if ((unit >= 0xDC00 && unit <= 0xDFFF) || unit == 0)
              return FALSE; /* a lone low surrogate; NUL cannot be stored as text */
            g_string_append_unichar (r->scratch, c);
          }
          break;
        default:
          return FALSE;
        }
      run = ++r->p;
    }

  r->p++;
  if (!g_utf8_validate_len (r->scratch->str, r->scratch->len, NULL))
    return FALSE;
  *text = g_string_chunk_insert_len (r->page->unescaped, r->scratch->str, r->scratch->len);
  *len = r->scratch->len;
  return TRUE;
}

static gboolean
read_number (Reader        *r,
             SpaWireMember *value)
{
  const char *start = r->p;
  gboolean integer = TRUE;

  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return FALSE;
  if (*r->p == '0')
    r->p++;
  else
    while (r->p < r->end && g_ascii_isdigit (*r->p))
      r->p++;
  if (r->p < r->end && *r->p == '.')
    {
      integer = FALSE;
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      integer = FALSE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }

  value->text = start;
  value->len = r->p - start;
  value->kind = SPA_WIRE_NUMBER;
  if (integer && value->len <= 20)
    {
      char digits[24];
      char *end;
      gint64 parsed;

      memcpy (digits, start, value->len);
      digits[value->len] = '\0';
      errno = 0;
      parsed = g_ascii_strtoll (digits, &end, 10);
      if (errno == 0 && *end == '\0')
        {
          value->kind = SPA_WIRE_INTEGER;
          value->integer = parsed;
        }
    }
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

/* Reads any value; objects and arrays are checked and kept as their text. */
static gboolean
read_value (Reader        *r,
            SpaWireMember *value,
            guint          depth)
{
  skip_space (r);
  if (r->p >= r->end || depth > MAX_DEPTH)
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
        char close = *r->p == '{' ? '}' : ']';
        gboolean object = close == '}';
        SpaWireMember inner;

        value->kind = object ? SPA_WIRE_OBJECT : SPA_WIRE_ARRAY;
        r->p++;
        if (!expect (r, close))
          {
            do
              {
                const char *name;
                gsize name_len;

                if (object && (!read_string (r, &name, &name_len) || !expect (r, ':')))
                  return FALSE;
                if (!read_value (r, &inner, depth + 1))
                  return FALSE;
              }
            while (expect (r, ','));
            if (!expect (r, close))
              return FALSE;
          }
        value->text = start;
        value->len = r->p - start;
        return TRUE;
      }

    default:
      return read_number (r, value);
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

  if (!read_value (r, &value, 2))
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

  if (!read_value (r, &value, 1))
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

  if (!read_value (r, &value, 1))
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

  r.p = g_bytes_get_data (body, &size);
  r.end = r.p + size;
  r.page = page;
  r.scratch = scratch;

  if (r.p == NULL || !read_members (&r, page_member, &seen) ||
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
