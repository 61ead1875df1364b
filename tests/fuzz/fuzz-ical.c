/* fuzz-ical.c: libFuzzer harness for the iCalendar text writer
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spa-ical.h"

/*
 * Properties, for any bytes a record may hold (a name, a service, a note): the escaped
 * and folded line is content lines as RFC 5545 wants them (UTF-8, CRLF, at most 75
 * octets), and unfolded and unescaped it reads back as the text normalised
 * (spa_ical_normalize_text()).
 */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *)data, size);
  g_autofree char *value = spa_ical_escape_text (text);
  g_autofree char *line = g_strconcat ("SUMMARY:", value, NULL);
  g_autofree char *expected = spa_ical_normalize_text (text);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *unfolded = NULL;
  g_autofree char *back = NULL;
  gsize length;

  spa_ical_append_line (out, line);
  if (!spa_ical_check_lines (out->str, &error))
    {
      g_printerr ("bad content lines: %s\n", error->message);
      abort ();
    }
  unfolded = spa_ical_unfold (out->str);
  length = strlen (unfolded);
  if (length < 2 || strcmp (unfolded + length - 2, "\r\n") != 0 ||
      strpbrk (unfolded, "\r\n") != unfolded + length - 2)
    abort ();
  unfolded[length - 2] = '\0';
  back = spa_ical_unescape_text (unfolded + strlen ("SUMMARY:"));
  if (strcmp (back, expected) != 0)
    {
      g_printerr ("read back %s, expected %s\n", back, expected);
      abort ();
    }
  return 0;
}
