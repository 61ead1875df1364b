/* test-sync-page.c: the one-pass reader of pull pages, on valid and broken JSON
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "spa-json.h"
#include "spa-sync-page.h"

typedef struct
{
  gpointer base;
  gsize    size;
} Mapping;

static void
mapping_free (gpointer data)
{
  Mapping *mapping = data;

  munmap (mapping->base, mapping->size);
  g_free (mapping);
}

/* A copy of @data ending where an unreadable page starts: a read past the end of the
 * body crashes the test instead of going unnoticed. */
static GBytes *
bytes_before_guard_page (const char *data,
                         gsize       len)
{
  gsize page_size = sysconf (_SC_PAGESIZE);
  Mapping *mapping = g_new0 (Mapping, 1);
  char *guard;

  mapping->size = (len / page_size + 2) * page_size;
  mapping->base = mmap (NULL, mapping->size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  g_assert_true (mapping->base != MAP_FAILED);
  guard = (char *) mapping->base + mapping->size - page_size;
  g_assert_cmpint (mprotect (guard, page_size, PROT_NONE), ==, 0);
  memcpy (guard - len, data, len);
  return g_bytes_new_with_free_func (guard - len, len, mapping_free, mapping);
}

static SpaPullPage *
parse_ok (const char  *json,
          GBytes     **body_out)
{
  g_autoptr(GBytes) body = bytes_before_guard_page (json, strlen (json));
  g_autoptr(GError) error = NULL;
  SpaPullPage *page = spa_pull_page_parse (body, &error);

  g_assert_no_error (error);
  g_assert_nonnull (page);
  if (body_out != NULL)
    *body_out = g_steal_pointer (&body);
  return page;
}

static void
check_rejected_bytes (GBytes     *body,
                      const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaPullPage) page = spa_pull_page_parse (body, &error);

  /* Not an assertion: one run lists every input wrongly accepted. */
  if (page != NULL)
    g_test_fail_printf ("accepted %s", what);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    g_test_fail_printf ("no G_IO_ERROR_INVALID_DATA for %s", what);
}

static void
check_rejected (const char *json)
{
  g_autoptr(GBytes) body = bytes_before_guard_page (json, strlen (json));
  g_autofree char *what = g_strescape (json, NULL);

  check_rejected_bytes (body, what);
}

static void
assert_span (const char *text,
             gsize       len,
             const char *expected)
{
  g_assert_nonnull (text);
  g_assert_cmpmem (text, len, expected, strlen (expected));
}

static gboolean
points_into (GBytes     *body,
             const char *text)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  return text >= data && text < data + size;
}

static const SpaWireMember *
find_member (const SpaWireChange *change,
             const char          *name)
{
  for (guint i = 0; i < change->n_members; i++)
    if (change->members[i].name_len == strlen (name) &&
        memcmp (change->members[i].name, name, strlen (name)) == 0)
      return &change->members[i];
  g_error ("no member %s", name);
}

#define CLIENT_RECORD \
  "{\"id\": \"c-1\", \"first_name\": \"Ana\", \"version\": 3, \"deleted\": false,\n" \
  "   \"phone\": null, \"conditions\": [\"asthma\", \"pregnancy\"], \"consent\": true,\n" \
  "   \"prefs\": {\"pressure\": \"light\", \"note\": \"}]\"}}"

static const char normal_page[] =
  "{\"server\": {\"name\": \"spa\", \"list\": [1, {\"changes\": []}]},\n"
  " \"changes\": [\n"
  "  {\"op\": \"upsert\", \"entity\": \"client\",\n"
  "   \"record\": " CLIENT_RECORD "},\n"
  "  {\"entity\": \"room\", \"record\": {}, \"extra\": [[], {}]}\n"
  " ],\n"
  " \"cursor\": 1234567890123, \"has_more\": true, \"note\": \"ignored\"}";

static void
test_normal (void)
{
  static const char *names[] = { "id", "first_name", "version", "deleted", "phone",
                                 "conditions", "consent", "prefs" };
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SpaPullPage) page = parse_ok (normal_page, &body);
  g_autoptr(SpaPullPage) empty = NULL;
  const SpaWireChange *change;
  const SpaWireMember *member;

  g_assert_cmpint (spa_pull_page_get_cursor (page), ==, G_GINT64_CONSTANT (1234567890123));
  g_assert_true (spa_pull_page_get_has_more (page));
  g_assert_cmpuint (spa_pull_page_get_n_changes (page), ==, 2);

  change = spa_pull_page_get_change (page, 0);
  assert_span (change->entity, change->entity_len, "client");
  g_assert_true (points_into (body, change->entity));
  assert_span (change->record, change->record_len, CLIENT_RECORD);
  g_assert_true (points_into (body, change->record));
  g_assert_cmpuint (change->n_members, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    assert_span (change->members[i].name, change->members[i].name_len, names[i]);

  member = find_member (change, "id");
  g_assert_cmpint (member->kind, ==, SPA_WIRE_STRING);
  assert_span (member->text, member->len, "c-1");
  g_assert_true (points_into (body, member->text));
  member = find_member (change, "version");
  g_assert_cmpint (member->kind, ==, SPA_WIRE_INTEGER);
  g_assert_cmpint (member->integer, ==, 3);
  assert_span (member->text, member->len, "3");
  g_assert_cmpint (find_member (change, "deleted")->kind, ==, SPA_WIRE_FALSE);
  g_assert_null (find_member (change, "deleted")->text);
  g_assert_cmpint (find_member (change, "consent")->kind, ==, SPA_WIRE_TRUE);
  g_assert_cmpint (find_member (change, "phone")->kind, ==, SPA_WIRE_NULL);
  member = find_member (change, "conditions");
  g_assert_cmpint (member->kind, ==, SPA_WIRE_ARRAY);
  assert_span (member->text, member->len, "[\"asthma\", \"pregnancy\"]");
  member = find_member (change, "prefs");
  g_assert_cmpint (member->kind, ==, SPA_WIRE_OBJECT);
  assert_span (member->text, member->len, "{\"pressure\": \"light\", \"note\": \"}]\"}");

  change = spa_pull_page_get_change (page, 1);
  assert_span (change->entity, change->entity_len, "room");
  assert_span (change->record, change->record_len, "{}");
  g_assert_cmpuint (change->n_members, ==, 0);

  empty = parse_ok (" \t\r\n{\"has_more\" : false ,\"cursor\":-1, \"changes\":[ ]}\n", NULL);
  g_assert_cmpint (spa_pull_page_get_cursor (empty), ==, -1);
  g_assert_false (spa_pull_page_get_has_more (empty));
  g_assert_cmpuint (spa_pull_page_get_n_changes (empty), ==, 0);
}

static const char strings_page[] =
  "{\"changes\":[{\"entity\":\"cl\\u0069ent\",\"rec\\u006frd\":{"
  "\"esc\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t.\","
  "\"accents\":\"caf\\u00e9 \\u00C9\","
  "\"emoji\":\"\\ud83d\\ude00!\","
  "\"raw\":\"caf\xc3\xa9 \xf0\x9f\x98\x80\","
  "\"n\\u0061me\":\"\\u0041\","
  "\"empty\":\"\"}}],\"cursor\":1,\"has_more\":false}";

static void
test_strings (void)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SpaPullPage) page = parse_ok (strings_page, &body);
  const SpaWireChange *change = spa_pull_page_get_change (page, 0);
  const SpaWireMember *member;

  /* Names are compared unescaped, so "rec\u006frd" is the record. */
  assert_span (change->entity, change->entity_len, "client");
  g_assert_cmpuint (change->n_members, ==, 6);

  member = find_member (change, "esc");
  g_assert_cmpint (member->kind, ==, SPA_WIRE_STRING);
  assert_span (member->text, member->len, "q\" b\\ s/ \b\f\n\r\t.");
  g_assert_false (points_into (body, member->text));
  assert_span (find_member (change, "accents")->text, find_member (change, "accents")->len,
               "caf\xc3\xa9 \xc3\x89");
  assert_span (find_member (change, "emoji")->text, find_member (change, "emoji")->len,
               "\xf0\x9f\x98\x80!");
  member = find_member (change, "raw");
  assert_span (member->text, member->len, "caf\xc3\xa9 \xf0\x9f\x98\x80");
  g_assert_true (points_into (body, member->text));
  assert_span (find_member (change, "name")->text, find_member (change, "name")->len, "A");
  member = find_member (change, "empty");
  g_assert_cmpint (member->kind, ==, SPA_WIRE_STRING);
  g_assert_cmpuint (member->len, ==, 0);
}

static const char numbers_page[] =
  "{\"changes\":[{\"entity\":\"n\",\"record\":{\"zero\":0,\"neg\":-42,"
  "\"max\":9223372036854775807,\"min\":-9223372036854775808,\"frac\":1.5,\"exp\":1e3,"
  "\"small\":-0.25E-2,"
  "\"obj\":{\"a\":[1,{\"b\":null}],\"c\":\"}\"},\"arr\":[ ],\"t\":true,\"f\":false,"
  "\"nul\":null}}],\"cursor\":9,\"has_more\":false}";

static void
test_numbers (void)
{
  static const struct { const char *name; gint64 value; } integers[] = {
    { "zero", 0 }, { "neg", -42 }, { "max", G_MAXINT64 }, { "min", G_MININT64 },
  };
  static const struct { const char *name; const char *text; } numbers[] = {
    { "frac", "1.5" }, { "exp", "1e3" }, { "small", "-0.25E-2" },
  };
  g_autoptr(SpaPullPage) page = parse_ok (numbers_page, NULL);
  const SpaWireChange *change = spa_pull_page_get_change (page, 0);
  const SpaWireMember *member;

  for (guint i = 0; i < G_N_ELEMENTS (integers); i++)
    {
      member = find_member (change, integers[i].name);
      g_assert_cmpint (member->kind, ==, SPA_WIRE_INTEGER);
      g_assert_cmpint (member->integer, ==, integers[i].value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      member = find_member (change, numbers[i].name);
      g_assert_cmpint (member->kind, ==, SPA_WIRE_NUMBER);
      assert_span (member->text, member->len, numbers[i].text);
    }
  member = find_member (change, "obj");
  g_assert_cmpint (member->kind, ==, SPA_WIRE_OBJECT);
  assert_span (member->text, member->len, "{\"a\":[1,{\"b\":null}],\"c\":\"}\"}");
  member = find_member (change, "arr");
  g_assert_cmpint (member->kind, ==, SPA_WIRE_ARRAY);
  assert_span (member->text, member->len, "[ ]");
  g_assert_cmpint (find_member (change, "t")->kind, ==, SPA_WIRE_TRUE);
  g_assert_cmpint (find_member (change, "f")->kind, ==, SPA_WIRE_FALSE);
  g_assert_cmpint (find_member (change, "nul")->kind, ==, SPA_WIRE_NULL);
  g_assert_null (find_member (change, "nul")->text);
}

static void
test_repeated (void)
{
  static const char *pages[] = {
    "{\"changes\":[],\"changes\":[],\"cursor\":3,\"has_more\":false}",
    "{\"changes\":[{\"entity\":\"a\",\"entity\":\"b\",\"record\":{}}],\"cursor\":3,\"has_more\":false}",
    "{\"changes\":[{\"entity\":\"a\",\"record\":{},\"record\":{}}],\"cursor\":3,\"has_more\":false}",
    "{\"changes\":[{\"entity\":\"a\",\"record\":{\"a\":1,\"b\":2,\"a\":3}}],\"cursor\":3,\"has_more\":false}",
    "{\"changes\":[],\"cursor\":3,\"has_more\":false,\"x\":1,\"x\":1}",
    "{\"changes\":[],\"cursor\":3,\"cursor\":3,\"has_more\":false}",
  };

  /* A repeated name is refused, as by the server: which one would count is a guess. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    check_rejected (pages[i]);
}

static void
test_not_terminated (void)
{
  g_autoptr(GBytes) full = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SpaPullPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strconcat ("xy", normal_page, "\"garbage, [1,", NULL);
  gsize len = strlen (normal_page);
  const SpaWireChange *change;

  full = g_bytes_new (text, strlen (text));
  body = g_bytes_new_from_bytes (full, 2, len);
  page = spa_pull_page_parse (body, &error);
  g_assert_no_error (error);
  g_assert_nonnull (page);

  /* The page keeps the body alive. */
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_pointer (&full, g_bytes_unref);
  g_assert_cmpuint (spa_pull_page_get_n_changes (page), ==, 2);
  change = spa_pull_page_get_change (page, 0);
  assert_span (change->record, change->record_len, CLIENT_RECORD);
  assert_span (find_member (change, "prefs")->text, find_member (change, "prefs")->len,
               "{\"pressure\": \"light\", \"note\": \"}]\"}");
  g_assert_cmpint (spa_pull_page_get_cursor (page), ==, G_GINT64_CONSTANT (1234567890123));
}

static void
test_truncated (void)
{
  const char *pages[] = { normal_page, strings_page, numbers_page };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      gsize len = strlen (pages[i]);
      g_autoptr(GBytes) full = g_bytes_new (pages[i], len);

      /* Each cut is tried as a slice of the whole page, whose next bytes complete it,
       * and right before a guard page. */
      for (gsize cut = 0; cut < len; cut++)
        {
          g_autoptr(GBytes) slice = g_bytes_new_from_bytes (full, 0, cut);
          g_autoptr(GBytes) guarded = bytes_before_guard_page (pages[i], cut);
          g_autofree char *what = g_strdup_printf ("page %u cut at %" G_GSIZE_FORMAT, i, cut);

          check_rejected_bytes (slice, what);
          check_rejected_bytes (guarded, what);
        }
    }
}

static void
test_rejected (void)
{
  static const char *values[] = {
    "\"\xff\"", "\"caf\xc3\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"a\x01z\"",
    "\"a\nz\"", "\"a\tz\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
    "\"\\ud800x\"", "\"\\u0000\"", "\"\\x41\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\'\"",
    "01", "-01", "00", "1.", "-", "+1", ".5", "1e", "1e+", "0x10", "NaN", "Infinity",
    "'a'", "tru", "nul", "True",
    /* Integers that would wrap, numbers beyond a double, deep or repeated members. */
    "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
    "1e400", "{\"a\":1,\"a\":2}", "[{\"b\":[],\"b\":[]}]", "[1,]", "[,]", "[1 2]", "{\"a\":1,}", "{\"a\" 1}",
    "{1:2}", "{'a':1}", "{\"a\"}", "[", "]", "",
  };
  static const char *pages[] = {
    "", " ", "null", "[]", "\"x\"",
    "{\"changes\":[],\"cursor\":1,\"has_more\":false}x",
    "{\"changes\":[],\"cursor\":1,\"has_more\":false}}",
    "{\"changes\":[],\"cursor\":1,\"has_more\":false}{}",
    "{\"changes\":[],\"cursor\":1,\"has_more\":false,}",
    "{\"changes\":[{},],\"cursor\":1,\"has_more\":false}",
    "{\"changes\":[],\"cursor\":1}",
    "{\"changes\":[],\"has_more\":true}",
    "{\"cursor\":1,\"has_more\":true}",
    "{\"changes\":[],\"cursor\":\"1\",\"has_more\":false}",
    "{\"changes\":[],\"cursor\":1.0,\"has_more\":false}",
    "{\"changes\":[],\"cursor\":1e2,\"has_more\":false}",
    "{\"changes\":[],\"cursor\":99999999999999999999,\"has_more\":false}",
    "{\"changes\":[],\"cursor\":null,\"has_more\":false}",
    "{\"changes\":[],\"cursor\":1,\"has_more\":1}",
    "{\"changes\":[],\"cursor\":1,\"has_more\":\"true\"}",
    "{\"changes\":[],\"cursor\":1,\"has_more\":null}",
    "{\"changes\":[],\"cursor\":1,\"cursor\":\"2\",\"has_more\":false}",
    "{\"changes\":{},\"cursor\":1,\"has_more\":false}",
    "{\"changes\":null,\"cursor\":1,\"has_more\":false}",
    "{\"changes\":[],\"changes\":null,\"cursor\":1,\"has_more\":false}",
    "{\"changes\":[\"x\"],\"cursor\":1,\"has_more\":false}",
    "{'changes':[],'cursor':1,'has_more':false}",
    "{\"changes\":[],\"cursor\":1,\"has_more\":false,\"\xff\":1}",
    "{\"changes\":[],\"cursor\":1,\"has_more\":false,\"x\":[\"\\ud800\"]}",
    "\xef\xbb\xbf{\"changes\":[],\"cursor\":1,\"has_more\":false}",
    "{\"changes\":[],\"cursor\":1,\"has_more\":false}\v",
    "{\"changes\":[{\"entity\":\"\\x\",\"record\":{}}],\"cursor\":1,\"has_more\":false}",
    "{\"changes\":[{\"entity\":\"a\",\"record\":{\"a\":1,\"a\"}}],\"cursor\":1,\"has_more\":false}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"changes\":[{\"entity\":\"client\","
                                               "\"record\":{\"v\":%s}}],"
                                               "\"cursor\":1,\"has_more\":false}",
                                               values[i]);
      check_rejected (json);
    }
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    check_rejected (pages[i]);

  /* An empty body without a data pointer (found by fuzzing under UBSan). */
  {
    g_autoptr(GBytes) nothing = g_bytes_new (NULL, 0);

    check_rejected_bytes (nothing, "empty bytes");
  }
}

/* A page with @depth arrays nested in record member "v" (and @inner innermost). */
static char *
nested_page (guint       depth,
             const char *inner)
{
  g_autoptr(GString) json = g_string_new ("{\"changes\":[{\"entity\":\"a\",\"record\":{\"v\":");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (json, '[');
  g_string_append (json, inner);
  for (guint i = 0; i < depth; i++)
    g_string_append_c (json, ']');
  g_string_append (json, "}}],\"cursor\":1,\"has_more\":false}");
  return g_string_free (g_steal_pointer (&json), FALSE);
}

static void
test_depth (void)
{
  g_autofree char *fine = nested_page (32, "{\"x\":1}");
  g_autofree char *too_deep = nested_page (65, "");
  g_autofree char *very_deep = nested_page (100000, "1");
  g_autoptr(GString) elsewhere = g_string_new ("{\"changes\":[],\"cursor\":1,\"x\":");
  g_autoptr(SpaPullPage) page = parse_ok (fine, NULL);
  const SpaWireMember *member = find_member (spa_pull_page_get_change (page, 0), "v");

  g_assert_cmpint (member->kind, ==, SPA_WIRE_ARRAY);
  g_assert_cmpuint (member->len, ==, 2 * 32 + strlen ("{\"x\":1}"));
  check_rejected (too_deep);
  check_rejected (very_deep);

  /* The protocol's depth counts from the page: the record is level 4. */
  {
    g_autofree char *deepest = nested_page (SPA_JSON_MAX_DEPTH - 4, "");
    g_autofree char *one_more = nested_page (SPA_JSON_MAX_DEPTH - 3, "");
    g_autoptr(SpaPullPage) limit = parse_ok (deepest, NULL);

    check_rejected (one_more);
  }

  /* Unknown members are bounded too: no stack overflow on hostile input. */
  for (guint i = 0; i < 100000; i++)
    g_string_append (elsewhere, "{\"a\":");
  g_string_append_c (elsewhere, '1');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (elsewhere, '}');
  g_string_append (elsewhere, ",\"has_more\":true}");
  check_rejected (elsewhere->str);
}

/* Every member of every record read as json-glib reads it. */
static void
assert_agrees_with_json_glib (const char *json)
{
  g_autoptr(SpaPullPage) page = parse_ok (json, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *changes;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  changes = json_object_get_array_member (root, "changes");
  g_assert_cmpint (spa_pull_page_get_cursor (page), ==,
                   json_object_get_int_member (root, "cursor"));
  g_assert_cmpint (spa_pull_page_get_has_more (page), ==,
                   json_object_get_boolean_member (root, "has_more"));
  g_assert_cmpuint (spa_pull_page_get_n_changes (page), ==, json_array_get_length (changes));

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      const SpaWireChange *change = spa_pull_page_get_change (page, i);
      JsonObject *object = json_array_get_object_element (changes, i);
      JsonObject *record = json_object_get_object_member (object, "record");
      g_autoptr(GList) names = json_object_get_members (record);
      GList *name = names;

      assert_span (change->entity, change->entity_len,
                   json_object_get_string_member (object, "entity"));
      g_assert_cmpuint (change->n_members, ==, json_object_get_size (record));
      for (guint m = 0; m < change->n_members; m++, name = name->next)
        {
          const SpaWireMember *member = &change->members[m];
          JsonNode *node = json_object_get_member (record, name->data);

          assert_span (member->name, member->name_len, name->data);
          switch (member->kind)
            {
            case SPA_WIRE_STRING:
              assert_span (member->text, member->len, json_node_get_string (node));
              break;
            case SPA_WIRE_INTEGER:
              g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
              g_assert_cmpint (member->integer, ==, json_node_get_int (node));
              break;
            case SPA_WIRE_NUMBER:
              {
                g_autofree char *text = g_strndup (member->text, member->len);

                g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, json_node_get_double (node));
              }
              break;
            case SPA_WIRE_OBJECT:
            case SPA_WIRE_ARRAY:
              {
                g_autofree char *text = g_strndup (member->text, member->len);
                g_autoptr(JsonNode) nested = json_from_string (text, &error);
                g_autofree char *ours = NULL;
                g_autofree char *theirs = json_to_string (node, FALSE);

                g_assert_no_error (error);
                ours = json_to_string (nested, FALSE);
                g_assert_cmpstr (ours, ==, theirs);
              }
              break;
            case SPA_WIRE_NULL:
              g_assert_true (JSON_NODE_HOLDS_NULL (node));
              break;
            case SPA_WIRE_TRUE:
            case SPA_WIRE_FALSE:
              g_assert_cmpint (json_node_get_boolean (node), ==, member->kind == SPA_WIRE_TRUE);
              break;
            default:
              g_assert_not_reached ();
            }
        }
    }
}

static void
test_json_glib (void)
{
  assert_agrees_with_json_glib (strings_page);
  assert_agrees_with_json_glib (
    "{\"cursor\":77,\"changes\":[{\"entity\":\"booking\",\"record\":{"
    "\"id\":\"b-1\",\"starts_at\":\"2026-03-02T17:00:00Z\",\"price_cents\":-9500,"
    "\"ratio\":0.125,\"status_history\":[{\"status\":\"booked\",\"at\":\"\\u00e9\"}],"
    "\"note\":\"line\\nbreak \\\"quoted\\\" \\ud83c\\udf3f \xe2\x82\xac\",\"paid\":true,"
    "\"room_id\":null}},{\"entity\":\"room\",\"record\":{\"name\":\"Cedar\",\"active\":false,"
    "\"extra\":{\"a\":{\"b\":[1,2.5,\"c\"]}}}}],\"has_more\":true}");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-page/normal", test_normal);
  g_test_add_func ("/sync-page/strings", test_strings);
  g_test_add_func ("/sync-page/numbers", test_numbers);
  g_test_add_func ("/sync-page/repeated", test_repeated);
  g_test_add_func ("/sync-page/not-terminated", test_not_terminated);
  g_test_add_func ("/sync-page/truncated", test_truncated);
  g_test_add_func ("/sync-page/rejected", test_rejected);
  g_test_add_func ("/sync-page/depth", test_depth);
  g_test_add_func ("/sync-page/json-glib", test_json_glib);

  return g_test_run ();
}
