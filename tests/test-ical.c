/* test-ical.c: iCalendar text, escaped and folded as RFC 5545 wants it
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-ical.h"

static void
test_escape_examples (void)
{
  g_autofree char *escaped = spa_ical_escape_text ("Ana, RMT; back\\neck\r\nnext\rline");
  g_autofree char *back = spa_ical_unescape_text (escaped);
  g_autofree char *controls = spa_ical_escape_text ("a\001b\tc\x7f" "d");

  g_assert_cmpstr (escaped, ==, "Ana\\, RMT\\; back\\\\neck\\nnext\\nline");
  g_assert_cmpstr (back, ==, "Ana, RMT; back\\neck\nnext\nline");
  /* TEXT may hold a tab, never another control character. */
  g_assert_cmpstr (controls, ==, "ab\tcd");
}

static void
test_fold_examples (void)
{
  g_autoptr(GString) exact = g_string_new (NULL);
  g_autoptr(GString) longer = g_string_new (NULL);
  g_autoptr(GString) wide = g_string_new (NULL);
  g_autoptr(GString) empty = g_string_new (NULL);
  g_autofree char *line75 = g_strnfill (75, 'a');
  g_autofree char *line76 = g_strnfill (76, 'b');
  g_autoptr(GString) accents = g_string_new ("SUMMARY:");
  g_autofree char *unfolded = NULL;
  g_autofree char *expected = NULL;

  spa_ical_append_line (exact, line75);
  g_assert_cmpuint (exact->len, ==, 77);
  g_assert_true (g_str_has_suffix (exact->str, "a\r\n"));

  spa_ical_append_line (longer, line76);
  g_assert_cmpstr (longer->str + 75, ==, "\r\n b\r\n");

  /* "é" is two octets: the line breaks before one that would not fit, not inside it. */
  for (guint i = 0; i < 40; i++)
    g_string_append (accents, "é");
  spa_ical_append_line (wide, accents->str);
  g_assert_true (spa_ical_check_lines (wide->str, NULL));
  g_assert_cmpstr (wide->str + 74, ==, "\r\n ééééééé\r\n");
  unfolded = spa_ical_unfold (wide->str);
  expected = g_strconcat (accents->str, "\r\n", NULL);
  g_assert_cmpstr (unfolded, ==, expected);

  spa_ical_append_line (empty, "");
  g_assert_cmpstr (empty->str, ==, "\r\n");
}

/* A text of random characters: ASCII, the ones escaping concerns, controls, two-,
 * three- and four-octet characters, and now and then a byte that is not UTF-8. */
static char *
random_text (GRand *rand)
{
  static const char * const pieces[] = {
    "a", "Z", " ", ",", ";", "\\", ":", "\"", "\n", "\r", "\r\n", "\t", "\001", "\x7f",
    "é", "–", "€", "日本", "😀", "\xc3", "\xff", "n", "N", "\\n",
  };
  guint length = g_rand_int_range (rand, 0, 400);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < length; i++)
    g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  return g_string_free (text, FALSE);
}

/* Whatever the text, the line is valid content lines and reads back as the text. */
static void
check_round_trip (const char *text)
{
  g_autofree char *value = spa_ical_escape_text (text);
  g_autofree char *line = g_strconcat ("DESCRIPTION:", value, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *unfolded = NULL;
  g_autofree char *back = NULL;
  g_autofree char *expected = spa_ical_normalize_text (text);
  gsize length;

  spa_ical_append_line (out, line);
  if (!spa_ical_check_lines (out->str, &error))
    g_error ("%s for %s", error->message, text);

  unfolded = spa_ical_unfold (out->str);
  length = strlen (unfolded);
  g_assert_true (g_str_has_suffix (unfolded, "\r\n"));
  unfolded[length - 2] = '\0';
  g_assert_null (strpbrk (unfolded, "\r\n"));
  g_assert_true (g_str_has_prefix (unfolded, "DESCRIPTION:"));

  /* No separator is left bare: a comma or semicolon would split the value. */
  for (const char *p = unfolded + strlen ("DESCRIPTION:"); *p; p++)
    {
      if (*p == '\\')
        {
          p++;
          g_assert_true (*p == '\\' || *p == ',' || *p == ';' || *p == 'n');
        }
      else
        g_assert_true (*p != ',' && *p != ';');
    }

  back = spa_ical_unescape_text (unfolded + strlen ("DESCRIPTION:"));
  g_assert_cmpstr (back, ==, expected);
}

static void
test_round_trip_property (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *text = random_text (rand);

      check_round_trip (text);
    }
}

static void
test_event (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  SpaIcalEvent event = {
    .uid = "6f1c5a64-8d0e-4c0b-9f7e-2f1c6b7d8e9f@spa-desk",
    .starts_at = "2026-11-25T17:30:00Z",
    .ends_at = "2026-11-25T18:30:00Z",
    .summary = "Swedish massage, 60 min; with \"Ana\"",
    .status = "CONFIRMED",
    .organizer = "spa@example.com",
    .organizer_name = "Cedar \"&\" Stone",
    .attendee = "client@example.com\r\nX-EVIL:1",
    .attendee_name = "Ma;rie",
  };
  SpaIcalEvent bad = event;
  g_autofree char *unfolded = NULL;

  spa_ical_begin_calendar (out, "REQUEST", NULL);
  g_assert_true (spa_ical_append_event (out, &event, "2026-11-20T10:00:00-08:00"));
  bad.starts_at = "yesterday";
  g_assert_false (spa_ical_append_event (out, &bad, "2026-11-20T10:00:00Z"));
  spa_ical_end_calendar (out);

  g_assert_true (spa_ical_check_lines (out->str, NULL));
  unfolded = spa_ical_unfold (out->str);
  g_assert_nonnull (strstr (unfolded, "\r\nMETHOD:REQUEST\r\n"));
  g_assert_nonnull (strstr (unfolded, "\r\nDTSTAMP:20261120T180000Z\r\n"));
  g_assert_nonnull (strstr (unfolded,
                            "\r\nDTSTART:20261125T173000Z\r\nDTEND:20261125T183000Z\r\n"));
  g_assert_nonnull (strstr (unfolded,
                            "\r\nSUMMARY:Swedish massage\\, 60 min\\; with \"Ana\"\r\n"));
  g_assert_nonnull (strstr (unfolded,
                            "\r\nORGANIZER;CN=\"Cedar & Stone\":mailto:spa@example.com\r\n"));
  /* A line end in an address cannot start a property of its own. */
  g_assert_null (strstr (unfolded, "\r\nX-EVIL"));
  g_assert_nonnull (strstr (unfolded, "CN=\"Ma;rie\";ROLE=REQ-PARTICIPANT"));
  g_assert_true (g_str_has_suffix (unfolded, "END:VEVENT\r\nEND:VCALENDAR\r\n"));
  /* The bad event left nothing behind. */
  g_assert_null (strstr (strstr (unfolded, "END:VEVENT") + 1, "BEGIN:VEVENT"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ical/escape", test_escape_examples);
  g_test_add_func ("/ical/fold", test_fold_examples);
  g_test_add_func ("/ical/round-trip", test_round_trip_property);
  g_test_add_func ("/ical/event", test_event);

  return g_test_run ();
}
