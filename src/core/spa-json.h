/* spa-json.h: the one strict, bounded JSON reader and the one JSON writer
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * SpaJsonError:
 * @SPA_JSON_ERROR_NONE: not an error (what the scanners return on success)
 * @SPA_JSON_ERROR_SYNTAX: not RFC 8259 JSON (comments, single quotes, a BOM, a second
 *   document, a bad escape such as `\377` or `\udev-1`, ...)
 * @SPA_JSON_ERROR_ENCODING: a string that is not valid UTF-8, holds NUL (`\u0000`) or
 *   a lone surrogate
 * @SPA_JSON_ERROR_DEPTH: arrays and objects nested deeper than the limit
 * @SPA_JSON_ERROR_SIZE: the document or one string is larger than the limit
 * @SPA_JSON_ERROR_NUMBER: an integer outside the signed 64-bit range, or a number
 *   outside the range of a double
 * @SPA_JSON_ERROR_DUPLICATE: the same member name twice in one object
 */
typedef enum
{
  SPA_JSON_ERROR_NONE,
  SPA_JSON_ERROR_SYNTAX,
  SPA_JSON_ERROR_ENCODING,
  SPA_JSON_ERROR_DEPTH,
  SPA_JSON_ERROR_SIZE,
  SPA_JSON_ERROR_NUMBER,
  SPA_JSON_ERROR_DUPLICATE,
} SpaJsonError;

#define SPA_JSON_ERROR (spa_json_error_quark ())
GQuark spa_json_error_quark (void);

/* The protocol's limits (docs/sync-protocol.md). */
#define SPA_JSON_MAX_DEPTH 64
#define SPA_JSON_MAX_SIZE  (10 * 1024 * 1024)

/**
 * SpaJsonLimits:
 * @max_depth: how deep arrays and objects may nest (the outermost is level 1); 0 means
 *   %SPA_JSON_MAX_DEPTH
 * @max_size: the most bytes the whole document may have; 0 means %SPA_JSON_MAX_SIZE
 * @max_string: the most bytes one string (member names included) may have once
 *   unescaped; 0 means no limit but @max_size
 *
 * A %NULL #SpaJsonLimits means all defaults.
 */
typedef struct
{
  guint max_depth;
  gsize max_size;
  gsize max_string;
} SpaJsonLimits;

JsonNode *spa_json_parse_strict  (const char           *data,
                                  gsize                 len,
                                  const SpaJsonLimits  *limits,
                                  GError              **error);
JsonNode *spa_json_parse_bytes   (GBytes               *bytes,
                                  const SpaJsonLimits  *limits,
                                  GError              **error);
gboolean  spa_json_validate      (const char           *data,
                                  gsize                 len,
                                  const SpaJsonLimits  *limits,
                                  GError              **error);

/* The writer: compact RFC 8259 JSON, always valid UTF-8, every control character
 * escaped. Used for everything Spa Desk stores or sends. */
void      spa_json_append_string (GString              *out,
                                  const char           *text,
                                  gssize                len);
void      spa_json_append_node   (GString              *out,
                                  JsonNode             *node);
char     *spa_json_to_string     (JsonNode             *node);

/* JSON the store itself wrote in a column (fast for the plain subset it writes). */
JsonNode *spa_json_parse_stored  (const char           *text);

/* A member of a parsed object if it has that type, else NULL. */
const char *spa_json_member_string (JsonObject       *object,
                                    const char       *name);
JsonObject *spa_json_member_object (JsonObject       *object,
                                    const char       *name);

/*
 * The lexical rules, shared by every reader of network bytes (the tree parser above and
 * the one-pass pull page reader) so that the server and the desks agree byte for byte
 * on what valid JSON is. Each scanner starts at *p, stops at @end, and on success
 * leaves *p after what it read.
 */

/**
 * SpaJsonNumber:
 * @is_integer: the number has no fraction and no exponent (then @integer holds it)
 * @integer: the value of an integer
 * @real: the value, for any number
 */
typedef struct
{
  gboolean is_integer;
  gint64   integer;
  double   real;
} SpaJsonNumber;

static inline gboolean
spa_json_is_space (char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

SpaJsonError spa_json_scan_string (const char    **p,
                                   const char     *end,
                                   gsize           max_len,
                                   GString        *scratch,
                                   const char    **text,
                                   gsize          *len);
SpaJsonError spa_json_scan_number (const char    **p,
                                   const char     *end,
                                   SpaJsonNumber  *number);
SpaJsonError spa_json_skip_value  (const char    **p,
                                   const char     *end,
                                   guint           max_depth,
                                   gsize           max_string);

G_END_DECLS
