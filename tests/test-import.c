/* test-import.c: client import from CSV files, as other systems write them
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "spa-import.h"
#include "spa-store-private.h"
#include "spa-test-util.h"

typedef SpaTestStore Fixture;

static SpaCsvTable *
parse (const char *data,
       gssize      length)
{
  g_autoptr(GError) error = NULL;
  gsize size = length < 0 ? strlen (data) : (gsize)length;
  SpaCsvTable *table = spa_csv_table_parse (data, size, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static const char *
field (SpaCsvTable *table,
       guint        row,
       guint        column)
{
  char **fields;

  g_assert_cmpuint (row, <, table->rows->len);
  fields = table->rows->pdata[row];
  g_assert_cmpuint (column, <, g_strv_length (fields));
  return fields[column];
}

/* A loaded and checked import of @csv. */
static SpaImport *
load (SpaStore   *store,
      const char *csv)
{
  g_autoptr(SpaImport) import = spa_import_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (spa_import_load_data (import, "test.csv", csv, strlen (csv), &error));
  g_assert_no_error (error);
  g_assert_true (spa_import_check (import, store, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&import);
}

static SpaImportCounts
run (SpaStore  *store,
     SpaImport *import)
{
  g_autoptr(GError) error = NULL;
  SpaImportCounts counts;

  g_assert_true (spa_import_run (import, store, NULL, NULL, NULL, &counts, &error));
  g_assert_no_error (error);
  return counts;
}

static SpaRecord *
find_client (SpaStore   *store,
             const char *email)
{
  g_autoptr(GPtrArray) all = spa_store_list (store, "client", FALSE, NULL);

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (spa_record_get_string (all->pdata[i], "email"), email) == 0)
      return g_object_ref (all->pdata[i]);
  return NULL;
}

/* ---- The file ---- */

static void
test_encodings (void)
{
  /* "Renée Côté" and quotes as Windows-1252 bytes: not UTF-8, converted. */
  static const char cp1252[] = "First Name,Last Name,Notes\r\n"
                               "Ren\xe9" "e,C\xf4t\xe9,\x93" "firm\x94 \x80" "5\r\n";
  static const char bom[] = "\xef\xbb\xbf" "First Name,Last Name\nZo\xc3\xab,Nørgaard\n";
  /* UTF-16LE with its byte order mark, as Excel's "Unicode text" writes (tabs). */
  static const char utf16[] = "\xff\xfe" "N\0a\0m\0e\0\t\0E\0m\0a\0i\0l\0\n\0"
                              "A\0n\0n\0e\0\t\0a\0@\0b\0.\0c\0a\0\n\0";
  g_autoptr(SpaCsvTable) latin = parse (cp1252, -1);
  g_autoptr(SpaCsvTable) utf8 = parse (bom, -1);
  g_autoptr(SpaCsvTable) wide = parse (utf16, sizeof utf16 - 1);
  g_autoptr(SpaCsvTable) plain = parse ("Name\nJos\xc3\xa9\n", -1);

  g_assert_cmpstr (latin->encoding, ==, "WINDOWS-1252");
  g_assert_cmpstr (field (latin, 1, 0), ==, "Renée");
  g_assert_cmpstr (field (latin, 1, 1), ==, "Côté");
  g_assert_cmpstr (field (latin, 1, 2), ==, "“firm” €5");

  g_assert_cmpstr (utf8->encoding, ==, "UTF-8");
  g_assert_cmpstr (field (utf8, 0, 0), ==, "First Name");   /* no BOM left in the header */
  g_assert_cmpstr (field (utf8, 1, 0), ==, "Zoë");
  g_assert_cmpstr (field (utf8, 1, 1), ==, "Nørgaard");

  g_assert_cmpstr (wide->encoding, ==, "UTF-16");
  g_assert_cmpint (wide->separator, ==, '\t');
  g_assert_cmpstr (field (wide, 1, 1), ==, "a@b.ca");

  g_assert_cmpstr (plain->encoding, ==, "UTF-8");
  g_assert_cmpstr (field (plain, 1, 0), ==, "José");
}

static void
test_separators (void)
{
  g_autoptr(SpaCsvTable) comma = parse ("First Name,Last Name,Notes\nAnne,Roy,\"a; b\"\n", -1);
  g_autoptr(SpaCsvTable) semicolon = parse ("Prénom;Nom;Notes\nAnne;Roy;\"5,5 h\"\n", -1);
  g_autoptr(SpaCsvTable) tab = parse ("First Name\tLast Name\tNotes\nAnne\tRoy\t a, b; c \n", -1);
  g_autoptr(SpaCsvTable) excel = parse ("sep=;\r\nFirst Name;Last Name\r\nAnne;Roy, Jr\r\n", -1);

  g_assert_cmpint (comma->separator, ==, ',');
  g_assert_cmpstr (field (comma, 1, 2), ==, "a; b");
  g_assert_cmpint (semicolon->separator, ==, ';');
  g_assert_cmpstr (field (semicolon, 1, 2), ==, "5,5 h");
  g_assert_cmpint (tab->separator, ==, '\t');
  g_assert_cmpuint (g_strv_length (tab->rows->pdata[1]), ==, 3);
  g_assert_cmpstr (field (tab, 1, 2), ==, "a, b; c");
  g_assert_cmpint (excel->separator, ==, ';');
  g_assert_cmpuint (excel->rows->len, ==, 2);
  g_assert_cmpstr (field (excel, 0, 0), ==, "First Name");
  g_assert_cmpstr (field (excel, 1, 1), ==, "Roy, Jr");
}

static void
test_quoted_fields (void)
{
  g_autoptr(SpaCsvTable) table = parse ("First Name,Notes,Last Name\r\n"
                                        "Anne,\"Likes it \"\"firm\"\"\r\n"
                                        "Second line, with a comma\",Roy\r\n"
                                        "\r\n"
                                        "Bob,,Lee\n"
                                        "Cid,\"unfinished", -1);

  g_assert_cmpuint (table->rows->len, ==, 4);   /* the blank line is no row */
  g_assert_cmpstr (field (table, 1, 1), ==, "Likes it \"firm\"\r\nSecond line, with a comma");
  g_assert_cmpstr (field (table, 1, 2), ==, "Roy");
  g_assert_cmpstr (field (table, 2, 1), ==, "");
  g_assert_cmpstr (field (table, 3, 1), ==, "unfinished");
}

static void
test_not_csv (Fixture *f, gconstpointer data)
{
  static const char zip[] = "PK\003\004\024\000\006\000";
  static const char binary[] = "\x7f" "ELF\002\001\001\000\000\000\000\000\000\000\000\000";
  g_autoptr(SpaImport) import = spa_import_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "missing.csv", NULL);

  g_assert_false (spa_import_load_data (import, "a.xlsx", zip, sizeof zip - 1, &error));
  g_assert_error (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "CSV"));
  g_clear_error (&error);

  g_assert_false (spa_import_load_data (import, "a.bin", binary, sizeof binary - 1, &error));
  g_assert_error (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_UNREADABLE);
  g_clear_error (&error);

  g_assert_false (spa_import_load_file (import, missing, &error));
  g_assert_error (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_UNREADABLE);
  g_clear_error (&error);

  g_assert_false (spa_import_load_data (import, "a.csv", "First Name,Last Name\n", 21, &error));
  g_assert_error (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_EMPTY);
}

/* ---- Columns ---- */

typedef struct
{
  const char *suite;
  const char *csv;
} Sample;

/* Client exports shaped like the common suites' (their column names and habits:
 * several phones, split addresses, US dates, a full name in one column). Every one
 * holds the same client, who must come out the same. */
static const Sample samples[] = {
  { "Jane App",
    "First Name,Last Name,Preferred Name,Email,Mobile Phone,Home Phone,Date of Birth,"
    "Address,City,Province,Postal Code,Country,Allergies,Notes\n"
    "Marie,Tremblay,,marie@example.com,(604) 555-0101,604 555 0199,1980-03-25,"
    "12 Main St,Vancouver,BC,V5K 0A1,Canada,Nut oils,Prefers firm pressure\n" },
  { "Mindbody",
    "\"Last Name\",\"First Name\",\"Email\",\"Mobile Phone\",\"Birth Date\",\"Address\","
    "\"City\",\"State\",\"Postal Code\",\"Country\",\"Allergies\",\"Client Notes\"\r\n"
    "\"Tremblay\",\"Marie\",\"marie@example.com\",\"604-555-0101\",\"3/25/1980\",\"12 Main St\","
    "\"Vancouver\",\"BC\",\"V5K 0A1\",\"Canada\",\"Nut oils\",\"Prefers firm pressure\"\r\n" },
  { "Vagaro",
    "Customer First Name,Customer Last Name,Email,Cell Phone,Day Phone,Birthday,Street,"
    "City,State,Zip,Country,Allergies,Notes\n"
    "Marie,Tremblay,MARIE@example.com,+1 604 555 0101,,03/25/1980,12 Main St,"
    "Vancouver,BC,V5K 0A1,Canada,Nut oils,Prefers firm pressure\n" },
  { "Fresha",
    "Client name,Mobile number,Telephone,Email,Date of birth,Address,Suburb,State,"
    "Post code,Country,Allergies,Note\n"
    "Marie Tremblay,+16045550101,,marie@example.com,25 Mar 1980,12 Main St,Vancouver,BC,"
    "V5K 0A1,Canada,Nut oils,Prefers firm pressure\n" },
  { "ClinicSense",
    "First Name;Last Name;E-mail Address;Phone Number;Birthdate;Street Address;City;"
    "Province;Postal Code;Country;Allergies;Medications;Notes\n"
    "Marie;Tremblay;marie@example.com;604.555.0101;1980-03-25;12 Main St;Vancouver;BC;"
    "V5K 0A1;Canada;Nut oils;;Prefers firm pressure\n" },
};

static void
test_suite_exports (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(SpaImport) import = load (f->store, samples[i].csv);
      g_autoptr(SpaRecord) client = spa_import_dup_row_record (import, 0);
      g_autofree char *digits = spa_phone_digits (spa_record_get_string (client, "phone"));
      g_autofree char *email = g_ascii_strdown (spa_record_get_string (client, "email"), -1);

      g_test_message ("%s", samples[i].suite);
      g_assert_cmpuint (spa_import_get_n_rows (import), ==, 1);
      g_assert_null (spa_import_get_row_problems (import, 0));
      g_assert_cmpstr (spa_record_get_string (client, "first_name"), ==, "Marie");
      g_assert_cmpstr (spa_record_get_string (client, "last_name"), ==, "Tremblay");
      g_assert_cmpstr (email, ==, "marie@example.com");
      g_assert_true (g_str_has_suffix (digits, "6045550101"));
      g_assert_cmpstr (spa_record_get_string (client, "date_of_birth"), ==, "1980-03-25");
      g_assert_cmpstr (spa_record_get_string (client, "address"), ==,
                       "12 Main St, Vancouver, BC, V5K 0A1, Canada");
      g_assert_cmpstr (spa_record_get_string (client, "allergies"), ==, "Nut oils");
      g_assert_true (g_str_has_prefix (spa_record_get_string (client, "notes"),
                                       "Prefers firm pressure"));
    }

  /* A second phone is not lost: it goes to the notes under its column's name. */
  {
    g_autoptr(SpaImport) import = load (f->store, samples[0].csv);
    g_autoptr(SpaRecord) client = spa_import_dup_row_record (import, 0);

    g_assert_cmpstr (spa_record_get_string (client, "notes"), ==,
                     "Prefers firm pressure\nHome Phone: 604 555 0199");
  }

  /* Each sample imports as one client; the later ones are that client again. */
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(SpaImport) import = load (f->store, samples[i].csv);
      SpaImportCounts counts = run (f->store, import);

      g_assert_cmpuint (counts.added, ==, i == 0 ? 1 : 0);
      g_assert_cmpuint (counts.merged, ==, i == 0 ? 0 : 1);
    }
  g_assert_cmpint (spa_store_count (f->store, "client"), ==, 1);
}

static void
test_mapping (Fixture *f, gconstpointer data)
{
  static const char csv[] = "Given,Family,Courriel,Unknown\nAnne,Roy,anne@example.com,x\n";
  g_autoptr(SpaImport) import = spa_import_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SpaRecord) client = NULL;
  guint n_targets;
  const SpaImportTarget *targets = spa_import_targets (&n_targets);

  g_assert_cmpuint (n_targets, >=, 10);
  g_assert_cmpstr (spa_import_guess_target ("E-mail Address"), ==, "email");
  g_assert_cmpstr (spa_import_guess_target ("  DATE OF BIRTH "), ==, "date_of_birth");
  g_assert_null (spa_import_guess_target ("Favourite colour"));

  g_assert_true (spa_import_load_data (import, "other.csv", csv, strlen (csv), &error));
  g_assert_cmpuint (spa_import_get_n_columns (import), ==, 4);
  g_assert_cmpstr (spa_import_get_header (import, 2), ==, "Courriel");
  for (guint c = 0; c < 4; c++)
    g_assert_null (spa_import_get_column_target (import, c));

  /* Nothing says which column is the name: the import asks for it. */
  g_assert_false (spa_import_check (import, f->store, &error));
  g_assert_error (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_NO_NAME);
  g_clear_error (&error);

  spa_import_set_column_target (import, 0, "first_name");
  spa_import_set_column_target (import, 1, "last_name");
  spa_import_set_column_target (import, 2, targets[5].code);
  g_assert_cmpstr (targets[5].code, ==, "email");
  g_assert_true (spa_import_check (import, f->store, &error));
  g_assert_no_error (error);
  client = spa_import_dup_row_record (import, 0);
  g_assert_cmpstr (spa_record_get_string (client, "last_name"), ==, "Roy");
  g_assert_cmpstr (spa_record_get_string (client, "email"), ==, "anne@example.com");
  g_assert_false (spa_record_has_value (client, "notes"));

  /* Leaving a column out. */
  spa_import_set_column_target (import, 2, NULL);
  g_clear_object (&client);
  client = spa_import_dup_row_record (import, 0);
  g_assert_false (spa_record_has_value (client, "email"));
}

static void
test_full_name (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaImport) import = load (f->store, "Name,Email\n"
                                                "\"Tremblay, Marie\",a@example.com\n"
                                                "Jean-Luc de la Roche,b@example.com\n"
                                                "Cher,c@example.com\n");
  g_autoptr(SpaRecord) a = spa_import_dup_row_record (import, 0);
  g_autoptr(SpaRecord) b = spa_import_dup_row_record (import, 1);
  g_autoptr(SpaRecord) c = spa_import_dup_row_record (import, 2);

  g_assert_cmpstr (spa_record_get_string (a, "first_name"), ==, "Marie");
  g_assert_cmpstr (spa_record_get_string (a, "last_name"), ==, "Tremblay");
  g_assert_cmpstr (spa_record_get_string (b, "first_name"), ==, "Jean-Luc de la");
  g_assert_cmpstr (spa_record_get_string (b, "last_name"), ==, "Roche");
  g_assert_cmpstr (spa_record_get_string (c, "first_name"), ==, "Cher");
  g_assert_false (spa_record_has_value (c, "last_name"));
  g_assert_cmpuint (spa_import_count_problems (import), ==, 0);
}

static void
test_dates (Fixture *f, gconstpointer data)
{
  /* Month first unless a date shows the day first. */
  static const struct
  {
    const char *csv;
    const char *expected[3];
  } files[] = {
    { "First Name,DOB\nA,03/05/1980\nB,12/31/1975\nC,1990-07-04T00:00:00\n",
      { "1980-03-05", "1975-12-31", "1990-07-04" } },
    { "First Name,DOB\nA,03/05/1980\nB,31/12/1975\nC,19900704\n",
      { "1980-05-03", "1975-12-31", "1990-07-04" } },
    { "First Name,DOB\nA,March 5 1980\nB,\"5 Mar, 1980\"\nC,3/5/80 12:00 AM\n",
      { "1980-03-05", "1980-03-05", "1980-03-05" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(SpaImport) import = load (f->store, files[i].csv);

      for (guint r = 0; r < 3; r++)
        {
          g_autoptr(SpaRecord) client = spa_import_dup_row_record (import, r);

          g_assert_cmpstr (spa_record_get_string (client, "date_of_birth"), ==,
                           files[i].expected[r]);
          g_assert_null (spa_import_get_row_problems (import, r));
        }
    }
}

/* ---- Rows ---- */

static const char *
problem (SpaImport  *import,
         guint       row,
         const char *field)
{
  GHashTable *problems = spa_import_get_row_problems (import, row);

  g_assert_nonnull (problems);
  return g_hash_table_lookup (problems, field);
}

/* The message the client editor shows for @field with @value. */
static char *
editor_message (SpaStore   *store,
                const char *field,
                const char *value)
{
  g_autoptr(SpaRecord) client = spa_record_new ("client");
  g_autoptr(GHashTable) errors = NULL;

  spa_record_set_string (client, "first_name", "X");
  spa_record_set_string (client, field, value);
  errors = spa_validate_collect_errors (store, client);
  return g_strdup (g_hash_table_lookup (errors, field));
}

static void
test_row_problems (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaImport) import = load (f->store,
                                      "First Name,Last Name,Email,Phone,Date of Birth\n"
                                      "Anne,Roy,anne@example,604 555 0101,1980-03-05\n"
                                      "Bob,Lee,bob@example.com,12,1980-02-30\n"
                                      ",Nameless,n@example.com,,\n"
                                      "Cid,Future,cid@example.com,,2999-01-01\n"
                                      "Dee,Fine,dee@example.com,604 555 0102,02/29/1984\n"
                                      "Eve,Both,not an e-mail,,not a date\n");
  g_autofree char *bad_email = editor_message (f->store, "email", "anne@example");
  g_autofree char *bad_date = editor_message (f->store, "date_of_birth", "1980-02-30");
  g_autofree char *bad_phone = editor_message (f->store, "phone", "12");
  g_autofree char *future = editor_message (f->store, "date_of_birth", "2999-01-01");
  SpaImportCounts counts;

  g_assert_cmpuint (spa_import_get_n_rows (import), ==, 6);
  g_assert_cmpuint (spa_import_count_problems (import), ==, 5);

  g_assert_cmpstr (problem (import, 0, "email"), ==, bad_email);
  g_assert_cmpuint (g_hash_table_size (spa_import_get_row_problems (import, 0)), ==, 1);
  g_assert_cmpstr (problem (import, 1, "date_of_birth"), ==, bad_date);
  g_assert_cmpstr (problem (import, 1, "phone"), ==, bad_phone);
  g_assert_nonnull (problem (import, 2, "first_name"));
  g_assert_cmpstr (problem (import, 3, "date_of_birth"), ==, future);
  g_assert_null (spa_import_get_row_problems (import, 4));
  g_assert_nonnull (problem (import, 5, "email"));
  g_assert_nonnull (problem (import, 5, "date_of_birth"));
  g_assert_cmpuint (spa_import_get_line (import, 2), ==, 4);
  {
    g_autofree char *line = spa_import_describe_row_problems (import, 1);
    g_autofree char *expected = g_strdup_printf ("Date of birth: %s Phone: %s",
                                                 bad_date, bad_phone);

    g_assert_cmpstr (line, ==, expected);
    g_assert_null (spa_import_describe_row_problems (import, 4));
  }

  counts = run (f->store, import);
  g_assert_cmpuint (counts.added, ==, 1);
  g_assert_cmpuint (counts.skipped_problems, ==, 5);
  g_assert_cmpint (spa_import_get_row_outcome (import, 0), ==, SPA_IMPORT_ROW_SKIPPED_PROBLEM);
  g_assert_cmpint (spa_import_get_row_outcome (import, 4), ==, SPA_IMPORT_ROW_ADDED);
  g_assert_cmpint (spa_store_count (f->store, "client"), ==, 1);
}

/* ---- Duplicates ---- */

static void
test_duplicates (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaRecord) by_email = spa_test_add_client (f->store, "Anne", "Roy",
                                                       "Anne@Example.com", NULL);
  g_autoptr(SpaRecord) by_phone = spa_test_add_client (f->store, "Bob", "Lee",
                                                       NULL, "+1 (604) 555-0101");
  g_autoptr(SpaRecord) by_name = spa_record_new ("client");
  g_autoptr(SpaImport) import = NULL;
  g_autoptr(GError) error = NULL;

  spa_record_set_string (by_name, "first_name", "Zoë");
  spa_record_set_string (by_name, "last_name", "Côté");
  spa_record_set_string (by_name, "date_of_birth", "1980-03-05");
  g_assert_true (spa_store_save (f->store, by_name, &error));

  import = load (f->store,
                 "First Name,Last Name,Email,Phone,Date of Birth,Notes\n"
                 "Annie,Roy,anne@example.com,,,new note\n"           /* e-mail */
                 "Robert,Lee,,604.555.0101,,\n"                      /* phone digits */
                 "Zoe,Cote,,,03/05/1980,\n"                          /* name and birth date */
                 "Zoé,Côté,,,1981-03-05,\n"                          /* another person */
                 "New,Person,new@example.com,,,\n"
                 "New,Person,NEW@example.com,,,same person again\n"); /* in the file */

  g_assert_cmpuint (spa_import_count_duplicates (import), ==, 4);
  g_assert_cmpstr (spa_import_get_row_duplicate (import, 0), ==, spa_record_get_id (by_email));
  g_assert_cmpstr (spa_import_get_row_duplicate (import, 1), ==, spa_record_get_id (by_phone));
  g_assert_cmpstr (spa_import_get_row_duplicate (import, 2), ==, spa_record_get_id (by_name));
  g_assert_null (spa_import_get_row_duplicate (import, 3));
  g_assert_null (spa_import_get_row_duplicate (import, 4));
  g_assert_nonnull (spa_import_get_row_duplicate (import, 5));
  g_assert_cmpint (spa_import_get_row_duplicate_row (import, 0), ==, -1);
  g_assert_cmpint (spa_import_get_row_duplicate_row (import, 3), ==, -1);
  g_assert_cmpint (spa_import_get_row_duplicate_row (import, 5), ==, 4);
  g_assert_cmpstr (spa_import_get_row_duplicate_reason (import, 0), ==, "Same e-mail address");
  g_assert_cmpstr (spa_import_get_row_duplicate_reason (import, 1), ==, "Same phone number");
  g_assert_cmpstr (spa_import_get_row_duplicate_reason (import, 2), ==,
                   "Same name and date of birth");
  g_assert_cmpint (spa_import_get_row_decision (import, 0), ==, SPA_IMPORT_MERGE);

  /* Merge the first (default), skip the second, keep both for the third. */
  spa_import_set_row_decision (import, 1, SPA_IMPORT_SKIP);
  spa_import_set_row_decision (import, 2, SPA_IMPORT_KEEP_BOTH);
  {
    SpaImportCounts counts = run (f->store, import);
    const char *anne_id = spa_record_get_id (by_email);
    const char *bob_id = spa_record_get_id (by_phone);
    g_autoptr(SpaRecord) anne = spa_store_get (f->store, "client", anne_id, NULL);
    g_autoptr(SpaRecord) bob = spa_store_get (f->store, "client", bob_id, NULL);
    g_autoptr(SpaRecord) added = find_client (f->store, "new@example.com");

    g_assert_cmpuint (counts.added, ==, 3);           /* Zoe kept both, Zoé, New Person */
    g_assert_cmpuint (counts.merged, ==, 2);          /* Anne, New Person again */
    g_assert_cmpuint (counts.skipped_duplicates, ==, 1);
    g_assert_cmpint (spa_import_get_row_outcome (import, 1), ==, SPA_IMPORT_ROW_SKIPPED_DUPLICATE);
    g_assert_cmpint (spa_store_count (f->store, "client"), ==, 6);

    /* A merge fills what was empty and keeps what was there. */
    g_assert_cmpstr (spa_record_get_string (anne, "first_name"), ==, "Anne");
    g_assert_cmpstr (spa_record_get_string (anne, "email"), ==, "Anne@Example.com");
    g_assert_cmpstr (spa_record_get_string (anne, "notes"), ==, "new note");
    g_assert_false (spa_record_has_value (bob, "notes"));
    g_assert_cmpstr (spa_record_get_string (added, "notes"), ==, "same person again");
  }
}

/* ---- Writing and undo ---- */

static void
test_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(SpaRecord) existing = spa_test_add_client (f->store, "Anne", "Roy",
                                                       "anne@example.com", NULL);
  g_autoptr(SpaImport) first = NULL;
  g_autoptr(SpaImport) second = NULL;
  g_autoptr(SpaRecord) anne = NULL;
  g_autoptr(SpaRecord) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_name = NULL;
  SpaImportCounts counts;
  guint removed, restored, n_kept;
  gint64 outbox;

  g_assert_false (spa_import_can_undo (f->store, NULL, NULL));
  g_assert_false (spa_import_undo_last (f->store, NULL, NULL, NULL, &error));
  g_assert_error (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);

  first = load (f->store, "First Name,Last Name,Email\nOld,One,old@example.com\n");
  run (f->store, first);

  outbox = spa_store_outbox_pending (f->store);
  second = load (f->store,
                 "First Name,Last Name,Email,Phone,Allergies\n"
                 "Anne,Roy,anne@example.com,604 555 0101,Latex\n"
                 "Bea,New,bea@example.com,,\n"
                 "Anne,Roy,anne@example.com,,Peanuts\n"
                 "Cy,Charted,cy@example.com,,\n");
  counts = run (f->store, second);
  g_assert_cmpuint (counts.added, ==, 2);
  g_assert_cmpuint (counts.merged, ==, 2);
  /* Every save syncs: two new clients, and Anne merged twice. */
  g_assert_cmpint (spa_store_outbox_pending (f->store), ==, outbox + 4);

  g_assert_true (spa_import_can_undo (f->store, &file_name, &counts));
  g_assert_cmpstr (file_name, ==, "test.csv");
  g_assert_cmpuint (counts.added, ==, 2);

  /* A client who got an intake since is kept; a field changed since stays changed. */
  kept = find_client (f->store, "cy@example.com");
  {
    g_autoptr(SpaRecord) intake = spa_record_new ("intake");

    spa_record_set_string (intake, "client_id", spa_record_get_id (kept));
    g_assert_true (spa_store_save (f->store, intake, &error));
    g_assert_no_error (error);
  }
  anne = spa_store_get (f->store, "client", spa_record_get_id (existing), NULL);
  g_assert_cmpstr (spa_record_get_string (anne, "allergies"), ==, "Latex\nPeanuts");
  spa_record_set_string (anne, "phone", "604 555 0199");
  g_assert_true (spa_store_save (f->store, anne, &error));

  g_assert_true (spa_import_undo_last (f->store, &removed, &restored, &n_kept, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (restored, ==, 1);
  g_assert_cmpuint (n_kept, ==, 1);

  g_clear_object (&anne);
  anne = spa_store_get (f->store, "client", spa_record_get_id (existing), NULL);
  g_assert_false (spa_record_has_value (anne, "allergies"));
  g_assert_cmpstr (spa_record_get_string (anne, "phone"), ==, "604 555 0199");
  {
    g_autoptr(SpaRecord) bea = find_client (f->store, "bea@example.com");
    g_autoptr(SpaRecord) cy = find_client (f->store, "cy@example.com");
    g_autoptr(SpaRecord) old = find_client (f->store, "old@example.com");

    g_assert_null (bea);          /* removed: a tombstone that syncs */
    g_assert_nonnull (cy);
    g_assert_nonnull (old);       /* the earlier import stays */
  }

  /* Only the last import can be undone, once. */
  g_assert_false (spa_import_can_undo (f->store, NULL, NULL));
  g_assert_false (spa_import_undo_last (f->store, NULL, NULL, NULL, &error));
  g_assert_error (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_NOTHING_TO_UNDO);
}

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
  guint         last_done;
} Progress;

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (done, >, progress->last_done);
  g_assert_cmpuint (done, <=, total);
  progress->last_done = done;
  if (++progress->calls == 2)
    g_cancellable_cancel (progress->cancellable);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new ("First Name,Last Name,Email,Notes,Phone\n");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SpaImport) import = spa_import_new ();
  g_autoptr(GError) error = NULL;
  Progress progress = { cancellable, 0, 0 };
  SpaImportCounts counts, more;
  guint removed, restored;

  g_autoptr(SpaRecord) existing = spa_test_add_client (f->store, "Zed", "Existing", NULL,
                                                       "604 555 0199");

  /* Every hundredth row is the row before again, with a note: a merge into a client
   * this import adds; one row merges into the client already there. */
  for (guint i = 0; i < 3000; i++)
    if (i % 100 == 99)
      g_string_append_printf (csv, "Client,Number %u,client%u@example.com,again\n", i - 1, i - 1);
    else
      g_string_append_printf (csv, "Client,Number %u,client%u@example.com,\n", i, i);
  g_string_append (csv, "Zed,Existing,zed@example.com,,6045550199\n");
  g_assert_true (spa_import_load_data (import, "big.csv", csv->str, csv->len, &error));

  g_assert_false (spa_import_run (import, f->store, progress_cb, &progress, cancellable,
                                  &counts, &error));
  g_assert_error (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_CANCELLED);
  g_assert_cmpuint (progress.calls, ==, 2);
  g_assert_cmpuint (counts.added + counts.merged, ==, progress.last_done);
  g_assert_cmpuint (counts.merged, ==, progress.last_done / 100);
  g_assert_cmpuint (counts.added, <, 3000);
  g_assert_cmpint (spa_store_count (f->store, "client"), ==, counts.added + 1);
  g_assert_cmpint (spa_import_get_row_outcome (import, 3000), ==, SPA_IMPORT_ROW_PENDING);

  /* The rest, into a spa that now has many clients. */
  g_clear_error (&error);
  g_cancellable_reset (cancellable);
  {
    g_autoptr(SpaImport) rest = spa_import_new ();

    g_assert_true (spa_import_load_data (rest, "big.csv", csv->str, csv->len, &error));
    g_assert_true (spa_import_run (rest, f->store, NULL, NULL, NULL, &more, &error));
    g_assert_no_error (error);
    g_assert_cmpint (spa_store_count (f->store, "client"), ==, 1 + 3000 - 30);
  }

  /* The search index holds every client once, the merged one with its new e-mail. */
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM client_fts", NULL), ==,
                   spa_store_count (f->store, "client"));
  {
    g_autoptr(GPtrArray) found = spa_store_search_clients (f->store, "zed@example.com", 5, NULL);

    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpstr (spa_record_get_id (found->pdata[0]), ==, spa_record_get_id (existing));
  }

  /* So many rows into an empty spa built the search index at the end: it finds them. */
  {
    g_autoptr(GPtrArray) found = spa_store_search_clients (f->store, "number", 10, NULL);

    g_assert_cmpuint (found->len, ==, 10);
    g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM sync_state"
                                                    " WHERE key = 'load'", NULL), ==, 0);
  }

  /* Undo takes back the second import: what the first (cancelled) one wrote stays. */
  g_assert_true (spa_import_undo_last (f->store, &removed, &restored, NULL, NULL));
  g_assert_cmpuint (removed, ==, more.added);
  g_assert_cmpuint (restored, ==, 1);
  g_assert_cmpint (spa_store_count (f->store, "client"), ==, counts.added + 1);
  /* Removed clients are tombstones, kept (and indexed) until the server forgets them. */
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM client_fts", NULL), ==,
                   spa_test_count_rows (f->store, "SELECT count(*) FROM client", NULL));
}

/* ---- The import's own write, against spa_store_save() ---- */

/* Rows of every kind of column: split and full names with accents, a second phone, US
 * dates, address parts, quoted notes over two lines; every 97th row has a bad e-mail. */
static GString *
varied_csv (guint n_rows)
{
  static const char * const firsts[] = { "Zoë", "Søren", "Anne", "Chloé", "Łukasz", "O’Neil" };
  static const char * const lasts[] = {
    "Côté", "Nørgaard", "Roy", "Wiśniewski", "", "Smith-Jones"
  };
  GString *csv = g_string_new ("Client Name,Preferred Name,Pronouns,Email,Mobile Phone,"
                               "Home Phone,Date of Birth,Address,City,Province,Postal Code,"
                               "Emergency Contact,Emergency Contact Phone,Allergies,"
                               "Medications,Notes\r\n");

  for (guint i = 0; i < n_rows; i++)
    {
      const char *first = firsts[i % G_N_ELEMENTS (firsts)];
      const char *last = lasts[i / G_N_ELEMENTS (firsts) % G_N_ELEMENTS (lasts)];

      if (*last != '\0')
        g_string_append_printf (csv, "\"%s%u, %s\",", last, i, first);
      else
        g_string_append_printf (csv, "%s %u,", first, i);
      g_string_append_printf (csv, "%s,%s,", i % 3 == 0 ? "Zo" : "", i % 4 == 0 ? "she/her" : "");
      g_string_append_printf (csv, i % 97 == 5 ? "client%u@example," : "Client%u@Example.com,", i);
      g_string_append_printf (csv, "(604) %03u-%04u,", 200 + i / 10000, i % 10000);
      g_string_append_printf (csv, i % 5 == 0 ? "778 555 %04u," : ",", i);
      g_string_append_printf (csv, i % 2 == 0 ? "%u/%u/19%02u," : ",", 1 + i % 12, 1 + i % 28,
                              40 + i % 60);
      g_string_append_printf (csv, "%u Main St,Vancouver,BC,V5K 0A1,", 1 + i);
      g_string_append (csv, i % 7 == 0 ? "Marc Côté,604 555 0199," : ",,");
      g_string_append (csv, i % 6 == 0 ? "Latex,Ibuprofen," : ",,");
      g_string_append (csv, i % 5 == 0 ? "\"Prefers firm pressure.\nNo \"\"nut\"\" oils.\"\r\n"
                                       : "\r\n");
    }
  return csv;
}

/* A table's rows as text, ordered, without the columns named in @skip. */
static char *
dump_rows (SpaStore           *store,
           const char         *sql,
           const char * const *skip)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (spa_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *text = (const char *)sqlite3_column_text (stmt, c);

          if (skip != NULL && g_strv_contains (skip, sqlite3_column_name (stmt, c)))
            continue;
          g_string_append_printf (out, "%s=%s\t", sqlite3_column_name (stmt, c),
                                  text ? text : "NULL");
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define ASSERT_SAME_ROWS(a, b, sql, skip)                   \
  G_STMT_START {                                            \
    g_autofree char *rows_a = dump_rows (a, sql, skip);     \
    g_autofree char *rows_b = dump_rows (b, sql, skip);     \
    g_assert_cmpstr (rows_a, ==, rows_b);                   \
  } G_STMT_END

/* The clients an import adds are written as spa_store_save() writes them: the same row
 * field by field (the sort key too), the same outbox entry, and the same search index
 * (built at the end for 1 200 rows into an empty spa, by the triggers for 12). */
static void
test_write_as_saved (Fixture *f, gconstpointer data)
{
  static const char * const timestamps[] = { "rid", "created_at", "updated_at", NULL };
  static const char * const outbox_local[] = { "mutation_id", "created_at", NULL };
  guint n_rows = GPOINTER_TO_UINT (data);
  g_autoptr(GString) csv = varied_csv (n_rows);
  g_autoptr(SpaImport) import = spa_import_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *saved_dir = NULL;
  g_autoptr(SpaStore) saved = spa_test_open_store (&saved_dir);
  SpaImportCounts counts;
  guint n_saved = 0;

  g_assert_true (spa_import_load_data (import, "varied.csv", csv->str, csv->len, &error));
  counts = run (f->store, import);
  g_assert_cmpuint (counts.skipped_problems, ==, (n_rows + 91) / 97);
  g_assert_cmpuint (counts.added, ==, n_rows - counts.skipped_problems);

  /* The slow path: each added row's client, with the same id, saved one by one. */
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(SpaRecord) client = NULL;

      if (spa_import_get_row_outcome (import, i) != SPA_IMPORT_ROW_ADDED)
        continue;
      client = spa_import_dup_row_record (import, i);
      g_assert_true (spa_store_save (saved, client, &error));
      g_assert_no_error (error);
      n_saved++;
    }
  g_assert_cmpuint (n_saved, ==, counts.added);

  ASSERT_SAME_ROWS (f->store, saved, "SELECT * FROM client ORDER BY id", timestamps);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM client"
                                                  " WHERE created_at != updated_at"
                                                  " OR created_at NOT LIKE '20__-__-__T__:__:__Z'",
                                        NULL), ==, 0);
  ASSERT_SAME_ROWS (f->store, saved, "SELECT * FROM sync_outbox ORDER BY record_id",
                    outbox_local);
  g_assert_cmpint (spa_store_outbox_pending (f->store), ==, counts.added);
  g_assert_cmpint (spa_store_outbox_pending (saved), ==, counts.added);
  ASSERT_SAME_ROWS (f->store, saved,
                    "SELECT c.id, f.name, f.email, f.phone FROM client_fts f"
                    " JOIN client c ON c.rid = f.rowid ORDER BY c.id",
                    NULL);
  ASSERT_SAME_ROWS (f->store, saved,
                    "SELECT p.prefix, p.sort_key, c.id FROM client_prefix p"
                    " JOIN client c ON c.rid = p.rid ORDER BY 1, 2, 3",
                    NULL);
  {
    g_autoptr(GPtrArray) found = spa_store_search_clients (f->store, "zoë côté", 5, NULL);

    g_assert_cmpuint (found->len, ==, MIN (5, n_rows / 36 + 1));
  }

  /* Undo takes the whole import back, each removal a tombstone that syncs. */
  {
    guint removed = 0;

    g_assert_true (spa_import_undo_last (f->store, &removed, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (removed, ==, counts.added);
    g_assert_cmpint (spa_store_count (f->store, "client"), ==, 0);
    g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM sync_outbox"
                                                    " WHERE op = 'delete'", NULL), ==,
                     counts.added);
  }

  g_clear_object (&saved);
  spa_test_remove_dir (saved_dir);
}

/* A transaction that fails half-way leaves none of its clients, outbox entries or batch
 * rows; what was committed before is whole, found by the search, and undone as one. */
static void
test_write_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) csv = g_string_new ("First Name,Last Name,Email\n");
  g_autoptr(SpaImport) import = spa_import_new ();
  g_autoptr(GError) error = NULL;
  SpaImportCounts counts;
  guint removed = 0;

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (csv, "%s,Number %u,client%u@example.com\n",
                            i == 700 ? "Boom" : "Client", i, i);
  g_assert_cmpint (sqlite3_exec (spa_store_get_db (f->store),
                                 "CREATE TEMP TRIGGER boom BEFORE INSERT ON main.client"
                                 " WHEN new.first_name = 'Boom'"
                                 " BEGIN SELECT RAISE (ABORT, 'boom'); END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (spa_import_load_data (import, "boom.csv", csv->str, csv->len, &error));

  g_assert_false (spa_import_run (import, f->store, NULL, NULL, NULL, &counts, &error));
  g_assert_error (error, SPA_STORE_ERROR, SPA_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpuint (counts.added, ==, 500);
  g_assert_cmpint (spa_store_count (f->store, "client"), ==, 500);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM sync_outbox", NULL), ==,
                   500);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM import_batch_client",
                                        NULL), ==, 500);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM client_fts", NULL), ==,
                   500);
  g_assert_cmpint (spa_test_count_rows (f->store, "SELECT count(*) FROM sync_state"
                                                  " WHERE key = 'load'", NULL), ==, 0);
  g_assert_cmpint (spa_import_get_row_outcome (import, 600), ==, SPA_IMPORT_ROW_PENDING);
  {
    g_autoptr(GPtrArray) found = spa_store_search_clients (f->store, "number 499", 5, NULL);

    g_assert_cmpuint (found->len, ==, 1);
  }

  g_assert_true (spa_import_undo_last (f->store, &removed, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 500);
  g_assert_cmpint (spa_store_count (f->store, "client"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/csv/encodings", test_encodings);
  g_test_add_func ("/import/csv/separators", test_separators);
  g_test_add_func ("/import/csv/quoted-fields", test_quoted_fields);
#define ADD(path, func)                                                                           \
  g_test_add (path, Fixture, NULL, spa_test_store_set_up, func, spa_test_store_tear_down)
  ADD ("/import/csv/not-csv", test_not_csv);
  ADD ("/import/columns/suite-exports", test_suite_exports);
  ADD ("/import/columns/mapping", test_mapping);
  ADD ("/import/columns/full-name", test_full_name);
  ADD ("/import/columns/dates", test_dates);
  ADD ("/import/rows/problems", test_row_problems);
  ADD ("/import/duplicates", test_duplicates);
  ADD ("/import/undo", test_undo);
  ADD ("/import/cancel", test_cancel);
#undef ADD
  g_test_add ("/import/write/as-saved", Fixture, GUINT_TO_POINTER (12), spa_test_store_set_up,
              test_write_as_saved, spa_test_store_tear_down);
  g_test_add ("/import/write/as-saved-deferred", Fixture, GUINT_TO_POINTER (1200),
              spa_test_store_set_up, test_write_as_saved, spa_test_store_tear_down);
  g_test_add ("/import/write/failure", Fixture, NULL, spa_test_store_set_up, test_write_failure,
              spa_test_store_tear_down);

  return g_test_run ();
}
