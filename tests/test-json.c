/* test-json.c: the strict JSON reader and the JSON writer
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-json.h"

static JsonNode *
parse (const char *text,
       GError    **error)
{
  return spa_json_parse_strict (text, strlen (text), NULL, error);
}

static void
assert_refused (const char   *text,
                gsize         len,
                SpaJsonError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) check_error = NULL;
  g_autoptr(JsonNode) node = spa_json_parse_strict (text, len, NULL, &error);

  if (node != NULL)
    g_error ("accepted: %.*s", (int)MIN (len, 80), text);
  g_assert_error (error, SPA_JSON_ERROR, (int)code);
  /* The checker and the parser agree. */
  g_assert_false (spa_json_validate (text, len, NULL, &check_error));
  g_assert_error (check_error, SPA_JSON_ERROR, (int)code);
}

#define REFUSED(text, code) assert_refused (text, sizeof (text) - 1, code)

static void
test_json_lenient_refused (void)
{
  REFUSED ("", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("   ", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("{'a': 1}", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("{\"a\": 'x'}", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("{\"a\": 1 /* c */}", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("// c\n{}", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("# c\n{}", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("\xEF\xBB\xBF{}", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("{} {}", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("{}x", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[1,]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("{\"a\":1,}", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[01]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[+1]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[.5]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[1.]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[1e]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[NaN]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[Infinity]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[0x10]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[tru]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[True]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("{a: 1}", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[\"\\377\"]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[\"\\101\"]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[\"\\q\"]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[\"\\x41\"]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[\"\\udev-1\"]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[\"\\u12\"]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[\"a\tb\"]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[\"a\x01b\"]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[\"a\nb\"]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[\"abc", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[\"abc\\", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("\f{}", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("{\"a\" 1}", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[1 2]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[}", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("{]", SPA_JSON_ERROR_SYNTAX);
  REFUSED ("[[]", SPA_JSON_ERROR_SYNTAX);
  assert_refused ("[1]\0", 4, SPA_JSON_ERROR_SYNTAX);
  assert_refused ("[\"a\0b\"]", 7, SPA_JSON_ERROR_SYNTAX);
}

static void
test_json_encoding_refused (void)
{
  REFUSED ("[\"a\\u0000b\"]", SPA_JSON_ERROR_ENCODING);
  REFUSED ("[\"\\udc00\"]", SPA_JSON_ERROR_ENCODING);
  REFUSED ("[\"\\ud800\"]", SPA_JSON_ERROR_ENCODING);
  REFUSED ("[\"\\ud800x\"]", SPA_JSON_ERROR_ENCODING);
  REFUSED ("[\"\\ud800\\u0041\"]", SPA_JSON_ERROR_ENCODING);
  REFUSED ("[\"\\ud800\\ud800\"]", SPA_JSON_ERROR_ENCODING);
  REFUSED ("[\"\xFF\"]", SPA_JSON_ERROR_ENCODING);
  REFUSED ("[\"\xC3\"]", SPA_JSON_ERROR_ENCODING);
  REFUSED ("[\"\xC0\xAF\"]", SPA_JSON_ERROR_ENCODING);
  REFUSED ("[\"\xED\xB0\x80\"]", SPA_JSON_ERROR_ENCODING);
  REFUSED ("[\"\xF4\x90\x80\x80\"]", SPA_JSON_ERROR_ENCODING);
  REFUSED ("{\"\xFF\": 1}", SPA_JSON_ERROR_ENCODING);
  REFUSED ("[\"\\n\xFF\"]", SPA_JSON_ERROR_ENCODING);
}

static void
test_json_numbers (void)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  REFUSED ("[9223372036854775808]", SPA_JSON_ERROR_NUMBER);
  REFUSED ("[-9223372036854775809]", SPA_JSON_ERROR_NUMBER);
  REFUSED ("[18446744073709551616]", SPA_JSON_ERROR_NUMBER);
  REFUSED ("[99999999999999999999999999]", SPA_JSON_ERROR_NUMBER);
  REFUSED ("[1e400]", SPA_JSON_ERROR_NUMBER);
  REFUSED ("[-1e400]", SPA_JSON_ERROR_NUMBER);

  node = parse ("[9223372036854775807, -9223372036854775808, 0, -0, 1.5, 2e3, 1e-400]", NULL);
  g_assert_nonnull (node);
  array = json_node_get_array (node);
  g_assert_cmpint (json_array_get_int_element (array, 0), ==, G_MAXINT64);
  g_assert_cmpint (json_array_get_int_element (array, 1), ==, G_MININT64);
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 2)), ==, G_TYPE_INT64);
  g_assert_cmpint (json_array_get_int_element (array, 3), ==, 0);
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 4)), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_array_get_double_element (array, 4), ==, 1.5);
  g_assert_cmpfloat (json_array_get_double_element (array, 5), ==, 2000.0);
  g_assert_cmpfloat (json_array_get_double_element (array, 6), ==, 0.0);
}

static void
test_json_duplicates (void)
{
  g_autoptr(GString) many = g_string_new ("{");

  REFUSED ("{\"a\": 1, \"a\": 2}", SPA_JSON_ERROR_DUPLICATE);
  REFUSED ("{\"a\": 1, \"\\u0061\": 2}", SPA_JSON_ERROR_DUPLICATE);
  REFUSED ("[{\"a\": {\"a\": 1, \"b\": 2, \"b\": 3}}]", SPA_JSON_ERROR_DUPLICATE);

  /* Same name in different objects is fine, nested or not. */
  g_assert_true (spa_json_validate ("{\"a\": {\"a\": {\"a\": 1}}, \"b\": [{\"a\": 1}, {\"a\": 2}]}",
                                    -1 + sizeof "{\"a\": {\"a\": {\"a\": 1}}, \"b\": [{\"a\": 1}, {\"a\": 2}]}",
                                    NULL, NULL));

  /* Past the linear look-up, names go in a hash table. */
  for (int i = 0; i < 100; i++)
    g_string_append_printf (many, "%s\"m%d\": {\"x\": %d}", i ? "," : "", i, i);
  g_string_append (many, "}");
  g_assert_true (spa_json_validate (many->str, many->len, NULL, NULL));
  g_string_truncate (many, many->len - 1);
  g_string_append (many, ", \"m57\": 0}");
  assert_refused (many->str, many->len, SPA_JSON_ERROR_DUPLICATE);
}

static void
test_json_deep (void)
{
  gsize n = 100000;
  g_autofree char *deep = g_malloc (2 * n);
  SpaJsonLimits limits = { .max_depth = 3 };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  /* 100 000 brackets: refused at the limit, no stack overflow. */
  memset (deep, '[', n);
  memset (deep + n, ']', n);
  assert_refused (deep, 2 * n, SPA_JSON_ERROR_DEPTH);
  memset (deep, '{', n);
  assert_refused (deep, n, SPA_JSON_ERROR_SYNTAX);

  /* Exactly the limit is fine. */
  node = spa_json_parse_strict ("[[[1]]]", 7, &limits, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);
  node = spa_json_parse_strict ("[[[[1]]]]", 9, &limits, &error);
  g_assert_error (error, SPA_JSON_ERROR, SPA_JSON_ERROR_DEPTH);
  g_assert_null (node);
  g_clear_error (&error);

  memset (deep, '[', SPA_JSON_MAX_DEPTH);
  memset (deep + SPA_JSON_MAX_DEPTH, ']', SPA_JSON_MAX_DEPTH);
  g_assert_true (spa_json_validate (deep, 2 * SPA_JSON_MAX_DEPTH, NULL, NULL));
  memset (deep, '[', SPA_JSON_MAX_DEPTH + 1);
  memset (deep + SPA_JSON_MAX_DEPTH + 1, ']', SPA_JSON_MAX_DEPTH + 1);
  assert_refused (deep, 2 * SPA_JSON_MAX_DEPTH + 2, SPA_JSON_ERROR_DEPTH);
}

static void
test_json_sizes (void)
{
  SpaJsonLimits limits = { .max_size = 11, .max_string = 3 };
  g_autoptr(GError) error = NULL;

  g_assert_true (spa_json_validate ("[\"abc\"]", 7, &limits, NULL));
  g_assert_true (spa_json_validate ("[\"\\u00e9a\"]", 11, &limits, NULL));
  g_assert_false (spa_json_validate ("[\"abcd\"]", 8, &limits, &error));
  g_assert_error (error, SPA_JSON_ERROR, SPA_JSON_ERROR_SIZE);
  g_clear_error (&error);
  g_assert_false (spa_json_validate ("{\"abcd\":1}", 10, &limits, &error));
  g_assert_error (error, SPA_JSON_ERROR, SPA_JSON_ERROR_SIZE);
  g_clear_error (&error);
  g_assert_false (spa_json_validate ("[1,2,3,4,5,6]", 13, &limits, &error));
  g_assert_error (error, SPA_JSON_ERROR, SPA_JSON_ERROR_SIZE);
}

static void
test_json_accepted (void)
{
  const char *text = " {\"s\": \"caf\xC3\xA9 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00\","
                     " \"n\": null, \"t\": true, \"f\": false, \"a\": [], \"o\": {},"
                     " \"e\": \"\", \"i\": -12} \r\n\t";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = parse (text, &error);
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "s"), ==,
                   "caf\xC3\xA9 \"q\" \\ / \b\f\n\r\t \xC3\xA9 \xF0\x9F\x98\x80");
  g_assert_true (json_object_get_null_member (object, "n"));
  g_assert_true (json_object_get_boolean_member (object, "t"));
  g_assert_false (json_object_get_boolean_member (object, "f"));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (object, "a")), ==, 0);
  g_assert_cmpint (json_object_get_size (json_object_get_object_member (object, "o")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "e"), ==, "");
  g_assert_cmpint (json_object_get_int_member (object, "i"), ==, -12);

  /* Scalars are documents too. */
  g_clear_pointer (&node, json_node_unref);
  node = parse ("\"x\"", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (node), ==, "x");
}

static void
test_json_skip_value (void)
{
  const char *text = "[{\"a\": [1, 2]}, 3] , rest";
  const char *p = text;

  g_assert_cmpint (spa_json_skip_value (&p, text + strlen (text), 3, G_MAXSIZE), ==,
                   SPA_JSON_ERROR_NONE);
  g_assert_cmpstr (p, ==, " , rest");
  p = text;
  g_assert_cmpint (spa_json_skip_value (&p, text + strlen (text), 2, G_MAXSIZE), ==,
                   SPA_JSON_ERROR_DEPTH);
}

static void
test_json_writer (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *text = NULL;
  char all[33];

  /* Every control character is escaped; the output reads back the same. */
  for (int i = 1; i < 32; i++)
    all[i - 1] = (char)i;
  all[31] = '"';
  all[32] = '\0';
  spa_json_append_string (out, all, -1);
  for (gsize i = 1; i < out->len - 1; i++)
    g_assert_cmpint ((guchar)out->str[i], >=, 0x20);
  node = spa_json_parse_strict (out->str, out->len, NULL, NULL);
  g_assert_nonnull (node);
  g_assert_cmpstr (json_node_get_string (node), ==, all);

  /* Invalid UTF-8 becomes U+FFFD: what is written is always valid. */
  g_string_truncate (out, 0);
  spa_json_append_string (out, "a\xFF" "b\xE2\x82" "c\xED\xB0\x80" "d\xC3\xA9", -1);
  g_assert_cmpstr (out->str, ==,
                   "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d\xC3\xA9\"");
  g_assert_true (spa_json_validate (out->str, out->len, NULL, NULL));

  /* A NUL within an explicit length is escaped (and then refused when read). */
  g_string_truncate (out, 0);
  spa_json_append_string (out, "a\0b", 3);
  g_assert_cmpstr (out->str, ==, "\"a\\u0000b\"");

  /* Trees: compact, members in order, doubles as doubles. */
  g_clear_pointer (&node, json_node_unref);
  node = parse ("{\"z\": [1, 2.5, \"x\\ny\", null, true], \"a\": {\"b\": false}}", NULL);
  text = spa_json_to_string (node);
  g_assert_cmpstr (text, ==, "{\"z\":[1,2.5,\"x\\ny\",null,true],\"a\":{\"b\":false}}");
  back = parse (text, NULL);
  g_assert_true (json_node_equal (node, back));

  /* Whole doubles stay doubles, -0.0 included (found by fuzzing). */
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&text, g_free);
  node = parse ("[-0.0, 2e0, 1e20]", NULL);
  text = spa_json_to_string (node);
  g_assert_cmpstr (text, ==, "[-0.0,2.0,1e+20]");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/lenient-refused", test_json_lenient_refused);
  g_test_add_func ("/json/encoding-refused", test_json_encoding_refused);
  g_test_add_func ("/json/numbers", test_json_numbers);
  g_test_add_func ("/json/duplicates", test_json_duplicates);
  g_test_add_func ("/json/deep", test_json_deep);
  g_test_add_func ("/json/sizes", test_json_sizes);
  g_test_add_func ("/json/accepted", test_json_accepted);
  g_test_add_func ("/json/skip-value", test_json_skip_value);
  g_test_add_func ("/json/writer", test_json_writer);

  return g_test_run ();
}
