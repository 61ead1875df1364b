/* fuzz-json.c: libFuzzer harness for the strict JSON reader and the writer
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spa-json.h"

/*
 * Properties: the checker and the tree parser agree on every input; what is accepted
 * is written back as strict JSON that reads back to the same text; the value scanner
 * used by the page reader agrees with both.
 */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *)data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = spa_json_parse_strict (text, size, NULL, &error);
  gboolean valid = spa_json_validate (text, size, NULL, NULL);
  const char *p = text;
  SpaJsonError skipped;

  if ((node != NULL) != valid)
    {
      g_printerr ("parser and checker disagree: %s\n", error ? error->message : "accepted");
      abort ();
    }
  g_assert (node != NULL || error != NULL);

  /* The scanner reads exactly one value: valid documents are one value, then spaces. */
  while (p < text + size && spa_json_is_space (*p))
    p++;
  skipped = spa_json_skip_value (&p, text + size, SPA_JSON_MAX_DEPTH, G_MAXSIZE);
  if (valid)
    {
      g_assert (skipped == SPA_JSON_ERROR_NONE);
      while (p < text + size && spa_json_is_space (*p))
        p++;
      g_assert (p == text + size);
    }

  if (node != NULL)
    {
      g_autofree char *written = spa_json_to_string (node);
      g_autoptr(JsonNode) again = spa_json_parse_strict (written, strlen (written), NULL, NULL);
      g_autofree char *rewritten = NULL;

      if (again == NULL)
        {
          g_printerr ("the writer wrote what the reader refuses: %s\n", written);
          abort ();
        }
      rewritten = spa_json_to_string (again);
      g_assert_cmpstr (written, ==, rewritten);
    }

  return 0;
}
