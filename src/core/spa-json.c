/* spa-json.c: the one strict, bounded JSON reader and the one JSON writer
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "spa-json.h"

/*
 * Everything that crosses the network is read here (or by the pull page reader, which
 * uses the same scanners). json-glib's parser is not used for such bytes: it recurses
 * once per nesting level (100 000 brackets overflow the stack) and accepts more than
 * RFC 8259 (single quotes, comments, a BOM, a second document, `\377`, `\udev-1`, lone
 * surrogates, `\u0000` cutting a string short, integers that wrap).
 *
 * The rules, the same on the server and on every desk:
 * - RFC 8259 grammar exactly; whitespace is space, tab, CR and LF; one value, then only
 *   whitespace;
 * - strings are valid UTF-8 (no surrogates, raw or escaped, except as a pair of
 *   escapes), without NUL, without raw control characters; the only escapes are
 *   `\" \\ \/ \b \f \n \r \t \uXXXX`;
 * - integers (no fraction, no exponent) fit in a signed 64-bit integer; other numbers
 *   are finite doubles;
 * - no member name twice in one object;
 * - arrays and objects nest at most max_depth levels; the document and each string are
 *   bounded in bytes.
 * The reader is a loop over an explicit stack: no recursion, whatever the input.
 */

G_DEFINE_QUARK (spa-json-error-quark, spa_json_error)

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

static inline gboolean
plain_byte (char c)
{
  return c != '"' && c != '\\' && (guchar)c >= 0x20;
}

/* Reads a string at *p (the opening quote). With @copy, or when the string holds
 * escapes, the text is built in @scratch (NUL-terminated); else *text points into the
 * input. */
static SpaJsonError
scan_string (const char **p,
             const char  *end,
             gsize        max_len,
             GString     *scratch,
             gboolean     copy,
             const char **text,
             gsize       *len)
{
  const char *s = *p;
  const char *start;
  const char *run;

  if (s >= end || *s != '"')
    return SPA_JSON_ERROR_SYNTAX;
  start = ++s;

  while (s < end && plain_byte (*s))
    s++;
  if (s >= end || (guchar)*s < 0x20)
    {
      *p = s;
      return SPA_JSON_ERROR_SYNTAX;
    }
  if (*s == '"' && !copy)
    {
      if ((gsize)(s - start) > max_len)
        return SPA_JSON_ERROR_SIZE;
      if (!g_utf8_validate_len (start, s - start, NULL))
        return SPA_JSON_ERROR_ENCODING;
      *text = start;
      *len = s - start;
      *p = s + 1;
      return SPA_JSON_ERROR_NONE;
    }

  g_string_truncate (scratch, 0);
  run = start;
  for (;;)
    {
      while (s < end && plain_byte (*s))
        s++;
      if (s >= end || (guchar)*s < 0x20)
        {
          *p = s;
          return SPA_JSON_ERROR_SYNTAX;
        }
      g_string_append_len (scratch, run, s - run);
      if (scratch->len > max_len)
        return SPA_JSON_ERROR_SIZE;
      if (*s == '"')
        break;

      /* An escape. */
      if (++s >= end)
        {
          *p = s;
          return SPA_JSON_ERROR_SYNTAX;
        }
      switch (*s)
        {
        case '"': g_string_append_c (scratch, '"'); break;
        case '\\': g_string_append_c (scratch, '\\'); break;
        case '/': g_string_append_c (scratch, '/'); break;
        case 'b': g_string_append_c (scratch, '\b'); break;
        case 'f': g_string_append_c (scratch, '\f'); break;
        case 'n': g_string_append_c (scratch, '\n'); break;
        case 'r': g_string_append_c (scratch, '\r'); break;
        case 't': g_string_append_c (scratch, '\t'); break;
        case 'u':
          {
            gunichar c;
            int unit;

            if (end - s < 5 || (unit = hex4 (s + 1)) < 0)
              {
                *p = s;
                return SPA_JSON_ERROR_SYNTAX;
              }
            s += 4;
            c = unit;
            if (unit >= 0xD800 && unit <= 0xDBFF)
              {
                int low;

                if (end - s < 7 || s[1] != '\\' || s[2] != 'u' ||
                    (low = hex4 (s + 3)) < 0xDC00 || low > 0xDFFF)
                  {
                    *p = s;
                    return SPA_JSON_ERROR_ENCODING; /* a lone high surrogate */
                  }
                s += 6;
                c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
              }
            else if ((unit >= 0xDC00 && unit <= 0xDFFF) || unit == 0)
              {
                /* A lone low surrogate; NUL cannot be stored as text. */
                *p = s;
                return SPA_JSON_ERROR_ENCODING;
              }
            g_string_append_unichar (scratch, c);
          }
          break;
        default:
          *p = s;
          return SPA_JSON_ERROR_SYNTAX;
        }
      run = ++s;
    }

  if (scratch->len > max_len)
    return SPA_JSON_ERROR_SIZE;
  if (!g_utf8_validate_len (scratch->str, scratch->len, NULL))
    return SPA_JSON_ERROR_ENCODING;
  *text = scratch->str;
  *len = scratch->len;
  *p = s + 1;
  return SPA_JSON_ERROR_NONE;
}

/**
 * spa_json_scan_string:
 * @max_len: the most bytes the unescaped text may have (G_MAXSIZE: no limit)
 * @scratch: where a string with escapes is unescaped
 * @text: (out): the text, valid UTF-8 without NUL; it points into the input when the
 *   string has no escapes (not NUL-terminated then), else into @scratch
 *
 * Returns: %SPA_JSON_ERROR_NONE, or why the string is refused
 */
SpaJsonError
spa_json_scan_string (const char **p,
                      const char  *end,
                      gsize        max_len,
                      GString     *scratch,
                      const char **text,
                      gsize       *len)
{
  return scan_string (p, end, max_len, scratch, FALSE, text, len);
}

/**
 * spa_json_scan_number:
 * @number: (out): its value
 *
 * Returns: %SPA_JSON_ERROR_NONE, %SPA_JSON_ERROR_SYNTAX, or %SPA_JSON_ERROR_NUMBER for
 *   an integer outside the signed 64-bit range or a number too large for a double
 */
SpaJsonError
spa_json_scan_number (const char    **p,
                      const char     *end,
                      SpaJsonNumber  *number)
{
  const char *s = *p;
  const char *start = s;
  gboolean negative = FALSE;
  gboolean integer = TRUE;
  guint64 magnitude = 0;
  gboolean overflow = FALSE;

  if (s < end && *s == '-')
    {
      negative = TRUE;
      s++;
    }
  if (s >= end || !g_ascii_isdigit (*s))
    {
      *p = s;
      return SPA_JSON_ERROR_SYNTAX;
    }
  if (*s == '0')
    s++;
  else
    for (; s < end && g_ascii_isdigit (*s); s++)
      {
        guint digit = *s - '0';

        if (magnitude > (G_MAXUINT64 - digit) / 10)
          overflow = TRUE;
        else
          magnitude = magnitude * 10 + digit;
      }
  if (s < end && *s == '.')
    {
      integer = FALSE;
      s++;
      if (s >= end || !g_ascii_isdigit (*s))
        {
          *p = s;
          return SPA_JSON_ERROR_SYNTAX;
        }
      while (s < end && g_ascii_isdigit (*s))
        s++;
    }
  if (s < end && (*s == 'e' || *s == 'E'))
    {
      integer = FALSE;
      s++;
      if (s < end && (*s == '+' || *s == '-'))
        s++;
      if (s >= end || !g_ascii_isdigit (*s))
        {
          *p = s;
          return SPA_JSON_ERROR_SYNTAX;
        }
      while (s < end && g_ascii_isdigit (*s))
        s++;
    }

  if (integer)
    {
      /* 2^63 must not wrap to a negative number, nor anything larger to anything. */
      if (overflow || magnitude > (guint64)G_MAXINT64 + (negative ? 1 : 0))
        {
          *p = start;
          return SPA_JSON_ERROR_NUMBER;
        }
      number->is_integer = TRUE;
      number->integer = negative ? (gint64)(0 - magnitude) : (gint64)magnitude;
      number->real = (double)number->integer;
    }
  else
    {
      gsize len = s - start;
      char small[64];
      g_autofree char *large = NULL;
      char *digits = len < sizeof small ? small : (large = g_malloc (len + 1));

      memcpy (digits, start, len);
      digits[len] = '\0';
      number->is_integer = FALSE;
      number->integer = 0;
      number->real = g_ascii_strtod (digits, NULL);
      if (!isfinite (number->real))
        {
          *p = start;
          return SPA_JSON_ERROR_NUMBER;
        }
    }
  *p = s;
  return SPA_JSON_ERROR_NONE;
}

/* ---- the reader ---- */

typedef struct
{
  gboolean    object;
  JsonNode   *node;         /* building: the container, owned until it is complete */
  char       *name;         /* building: the member name waiting for its value */
  guint       first_name;   /* checking: where this object's names start in names */
  GHashTable *name_set;     /* checking: this object's names once there are many */
} Frame;

typedef struct
{
  const char   *start;
  const char   *p;
  const char   *end;
  guint         max_depth;
  gsize         max_string;
  gboolean      build;
  GArray       *frames;
  GString      *scratch;
  GPtrArray    *names;      /* checking: member names of the open objects */
  GStringChunk *chunk;
} Reader;

/* Past this many members, an object's names are looked up in a hash table. */
#define LINEAR_NAMES 16

static void
frame_clear (Frame *frame)
{
  g_clear_pointer (&frame->node, json_node_unref);
  g_clear_pointer (&frame->name, g_free);
  g_clear_pointer (&frame->name_set, g_hash_table_unref);
}

static void
reader_init (Reader      *r,
             const char  *data,
             gsize        len,
             guint        max_depth,
             gsize        max_string,
             gboolean     build)
{
  r->start = r->p = data;
  r->end = data + len;
  r->max_depth = max_depth;
  r->max_string = max_string;
  r->build = build;
  r->frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  g_array_set_clear_func (r->frames, (GDestroyNotify)frame_clear);
  r->scratch = g_string_sized_new (64);
  r->names = NULL;
  r->chunk = NULL;
}

static void
reader_clear (Reader *r)
{
  g_clear_pointer (&r->frames, g_array_unref);
  g_string_free (r->scratch, TRUE);
  g_clear_pointer (&r->names, g_ptr_array_unref);
  g_clear_pointer (&r->chunk, g_string_chunk_free);
}

static inline void
skip_space (Reader *r)
{
  while (r->p < r->end && spa_json_is_space (*r->p))
    r->p++;
}

/* Records a member name of the innermost object; FALSE if it is already there. */
static gboolean
add_name (Reader     *r,
          Frame      *frame,
          const char *name,
          gsize       len)
{
  if (r->build)
    {
      JsonObject *object = json_node_get_object (frame->node);

      if (json_object_has_member (object, r->scratch->str))
        return FALSE;
      frame->name = g_strndup (name, len);
      return TRUE;
    }

  if (r->names == NULL)
    {
      r->names = g_ptr_array_new ();
      r->chunk = g_string_chunk_new (256);
      frame->first_name = 0;
    }

  if (frame->name_set != NULL)
    {
      char *copy = g_string_chunk_insert_len (r->chunk, name, len);

      return g_hash_table_add (frame->name_set, copy);
    }

  for (guint i = frame->first_name; i < r->names->len; i++)
    {
      const char *other = r->names->pdata[i];

      if (strlen (other) == len && memcmp (other, name, len) == 0)
        return FALSE;
    }
  g_ptr_array_add (r->names, g_string_chunk_insert_len (r->chunk, name, len));

  if (r->names->len - frame->first_name > LINEAR_NAMES)
    {
      frame->name_set = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = frame->first_name; i < r->names->len; i++)
        g_hash_table_add (frame->name_set, r->names->pdata[i]);
    }
  return TRUE;
}

static SpaJsonError
push_frame (Reader   *r,
            gboolean  object)
{
  Frame frame = { .object = object };

  if (r->frames->len >= r->max_depth)
    return SPA_JSON_ERROR_DEPTH;
  if (r->build)
    {
      frame.node = json_node_alloc ();
      if (object)
        {
          g_autoptr(JsonObject) container = json_object_new ();

          json_node_init_object (frame.node, container);
        }
      else
        {
          g_autoptr(JsonArray) container = json_array_new ();

          json_node_init_array (frame.node, container);
        }
    }
  frame.first_name = r->names != NULL ? r->names->len : 0;
  g_array_append_val (r->frames, frame);
  r->p++;
  return SPA_JSON_ERROR_NONE;
}

/* Closes the innermost container; returns its node when building. */
static JsonNode *
pop_frame (Reader *r)
{
  Frame *frame = &g_array_index (r->frames, Frame, r->frames->len - 1);
  JsonNode *node = g_steal_pointer (&frame->node);

  if (r->names != NULL)
    g_ptr_array_set_size (r->names, frame->first_name);
  g_array_set_size (r->frames, r->frames->len - 1);
  r->p++;
  return node;
}

static SpaJsonError
read_scalar (Reader    *r,
             JsonNode **node)
{
  SpaJsonError fault;

  switch (*r->p)
    {
    case '"':
      {
        const char *text;
        gsize len;

        fault = scan_string (&r->p, r->end, r->max_string, r->scratch, r->build, &text, &len);
        if (fault == SPA_JSON_ERROR_NONE && r->build)
          {
            *node = json_node_alloc ();
            json_node_init_string (*node, text);
          }
        return fault;
      }

    case 't':
    case 'f':
    case 'n':
      {
        const char *word = *r->p == 't' ? "true" : *r->p == 'f' ? "false" : "null";
        gsize len = strlen (word);

        if ((gsize)(r->end - r->p) < len || memcmp (r->p, word, len) != 0)
          return SPA_JSON_ERROR_SYNTAX;
        r->p += len;
        if (r->build)
          {
            *node = json_node_alloc ();
            if (*word == 'n')
              json_node_init_null (*node);
            else
              json_node_init_boolean (*node, *word == 't');
          }
        return SPA_JSON_ERROR_NONE;
      }

    default:
      {
        SpaJsonNumber number;

        fault = spa_json_scan_number (&r->p, r->end, &number);
        if (fault == SPA_JSON_ERROR_NONE && r->build)
          {
            *node = json_node_alloc ();
            if (number.is_integer)
              json_node_init_int (*node, number.integer);
            else
              json_node_init_double (*node, number.real);
          }
        return fault;
      }
    }
}

/* Reads one value at r->p, leaving r->p after it. */
static SpaJsonError
read_value (Reader    *r,
            JsonNode **root)
{
  enum { VALUE, NAME, AFTER } state = VALUE;
  SpaJsonError fault;

  for (;;)
    {
      g_autoptr(JsonNode) node = NULL;
      Frame *top;

      skip_space (r);
      if (r->p >= r->end)
        return SPA_JSON_ERROR_SYNTAX;

      if (state == NAME)
        {
          const char *name;
          gsize len;

          top = &g_array_index (r->frames, Frame, r->frames->len - 1);
          fault = scan_string (&r->p, r->end, r->max_string, r->scratch, r->build, &name, &len);
          if (fault != SPA_JSON_ERROR_NONE)
            return fault;
          if (!add_name (r, top, name, len))
            return SPA_JSON_ERROR_DUPLICATE;
          skip_space (r);
          if (r->p >= r->end || *r->p != ':')
            return SPA_JSON_ERROR_SYNTAX;
          r->p++;
          state = VALUE;
          continue;
        }

      if (state == VALUE && (*r->p == '{' || *r->p == '['))
        {
          gboolean object = *r->p == '{';

          if ((fault = push_frame (r, object)) != SPA_JSON_ERROR_NONE)
            return fault;
          skip_space (r);
          if (r->p < r->end && *r->p == (object ? '}' : ']'))
            node = pop_frame (r);
          else
            {
              state = object ? NAME : VALUE;
              continue;
            }
        }
      else if (state == VALUE)
        {
          if ((fault = read_scalar (r, &node)) != SPA_JSON_ERROR_NONE)
            return fault;
        }
      else /* AFTER a member or element */
        {
          top = &g_array_index (r->frames, Frame, r->frames->len - 1);
          if (*r->p == ',')
            {
              r->p++;
              state = top->object ? NAME : VALUE;
              continue;
            }
          if (*r->p != (top->object ? '}' : ']'))
            return SPA_JSON_ERROR_SYNTAX;
          node = pop_frame (r);
        }

      /* A value is complete: it is the document, or it goes into its container. */
      if (r->frames->len == 0)
        {
          if (root != NULL)
            *root = g_steal_pointer (&node);
          return SPA_JSON_ERROR_NONE;
        }
      top = &g_array_index (r->frames, Frame, r->frames->len - 1);
      if (r->build)
        {
          if (top->object)
            {
              json_object_set_member (json_node_get_object (top->node), top->name,
                                      g_steal_pointer (&node));
              g_clear_pointer (&top->name, g_free);
            }
          else
            json_array_add_element (json_node_get_array (top->node), g_steal_pointer (&node));
        }
      state = AFTER;
    }
}

static void
set_error (GError       **error,
           SpaJsonError   fault,
           const Reader  *r)
{
  gulong offset = r->p - r->start;

  switch (fault)
    {
    case SPA_JSON_ERROR_ENCODING:
      g_set_error (error, SPA_JSON_ERROR, fault,
                   _("Invalid JSON: a string is not valid UTF-8 or holds NUL or a lone "
                     "surrogate (byte %lu)."), offset);
      break;
    case SPA_JSON_ERROR_DEPTH:
      g_set_error (error, SPA_JSON_ERROR, fault,
                   _("Invalid JSON: nested deeper than %u levels (byte %lu)."),
                   r->max_depth, offset);
      break;
    case SPA_JSON_ERROR_SIZE:
      g_set_error (error, SPA_JSON_ERROR, fault,
                   _("Invalid JSON: a string is longer than %lu bytes (byte %lu)."),
                   (gulong)r->max_string, offset);
      break;
    case SPA_JSON_ERROR_NUMBER:
      g_set_error (error, SPA_JSON_ERROR, fault,
                   _("Invalid JSON: a number is out of range (byte %lu)."), offset);
      break;
    case SPA_JSON_ERROR_DUPLICATE:
      g_set_error (error, SPA_JSON_ERROR, fault,
                   _("Invalid JSON: a member name is repeated in one object (byte %lu)."),
                   offset);
      break;
    case SPA_JSON_ERROR_SYNTAX:
    case SPA_JSON_ERROR_NONE:
    default:
      g_set_error (error, SPA_JSON_ERROR, SPA_JSON_ERROR_SYNTAX,
                   _("Invalid JSON at byte %lu."), offset);
      break;
    }
}

static JsonNode *
parse (const char           *data,
       gsize                 len,
       const SpaJsonLimits  *limits,
       gboolean              build,
       gboolean             *valid,
       GError              **error)
{
  gsize max_size = limits != NULL && limits->max_size > 0 ? limits->max_size : SPA_JSON_MAX_SIZE;
  guint max_depth = limits != NULL && limits->max_depth > 0 ? limits->max_depth : SPA_JSON_MAX_DEPTH;
  gsize max_string = limits != NULL && limits->max_string > 0 ? limits->max_string : G_MAXSIZE;
  JsonNode *root = NULL;
  SpaJsonError fault;
  Reader r;

  *valid = FALSE;
  if (data == NULL && len > 0)
    {
      g_set_error (error, SPA_JSON_ERROR, SPA_JSON_ERROR_SYNTAX, _("Invalid JSON at byte 0."));
      return NULL;
    }
  if (len > max_size)
    {
      g_set_error (error, SPA_JSON_ERROR, SPA_JSON_ERROR_SIZE,
                   _("Invalid JSON: larger than %lu bytes."), (gulong)max_size);
      return NULL;
    }

  reader_init (&r, data != NULL ? data : "", len, max_depth, max_string, build);
  fault = read_value (&r, build ? &root : NULL);
  if (fault == SPA_JSON_ERROR_NONE)
    {
      /* One document, then only whitespace. */
      skip_space (&r);
      if (r.p != r.end)
        fault = SPA_JSON_ERROR_SYNTAX;
    }
  if (fault != SPA_JSON_ERROR_NONE)
    {
      set_error (error, fault, &r);
      g_clear_pointer (&root, json_node_unref);
    }
  *valid = fault == SPA_JSON_ERROR_NONE;
  reader_clear (&r);
  return root;
}

/**
 * spa_json_parse_strict:
 * @data: (array length=len): the bytes, not necessarily NUL-terminated
 * @limits: (nullable): the limits, %NULL for the protocol's defaults
 *
 * Reads one JSON document by the strict rules above, in a loop (no recursion).
 * Integers come out as G_TYPE_INT64 values, other numbers as doubles.
 *
 * Returns: (transfer full) (nullable): the document's root, or %NULL with @error set
 *   (%SPA_JSON_ERROR)
 */
JsonNode *
spa_json_parse_strict (const char           *data,
                       gsize                 len,
                       const SpaJsonLimits  *limits,
                       GError              **error)
{
  gboolean valid;

  return parse (data, len, limits, TRUE, &valid, error);
}

/**
 * spa_json_parse_bytes:
 * @bytes: (nullable): the bytes; %NULL or empty is an error
 *
 * spa_json_parse_strict() on a #GBytes, such as an HTTP body.
 *
 * Returns: (transfer full) (nullable): the root, or %NULL with @error set
 */
JsonNode *
spa_json_parse_bytes (GBytes               *bytes,
                      const SpaJsonLimits  *limits,
                      GError              **error)
{
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;

  return spa_json_parse_strict (data, len, limits, error);
}

/**
 * spa_json_validate:
 *
 * Checks @data by the same rules as spa_json_parse_strict() without building a tree.
 *
 * Returns: %TRUE if spa_json_parse_strict() would accept @data
 */
gboolean
spa_json_validate (const char           *data,
                   gsize                 len,
                   const SpaJsonLimits  *limits,
                   GError              **error)
{
  gboolean valid;

  parse (data, len, limits, FALSE, &valid, error);
  return valid;
}

/**
 * spa_json_skip_value:
 * @max_depth: how deep arrays and objects may nest from here (at least 1)
 * @max_string: the most bytes a string may have (G_MAXSIZE: no limit)
 *
 * Checks one value at *p (after any whitespace) by the strict rules, without building
 * it, and leaves *p after it. For readers that keep nested values as their text.
 *
 * Returns: %SPA_JSON_ERROR_NONE, or why the value is refused
 */
SpaJsonError
spa_json_skip_value (const char **p,
                     const char  *end,
                     guint        max_depth,
                     gsize        max_string)
{
  SpaJsonError fault;
  Reader r;

  reader_init (&r, *p, end - *p, MAX (max_depth, 1), max_string, FALSE);
  fault = read_value (&r, NULL);
  *p = r.p;
  reader_clear (&r);
  return fault;
}

/* ---- the writer ---- */

/**
 * spa_json_append_string:
 * @text: UTF-8 text; invalid bytes are written as U+FFFD
 * @len: its length in bytes, or -1 if NUL-terminated
 *
 * Appends @text as a JSON string: `"` and `\` escaped, every control character below
 * U+0020 escaped (as `\n`, `\t`, ... or `\u00XX`), everything else as UTF-8.
 */
void
spa_json_append_string (GString    *out,
                        const char *text,
                        gssize      len)
{
  const char *p = text != NULL ? text : "";
  const char *end = p + (len < 0 ? strlen (p) : (gsize)len);

  g_string_append_c (out, '"');
  while (p < end)
    {
      const char *run = p;
      const char *valid_end;

      while (p < end && plain_byte (*p) && (guchar)*p < 0x80)
        p++;
      g_string_append_len (out, run, p - run);
      if (p >= end)
        break;

      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); p++; continue;
        case '\\': g_string_append (out, "\\\\"); p++; continue;
        case '\b': g_string_append (out, "\\b"); p++; continue;
        case '\f': g_string_append (out, "\\f"); p++; continue;
        case '\n': g_string_append (out, "\\n"); p++; continue;
        case '\r': g_string_append (out, "\\r"); p++; continue;
        case '\t': g_string_append (out, "\\t"); p++; continue;
        default:
          break;
        }
      if ((guchar)*p < 0x20)
        {
          g_string_append_printf (out, "\\u%04x", (guchar)*p);
          p++;
          continue;
        }

      /* Non-ASCII: pass valid UTF-8 through, replace anything else. */
      run = p;
      while (p < end && (guchar)*p >= 0x80)
        p++;
      g_utf8_validate_len (run, p - run, &valid_end);
      g_string_append_len (out, run, valid_end - run);
      if (valid_end < p)
        {
          g_string_append (out, "\xEF\xBF\xBD");
          p = valid_end + 1;
          /* Skip the continuation bytes of the broken sequence. */
          while (p < end && ((guchar)*p & 0xC0) == 0x80)
            p++;
        }
    }
  g_string_append_c (out, '"');
}

/**
 * spa_json_append_node:
 * @node: (nullable): the value; %NULL is written as `null`
 *
 * Appends @node as compact JSON. Non-finite doubles are written as `null`.
 */
void
spa_json_append_node (GString  *out,
                      JsonNode *node)
{
  if (node == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            spa_json_append_string (out, name, -1);
            g_string_append_c (out, ':');
            spa_json_append_node (out, member);
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            spa_json_append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_DOUBLE:
          {
            double value = json_node_get_double (node);
            char buffer[G_ASCII_DTOSTR_BUF_SIZE];

            if (!isfinite (value))
              g_string_append (out, "null");
            else
              {
                g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, value));
                /* A whole double stays a double when read back (-0.0 is not 0). */
                if (strpbrk (buffer, ".eE") == NULL)
                  g_string_append (out, ".0");
              }
          }
          break;
        case G_TYPE_STRING:
          spa_json_append_string (out, json_node_get_string (node), -1);
          break;
        default:
          g_string_append (out, "null");
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * spa_json_to_string:
 * @node: (nullable): the value
 *
 * Returns: (transfer full): @node as compact JSON
 */
char *
spa_json_to_string (JsonNode *node)
{
  GString *out = g_string_sized_new (128);

  spa_json_append_node (out, node);
  return g_string_free (out, FALSE);
}

/* JSON columns hold small values: lists of codes ("conditions", "techniques"), lists of
 * flat objects ("status_history", "pain_areas"), working hours. json-glib's parser costs
 * a few microseconds of set-up per call, which was half the time to read a day of
 * bookings; this reads the plain subset we write (no escapes, integers only) directly,
 * and gives anything else (escapes, fractions, exponents) to json-glib. */
static JsonNode *stored_value (const char **p);

static void
stored_skip_space (const char **p)
{
  while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r')
    (*p)++;
}

static char *
stored_string (const char **p)
{
  const char *start = *p + 1;
  const char *end = start;
  char *value;

  while (*end && *end != '"' && *end != '\\' && (guchar)*end >= 0x20)
    end++;
  if (*end != '"')
    return NULL;
  value = g_strndup (start, end - start);
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_free (value);
      return NULL;
    }
  *p = end + 1;
  return value;
}

static JsonNode *
stored_value (const char **p)
{
  JsonNode *node = NULL;

  stored_skip_space (p);
  switch (**p)
    {
    case '"':
      {
        char *value = stored_string (p);

        if (value == NULL)
          return NULL;
        node = json_node_new (JSON_NODE_VALUE);
        json_node_set_string (node, value);
        g_free (value);
      }
      return node;

    case '[':
      {
        JsonArray *array = json_array_new ();

        (*p)++;
        stored_skip_space (p);
        while (**p != ']')
          {
            JsonNode *element = stored_value (p);

            if (element == NULL)
              goto array_failed;
            json_array_add_element (array, element);
            stored_skip_space (p);
            if (**p == ',')
              (*p)++;
            else if (**p != ']')
              goto array_failed;
          }
        (*p)++;
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (node, array);
        return node;

      array_failed:
        json_array_unref (array);
        return NULL;
      }

    case '{':
      {
        JsonObject *object = json_object_new ();

        (*p)++;
        stored_skip_space (p);
        while (**p != '}')
          {
            char *name;
            JsonNode *member;

            if (**p != '"' || (name = stored_string (p)) == NULL)
              goto object_failed;
            stored_skip_space (p);
            if (**p != ':')
              {
                g_free (name);
                goto object_failed;
              }
            (*p)++;
            member = stored_value (p);
            if (member == NULL)
              {
                g_free (name);
                goto object_failed;
              }
            json_object_set_member (object, name, member);
            g_free (name);
            stored_skip_space (p);
            if (**p == ',')
              {
                (*p)++;
                stored_skip_space (p);
              }
            else if (**p != '}')
              goto object_failed;
          }
        (*p)++;
        node = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (node, object);
        return node;

      object_failed:
        json_object_unref (object);
        return NULL;
      }

    case 't':
    case 'f':
    case 'n':
      if (strncmp (*p, "true", 4) == 0 || strncmp (*p, "false", 5) == 0)
        {
          gboolean value = **p == 't';

          *p += value ? 4 : 5;
          node = json_node_new (JSON_NODE_VALUE);
          json_node_set_boolean (node, value);
          return node;
        }
      if (strncmp (*p, "null", 4) == 0)
        {
          *p += 4;
          return json_node_new (JSON_NODE_NULL);
        }
      return NULL;

    default:
      if (**p == '-' || g_ascii_isdigit (**p))
        {
          const char *start = *p;
          gint64 value;
          char *end;

          if (**p == '-')
            (*p)++;
          while (g_ascii_isdigit (**p))
            (*p)++;
          /* Fractions and exponents, and numbers too long for 64 bits, go to json-glib. */
          if (**p == '.' || **p == 'e' || **p == 'E' || *p - start > 18)
            return NULL;
          value = g_ascii_strtoll (start, &end, 10);
          if (end != *p)
            return NULL;
          node = json_node_new (JSON_NODE_VALUE);
          json_node_set_int (node, value);
          return node;
        }
      return NULL;
    }
}

/**
 * spa_json_parse_stored:
 * @text: (nullable): JSON as the store wrote it in a column
 *
 * Reads a JSON column: the plain subset directly, anything else through json-glib.
 * Only for text the store wrote itself; bytes from the network go to
 * spa_json_parse_strict().
 *
 * Returns: (transfer full) (nullable): the value, or %NULL for %NULL or bad text
 */
JsonNode *
spa_json_parse_stored (const char *text)
{
  const char *p = text;
  JsonNode *node;

  if (text == NULL)
    return NULL;

  node = stored_value (&p);
  if (node != NULL)
    {
      stored_skip_space (&p);
      if (*p == '\0')
        return node;
      json_node_unref (node);
    }

  return json_from_string (text, NULL);
}

/**
 * spa_json_member_string:
 *
 * Returns: (transfer none) (nullable): the member @name of @object if it is a string,
 *   else %NULL
 */
const char *
spa_json_member_string (JsonObject *object,
                        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * spa_json_member_object:
 *
 * Returns: (transfer none) (nullable): the member @name of @object if it is an object,
 *   else %NULL
 */
JsonObject *
spa_json_member_object (JsonObject *object,
                        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}
