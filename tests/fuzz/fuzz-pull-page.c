/* fuzz-pull-page.c: libFuzzer harness for the desk's one-pass pull page reader
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
#include "spa-sync-page.h"

/*
 * Properties: the page reader accepts nothing the strict reader refuses (the server
 * and the desks agree byte for byte on what valid JSON is); every span it returns lies
 * in the body; strings are valid UTF-8 without NUL; nested values are strict JSON.
 */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
inside (GBytes     *body,
        const char *text,
        gsize       len)
{
  gsize size;
  const char *start = g_bytes_get_data (body, &size);

  return text >= start && text + len <= start + size;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(SpaPullPage) page = spa_pull_page_parse (body, NULL);
  SpaJsonLimits unbounded = { .max_size = G_MAXSIZE };

  if (page == NULL)
    return 0;

  if (!spa_json_validate ((const char *)data, size, &unbounded, NULL))
    {
      g_printerr ("the page reader accepted what the strict reader refuses\n");
      abort ();
    }

  for (guint i = 0; i < spa_pull_page_get_n_changes (page); i++)
    {
      const SpaWireChange *change = spa_pull_page_get_change (page, i);

      if (change->entity != NULL)
        g_assert (g_utf8_validate_len (change->entity, change->entity_len, NULL));
      if (change->record != NULL)
        g_assert (inside (body, change->record, change->record_len));
      for (guint m = 0; m < change->n_members; m++)
        {
          const SpaWireMember *member = &change->members[m];

          g_assert (g_utf8_validate_len (member->name, member->name_len, NULL));
          g_assert (memchr (member->name, '\0', member->name_len) == NULL);
          switch (member->kind)
            {
            case SPA_WIRE_STRING:
              g_assert (g_utf8_validate_len (member->text, member->len, NULL));
              g_assert (memchr (member->text, '\0', member->len) == NULL);
              break;
            case SPA_WIRE_OBJECT:
            case SPA_WIRE_ARRAY:
              g_assert (inside (body, member->text, member->len));
              g_assert (spa_json_validate (member->text, member->len, &unbounded, NULL));
              break;
            case SPA_WIRE_INTEGER:
            case SPA_WIRE_NUMBER:
              g_assert (inside (body, member->text, member->len));
              break;
            default:
              g_assert (member->text == NULL);
            }
        }
    }

  return 0;
}
