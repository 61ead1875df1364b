/* test-search.c: client search by name, e-mail and phone
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "spa-test-util.h"

static char *
search_names (SpaStore   *store,
              const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = spa_store_search_clients (store, query, 50, &error);
  g_autoptr(GString) names = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, spa_record_get_string (found->pdata[i], "first_name"));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

#define ASSERT_SEARCH(store, query, expected) \
  G_STMT_START { \
    g_autofree char *got = search_names (store, query); \
    g_assert_cmpstr (got, ==, expected); \
  } G_STMT_END

static void
test_search (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) zoe = spa_test_add_client (store, "Zoë", "Tremblay", "zoe.t@example.com", "+1 (604) 555-0101");
  g_autoptr(SpaRecord) amelie = spa_test_add_client (store, "Amélie", "Gagnon", "amelie@example.org", "778-555-0199");
  g_autoptr(SpaRecord) zoey = spa_test_add_client (store, "Zoey", "Adams", NULL, "+44 20 7946 0958");
  g_autoptr(SpaRecord) jose = spa_test_add_client (store, "José", "Álvarez", "jose@example.com", NULL);
  g_autoptr(GArray) rowids = NULL;

  /* Accent- and case-insensitive, ordered by last name then first. */
  ASSERT_SEARCH (store, "zoe", "Zoey, Zoë");
  ASSERT_SEARCH (store, "ZOË", "Zoey, Zoë");
  ASSERT_SEARCH (store, "zoë t", "Zoë");
  ASSERT_SEARCH (store, "amelie", "Amélie");
  ASSERT_SEARCH (store, "alvarez", "José");
  ASSERT_SEARCH (store, "ÁLV", "José");
  ASSERT_SEARCH (store, "zoe trem", "Zoë");
  ASSERT_SEARCH (store, "zoe gagnon", "");

  /* Phone digits, however they are typed. */
  ASSERT_SEARCH (store, "604 55", "Zoë");
  ASSERT_SEARCH (store, "(604) 555-01", "Zoë");
  ASSERT_SEARCH (store, "6045550101", "Zoë");
  ASSERT_SEARCH (store, "0101", "Zoë");
  ASSERT_SEARCH (store, "555", "Amélie, Zoë");
  ASSERT_SEARCH (store, "7946", "Zoey");

  /* E-mail. */
  ASSERT_SEARCH (store, "jose@ex", "José");
  ASSERT_SEARCH (store, "example.org", "Amélie");

  /* Operators and quotes are only text. */
  ASSERT_SEARCH (store, "\"trem", "Zoë");
  ASSERT_SEARCH (store, "AND", "");
  ASSERT_SEARCH (store, "NEAR(", "");
  ASSERT_SEARCH (store, "   ", "");

  /* Renaming updates the index; deleted clients are not found. */
  spa_record_set_string (zoey, "last_name", "Zimmermann");
  g_assert_true (spa_store_save (store, zoey, &error));
  ASSERT_SEARCH (store, "adams", "");
  ASSERT_SEARCH (store, "zimm", "Zoey");
  g_assert_true (spa_store_delete (store, "client", spa_record_get_id (zoe), &error));
  ASSERT_SEARCH (store, "tremblay", "");
  ASSERT_SEARCH (store, "zo", "Zoey");

  /* The list model's row ids: everyone in name order when the search is empty. */
  rowids = spa_store_client_rowids (store, "", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rowids->len, ==, 3);
  {
    g_autoptr(SpaRecord) first = spa_store_get_client_by_rowid (store, g_array_index (rowids, gint64, 0), &error);
    g_assert_cmpstr (spa_record_get_string (first, "last_name"), ==, "Álvarez");
  }

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

/* Short prefixes come from client_prefix in name order, longer searches from FTS5 in
 * the same order; both skip deleted clients and follow renames. */
static void
test_search_order_and_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  const char *last_names[] = { "Côté", "Cyr", "Caron", "Cloutier", "Bouchard", "Couture" };
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) rowids = NULL;

  g_assert_true (spa_store_begin (store, &error));
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *first = g_strdup_printf ("Client%02u", 59 - i);

      g_ptr_array_add (clients, spa_test_add_client (store, first, last_names[i % G_N_ELEMENTS (last_names)],
                                                     NULL, NULL));
    }
  g_assert_true (spa_store_commit (store, &error));

  /* "c" matches 50 by last name and 60 by first name; the first ten in name order. */
  found = spa_store_search_clients (store, "c", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 10);
  g_assert_cmpstr (spa_record_get_string (found->pdata[0], "last_name"), ==, "Bouchard");
  for (guint i = 1; i < found->len; i++)
    {
      g_autofree char *a = spa_text_fold (spa_record_get_string (found->pdata[i - 1], "last_name"));
      g_autofree char *b = spa_text_fold (spa_record_get_string (found->pdata[i], "last_name"));

      g_assert_cmpint (strcmp (a, b), <=, 0);
    }

  /* One word, short or long, and two words agree. */
  g_clear_pointer (&found, g_ptr_array_unref);
  found = spa_store_search_clients (store, "cote", 50, &error);
  g_assert_cmpuint (found->len, ==, 10);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = spa_store_search_clients (store, "côté client0", 50, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (spa_record_get_string (found->pdata[0], "first_name"), ==, "Client05");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = spa_store_search_clients (store, "client cote", 3, &error);
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_cmpstr (spa_record_get_string (found->pdata[0], "first_name"), ==, "Client05");
  g_assert_cmpstr (spa_record_get_string (found->pdata[2], "first_name"), ==, "Client17");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = spa_store_search_clients (store, "clou", 50, &error);
  g_assert_cmpuint (found->len, ==, 10);

  /* Deleted and renamed clients leave the short-prefix index too. */
  g_assert_true (spa_store_delete (store, "client", spa_record_get_id (clients->pdata[3]), &error));
  spa_record_set_string (clients->pdata[9], "last_name", "Zhang");
  g_assert_true (spa_store_save (store, clients->pdata[9], &error));
  g_clear_pointer (&found, g_ptr_array_unref);
  found = spa_store_search_clients (store, "clou", 50, &error);
  g_assert_cmpuint (found->len, ==, 8);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = spa_store_search_clients (store, "zh", 50, &error);
  g_assert_cmpuint (found->len, ==, 1);
  rowids = spa_store_client_rowids (store, "c", &error);
  g_assert_cmpuint (rowids->len, ==, 59);

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

/* Letters that do not decompose (ø, æ, ß, ł …) fold as people type them without the
 * keyboard for them; names with apostrophes and hyphens are found with them, without
 * them and by each part. */
static void
test_search_folding (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(SpaStore) store = spa_test_open_store (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) soren = spa_test_add_client (store, "Søren", "Kierkegaard", NULL, NULL);
  g_autoptr(SpaRecord) siobhan = spa_test_add_client (store, "Siobhán", "O’Connor", NULL, NULL);
  g_autoptr(SpaRecord) anna = spa_test_add_client (store, "Anna", "Smith-Jones", NULL, NULL);
  g_autoptr(SpaRecord) lukasz = spa_test_add_client (store, "Łukasz", "Wałęsa", NULL, NULL);
  g_autoptr(SpaRecord) aesa = spa_test_add_client (store, "Æsa", "Ødegård", NULL, NULL);
  g_autoptr(SpaRecord) mette = spa_test_add_client (store, "Mette", "Groß", NULL, NULL);
  g_autoptr(SpaRecord) thora = spa_test_add_client (store, "Þóra", "Đorđević", NULL, NULL);
  g_autoptr(SpaRecord) darcy = spa_test_add_client (store, "Jean-Luc", "D'Arcy", NULL, NULL);
  g_autoptr(GArray) rowids = NULL;

  ASSERT_SEARCH (store, "soren", "Søren");
  ASSERT_SEARCH (store, "SØREN", "Søren");
  ASSERT_SEARCH (store, "sor", "Søren");
  ASSERT_SEARCH (store, "soren kierk", "Søren");

  ASSERT_SEARCH (store, "oconnor", "Siobhán");
  ASSERT_SEARCH (store, "o'connor", "Siobhán");
  ASSERT_SEARCH (store, "O’CONNOR", "Siobhán");
  ASSERT_SEARCH (store, "connor", "Siobhán");
  ASSERT_SEARCH (store, "ocon", "Siobhán");
  ASSERT_SEARCH (store, "siobhan oconn", "Siobhán");

  ASSERT_SEARCH (store, "smith-jones", "Anna");
  ASSERT_SEARCH (store, "smithjones", "Anna");
  ASSERT_SEARCH (store, "smith jones", "Anna");
  ASSERT_SEARCH (store, "jones", "Anna");
  ASSERT_SEARCH (store, "smithj", "Anna");

  ASSERT_SEARCH (store, "lukasz", "Łukasz");
  ASSERT_SEARCH (store, "walesa", "Łukasz");
  ASSERT_SEARCH (store, "aesa", "Æsa");
  ASSERT_SEARCH (store, "odegard", "Æsa");
  ASSERT_SEARCH (store, "ode", "Æsa");
  ASSERT_SEARCH (store, "gross", "Mette");
  ASSERT_SEARCH (store, "groß", "Mette");
  ASSERT_SEARCH (store, "thora", "Þóra");
  ASSERT_SEARCH (store, "dorde", "Þóra");
  ASSERT_SEARCH (store, "jeanluc darcy", "Jean-Luc");
  ASSERT_SEARCH (store, "darc", "Jean-Luc");
  ASSERT_SEARCH (store, "luc", "Jean-Luc");

  /* Renames keep the variants current. */
  spa_record_set_string (siobhan, "last_name", "Ní Bhriain");
  g_assert_true (spa_store_save (store, siobhan, &error));
  g_assert_no_error (error);
  ASSERT_SEARCH (store, "oconnor", "");
  ASSERT_SEARCH (store, "ocon", "");
  ASSERT_SEARCH (store, "ni bhriain", "Siobhán");

  /* Ødegård sorts with the O names (and D'Arcy with the D), not after Z. */
  rowids = spa_store_client_rowids (store, "", &error);
  g_assert_no_error (error);
  {
    g_autoptr(GString) order = g_string_new (NULL);

    for (guint i = 0; i < rowids->len; i++)
      {
        g_autoptr(SpaRecord) c = spa_store_get_client_by_rowid (store, g_array_index (rowids, gint64, i), &error);

        g_string_append_printf (order, "%s%s", i ? ", " : "", spa_record_get_string (c, "last_name"));
      }
    g_assert_cmpstr (order->str, ==,
                     "D'Arcy, Đorđević, Groß, Kierkegaard, Ní Bhriain, Ødegård, Smith-Jones, Wałęsa");
  }

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

/* A database made before the folding learnt it is indexed again when it is opened. */
static void
test_search_folding_after_upgrade (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = spa_test_make_dir ();
  g_autofree char *path = spa_store_default_path (dir);
  g_autoptr(SpaStore) old = spa_store_open_at_version (path, 8, &error);
  g_autoptr(SpaStore) store = NULL;

  g_assert_no_error (error);
  {
    g_autoptr(SpaRecord) client = spa_test_add_client (old, "Søren", "O'Connor", NULL, NULL);
  }
  g_clear_object (&old);

  store = spa_store_open (path, &error);
  g_assert_no_error (error);
  ASSERT_SEARCH (store, "soren", "Søren");
  ASSERT_SEARCH (store, "oconnor", "Søren");
  ASSERT_SEARCH (store, "ocon", "Søren");

  g_clear_object (&store);
  spa_test_remove_dir (dir);
}

static void
test_match_expression (void)
{
  g_autofree char *a = spa_store_search_match ("+1 (604) 555");
  g_autofree char *b = spa_store_search_match ("zoë o'brien");
  g_autofree char *c = spa_store_search_match ("--");

  g_assert_cmpstr (a, ==, "\"1\"* \"604\"* \"555\"*");
  g_assert_cmpstr (b, ==, "\"zoe\"* \"o\"* \"brien\"*");
  g_assert_null (c);
}

static void
test_fold (void)
{
  g_autofree char *a = spa_text_fold ("Zoë ÉMILIE Ångström");
  g_autofree char *b = spa_text_fold ("Søren Æsa Œuvre Groß Łódź Đorđe Þóra Ðóra ﬁnn");
  g_autofree char *words = spa_text_fold_name_words ("O’Connor Smith-Jones D'Arcy-Lee");
  g_autofree char *tokens = spa_phone_search_tokens ("+1 (604) 555-0123");

  g_assert_cmpstr (a, ==, "zoe emilie angstrom");
  g_assert_cmpstr (b, ==, "soren aesa oeuvre gross lodz dorde thora dora finn");
  g_assert_cmpstr (words, ==, "o’connor smith-jones d'arcy-lee oconnor smithjones darcylee");
  g_assert_true (strstr (tokens, "604 555 0123") != NULL);
  g_assert_true (strstr (tokens, "6045550123") != NULL);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/clients", test_search);
  g_test_add_func ("/search/order-and-limit", test_search_order_and_limit);
  g_test_add_func ("/search/folding", test_search_folding);
  g_test_add_func ("/search/folding-after-upgrade", test_search_folding_after_upgrade);
  g_test_add_func ("/search/match-expression", test_match_expression);
  g_test_add_func ("/search/fold", test_fold);

  return g_test_run ();
}
