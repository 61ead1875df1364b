/* spa-import.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-import"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "spa-client.h"
#include "spa-error.h"
#include "spa-import.h"
#include "spa-json.h"
#include "spa-store-import.h"
#include "spa-util.h"
#include "spa-validate.h"

/*
 * Importing clients from another system's CSV export (docs/import.md). The file is
 * read by spa-import-csv.c; here its columns are mapped to client fields (the common
 * suites' header names are recognised, any column can be mapped by hand), each row is
 * turned into the client it would save and checked by the client's own validation,
 * rows that look like an existing client (same e-mail, same phone digits, or same name
 * and date of birth) wait for a decision, and the import writes through the store in
 * transactions of a few hundred rows, recorded as one batch that undo takes back.
 */

/* From this many rows on, when they are at least a fifth of the spa's clients, the
 * search index is built once at the end rather than row by row (docs/import.md). */
#define DEFER_SEARCH_ROWS 1000

/* Rows per transaction: short enough that the app's own connection never waits long
 * for an import running beside it, long enough that commits cost little. */
#define ROWS_PER_TRANSACTION 500

static const SpaImportTarget targets[] = {
  { "first_name", N_("First name") },
  { "last_name", N_("Last name") },
  { "full_name", N_("Full name (first and last)") },
  { "preferred_name", N_("Preferred name") },
  { "pronouns", N_("Pronouns") },
  { "email", N_("E-mail") },
  { "phone", N_("Phone") },
  { "date_of_birth", N_("Date of birth") },
  { "address", N_("Address") },
  { "address_city", N_("City") },
  { "address_region", N_("Province or state") },
  { "address_postcode", N_("Postal code") },
  { "address_country", N_("Country") },
  { "emergency_contact_name", N_("Emergency contact") },
  { "emergency_contact_phone", N_("Emergency contact phone") },
  { "allergies", N_("Allergies") },
  { "medications", N_("Medications") },
  { "notes", N_("Notes") },
};

/* Header names as the common suites' client exports write them (Jane App, Mindbody,
 * Vagaro, Fresha, ClinicSense) and as spreadsheets usually do, compared folded: lower
 * case, letters and digits only ("E-mail Address" is "emailaddress"). */
static const struct
{
  const char *header;
  const char *target;
} aliases[] = {
  { "firstname", "first_name" }, { "first", "first_name" }, { "givenname", "first_name" },
  { "forename", "first_name" }, { "clientfirstname", "first_name" },
  { "patientfirstname", "first_name" }, { "customerfirstname", "first_name" },
  { "fname", "first_name" }, { "legalfirstname", "first_name" },
  { "lastname", "last_name" }, { "last", "last_name" }, { "surname", "last_name" },
  { "familyname", "last_name" }, { "clientlastname", "last_name" },
  { "patientlastname", "last_name" }, { "customerlastname", "last_name" },
  { "lname", "last_name" },
  { "name", "full_name" }, { "fullname", "full_name" }, { "clientname", "full_name" },
  { "client", "full_name" }, { "patientname", "full_name" }, { "patient", "full_name" },
  { "customername", "full_name" }, { "customer", "full_name" },
  { "preferredname", "preferred_name" }, { "nickname", "preferred_name" },
  { "preferredfirstname", "preferred_name" }, { "goesby", "preferred_name" },
  { "pronouns", "pronouns" }, { "pronoun", "pronouns" },
  { "email", "email" }, { "emailaddress", "email" }, { "clientemail", "email" },
  { "primaryemail", "email" }, { "mail", "email" },
  { "phone", "phone" }, { "phonenumber", "phone" }, { "mobile", "phone" },
  { "mobilephone", "phone" }, { "mobilenumber", "phone" }, { "mobilephonenumber", "phone" },
  { "cell", "phone" }, { "cellphone", "phone" }, { "cellnumber", "phone" },
  { "homephone", "phone" }, { "workphone", "phone" }, { "dayphone", "phone" },
  { "eveningphone", "phone" }, { "nightphone", "phone" }, { "telephone", "phone" },
  { "primaryphone", "phone" }, { "clientphone", "phone" }, { "tel", "phone" },
  { "dateofbirth", "date_of_birth" }, { "birthdate", "date_of_birth" },
  { "birthday", "date_of_birth" }, { "dob", "date_of_birth" }, { "born", "date_of_birth" },
  { "address", "address" }, { "streetaddress", "address" }, { "address1", "address" },
  { "addressline1", "address" }, { "address2", "address" }, { "addressline2", "address" },
  { "street", "address" }, { "mailingaddress", "address" }, { "homeaddress", "address" },
  { "city", "address_city" }, { "town", "address_city" }, { "suburb", "address_city" },
  { "locality", "address_city" },
  { "province", "address_region" }, { "state", "address_region" },
  { "region", "address_region" }, { "provincestate", "address_region" },
  { "stateprovince", "address_region" }, { "county", "address_region" },
  { "postalcode", "address_postcode" }, { "postcode", "address_postcode" },
  { "zip", "address_postcode" }, { "zipcode", "address_postcode" },
  { "zippostalcode", "address_postcode" }, { "postalzipcode", "address_postcode" },
  { "country", "address_country" },
  { "emergencycontact", "emergency_contact_name" },
  { "emergencycontactname", "emergency_contact_name" },
  { "emergencycontactphone", "emergency_contact_phone" },
  { "emergencyphone", "emergency_contact_phone" },
  { "emergencycontactnumber", "emergency_contact_phone" },
  { "allergies", "allergies" }, { "allergy", "allergies" },
  { "knownallergies", "allergies" },
  { "medications", "medications" }, { "medication", "medications" },
  { "currentmedications", "medications" },
  { "notes", "notes" }, { "note", "notes" }, { "clientnotes", "notes" },
  { "patientnotes", "notes" }, { "comments", "notes" }, { "comment", "notes" },
  { "alertnote", "notes" }, { "alertnotes", "notes" }, { "generalnotes", "notes" },
  { "clientnote", "notes" }, { "memo", "notes" },
};

/* Fields where every mapped column's text is kept, one below the other. */
static const char * const joined_fields[] = { "notes", "allergies", "medications", NULL };

/* A duplicate found for a row: an existing client, or an earlier row of the file. */
typedef struct
{
  char *id;         /* the client the row matches (an existing one or an earlier row's) */
  int   row;        /* the earlier row of this file it matches, or -1 */
} Match;

typedef struct
{
  char              *id;          /* the client's id if the row is added */
  GHashTable        *problems;    /* field → message, or NULL */
  char              *dup_id;      /* the client it matches, or NULL */
  int                dup_row;     /* the earlier row it matches, or -1 */
  const char        *dup_reason;  /* translated, or NULL */
  SpaImportDecision  decision;
  gboolean           decided;     /* the decision was set for this row */
  SpaImportOutcome   outcome;
} Row;

struct _SpaImport
{
  GObject            parent_instance;

  char              *file_name;
  SpaCsvTable       *table;
  GPtrArray         *targets;     /* per column: interned target code or NULL */
  GArray            *rows;        /* Row, one per data row */
  SpaImportDecision  default_decision;
  gboolean           day_first;   /* dates such as 05/03/1980 are day, month */
};

G_DEFINE_FINAL_TYPE (SpaImport, spa_import, G_TYPE_OBJECT)

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->id, g_free);
  g_clear_pointer (&row->problems, g_hash_table_unref);
  g_clear_pointer (&row->dup_id, g_free);
}

static void
spa_import_finalize (GObject *object)
{
  SpaImport *self = SPA_IMPORT (object);

  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->table, spa_csv_table_free);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_array_unref);

  G_OBJECT_CLASS (spa_import_parent_class)->finalize (object);
}

static void
spa_import_class_init (SpaImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = spa_import_finalize;
}

static void
spa_import_init (SpaImport *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, (GDestroyNotify)row_clear);
  self->targets = g_ptr_array_new ();
  self->default_decision = SPA_IMPORT_MERGE;
}

SpaImport *
spa_import_new (void)
{
  return g_object_new (SPA_TYPE_IMPORT, NULL);
}

/**
 * spa_import_targets:
 *
 * Returns: (array length=n_targets): what a column can be imported as
 */
const SpaImportTarget *
spa_import_targets (guint *n_targets)
{
  *n_targets = G_N_ELEMENTS (targets);
  return targets;
}

static const char *
find_target (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (targets); i++)
    if (g_str_equal (targets[i].code, code))
      return targets[i].code;
  return NULL;
}

/**
 * spa_import_guess_target:
 * @header: a column's header as the file writes it
 *
 * Returns: (nullable): the target code the header is recognised as, or %NULL
 */
const char *
spa_import_guess_target (const char *header)
{
  g_autofree char *folded = spa_text_fold (header);
  g_autoptr(GString) key = g_string_new (NULL);

  for (const char *p = folded; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (key, *p);

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (aliases[i].header, key->str))
      return aliases[i].target;
  return NULL;
}

static const char * const *
table_row (SpaImport *self,
           guint      index)
{
  return g_ptr_array_index (self->table->rows, index);
}

static const char *
cell (const char * const *fields,
      guint               column)
{
  for (guint i = 0; i <= column; i++)
    if (fields[i] == NULL)
      return NULL;
  return fields[column];
}

/**
 * spa_import_load_data:
 * @name: the file's name, recorded with the import
 *
 * Reads a CSV file's bytes and maps the columns whose headers are recognised.
 *
 * Returns: %TRUE if the file was read
 */
gboolean
spa_import_load_data (SpaImport   *self,
                      const char  *name,
                      const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(SpaCsvTable) table = NULL;
  const char * const *header;

  g_return_val_if_fail (SPA_IS_IMPORT (self), FALSE);

  table = spa_csv_table_parse (data, length, error);
  if (table == NULL)
    return FALSE;
  if (table->rows->len < 2)
    {
      g_set_error_literal (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_EMPTY,
                           _("The file holds no clients: it needs a header line and at "
                             "least one line of client details."));
      return FALSE;
    }

  g_clear_pointer (&self->table, spa_csv_table_free);
  self->table = g_steal_pointer (&table);
  g_free (self->file_name);
  self->file_name = g_strdup (name);

  header = table_row (self, 0);
  g_ptr_array_set_size (self->targets, 0);
  for (guint i = 0; header[i]; i++)
    {
      const char *target = spa_import_guess_target (header[i]);

      /* The first column recognised as a name wins; another "name" column is left out. */
      for (guint j = 0; target && j < self->targets->len; j++)
        if (g_strcmp0 (self->targets->pdata[j], target) == 0 &&
            (g_str_equal (target, "first_name") || g_str_equal (target, "last_name") ||
             g_str_equal (target, "full_name") || g_str_equal (target, "email") ||
             g_str_equal (target, "date_of_birth")))
          target = NULL;
      g_ptr_array_add (self->targets, (gpointer)target);
    }

  g_array_set_size (self->rows, 0);
  return TRUE;
}

/**
 * spa_import_load_file:
 *
 * Returns: %TRUE if the file was read; otherwise @error says why
 *   (%SPA_IMPORT_ERROR_UNREADABLE also for a file that cannot be opened)
 */
gboolean
spa_import_load_file (SpaImport   *self,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  const char *contents;

  g_return_val_if_fail (SPA_IS_IMPORT (self), FALSE);

  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_set_error (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_UNREADABLE,
                   _("The file could not be read: %s"), local_error->message);
      return FALSE;
    }

  name = g_path_get_basename (path);
  contents = g_mapped_file_get_contents (file);
  return spa_import_load_data (self, name, contents ? contents : "",
                               g_mapped_file_get_length (file), error);
}

const char *
spa_import_get_file_name (SpaImport *self)
{
  g_return_val_if_fail (SPA_IS_IMPORT (self), NULL);
  return self->file_name;
}

const char *
spa_import_get_encoding (SpaImport *self)
{
  g_return_val_if_fail (SPA_IS_IMPORT (self), NULL);
  return self->table ? self->table->encoding : NULL;
}

char
spa_import_get_separator (SpaImport *self)
{
  g_return_val_if_fail (SPA_IS_IMPORT (self), 0);
  return self->table ? self->table->separator : 0;
}

guint
spa_import_get_n_columns (SpaImport *self)
{
  g_return_val_if_fail (SPA_IS_IMPORT (self), 0);
  return self->targets->len;
}

const char *
spa_import_get_header (SpaImport *self,
                       guint      column)
{
  g_return_val_if_fail (SPA_IS_IMPORT (self), NULL);
  g_return_val_if_fail (column < self->targets->len, NULL);
  return table_row (self, 0)[column];
}

/**
 * spa_import_get_column_target:
 *
 * Returns: (nullable): what the column is imported as, or %NULL if it is left out
 */
const char *
spa_import_get_column_target (SpaImport *self,
                              guint      column)
{
  g_return_val_if_fail (SPA_IS_IMPORT (self), NULL);
  g_return_val_if_fail (column < self->targets->len, NULL);
  return self->targets->pdata[column];
}

/**
 * spa_import_set_column_target:
 * @target: (nullable): a code from spa_import_targets(), or %NULL to leave the column out
 *
 * Maps a column by hand. Call spa_import_check() again afterwards.
 */
void
spa_import_set_column_target (SpaImport  *self,
                              guint       column,
                              const char *target)
{
  g_return_if_fail (SPA_IS_IMPORT (self));
  g_return_if_fail (column < self->targets->len);
  g_return_if_fail (target == NULL || find_target (target) != NULL);

  self->targets->pdata[column] = (gpointer)find_target (target);
}

/* ---- Dates ---- */

static const char * const month_names[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
};

static int
month_from_name (const char *word)
{
  g_autofree char *lower = g_ascii_strdown (word, -1);

  if (strlen (lower) < 3)
    return 0;
  for (int i = 0; i < 12; i++)
    if (g_str_has_prefix (lower, month_names[i]))
      return i + 1;
  return 0;
}

static int
full_year (int year,
           int digits)
{
  g_autoptr(GDateTime) now = NULL;
  int this_year;

  if (digits != 2)
    return year;
  /* Two digits: a birth year, so never in the future. */
  now = g_date_time_new_now_local ();
  this_year = g_date_time_get_year (now);
  return 2000 + year > this_year ? 1900 + year : 2000 + year;
}

/* Splits a date into its numbers and words; returns how many parts it has. */
static guint
date_parts (const char *text,
            char        parts[3][16],
            guint       digits[3])
{
  guint n = 0;
  const char *p = text;

  while (*p && n < 4)
    {
      gsize length = 0;

      while (*p && !g_ascii_isalnum (*p))
        p++;
      if (!*p)
        break;
      if (n == 3)
        return 4;
      if (g_ascii_isdigit (*p))
        while (g_ascii_isdigit (p[length]))
          length++;
      else
        while (g_ascii_isalpha (p[length]))
          length++;
      if (length == 0 || length >= 16)
        return 4;
      memcpy (parts[n], p, length);
      parts[n][length] = '\0';
      digits[n] = g_ascii_isdigit (*p) ? length : 0;
      p += length;
      n++;
    }
  return n;
}

/* Reads a date as the other systems write them: 1980-03-05, 1980/03/05, 19800305,
 * 03/05/1980 (month first unless the file shows otherwise), 5 March 1980, March 5,
 * 1980; a time after it is ignored. Anything else is kept as written, and the client's
 * own validation says it is not a date. */
static char *
normalize_date (const char *text,
                gboolean    day_first)
{
  g_autofree char *date = g_strdup (text);
  char parts[3][16];
  guint digits[3];
  int y, m, d;
  char *cut;

  /* "1980-03-05T00:00:00", "03/05/1980 12:00 AM" */
  if ((cut = strchr (date, 'T')) != NULL && cut - date >= 8 && g_ascii_isdigit (cut[-1]))
    *cut = '\0';
  if ((cut = strchr (date, ' ')) != NULL && strchr (cut, ':') != NULL)
    *cut = '\0';
  g_strstrip (date);

  if (strlen (date) == 8 && strspn (date, "0123456789") == 8)
    return g_strdup_printf ("%.4s-%.2s-%.2s", date, date + 4, date + 6);

  if (date_parts (date, parts, digits) != 3)
    return g_steal_pointer (&date);

  if (digits[0] == 4 && digits[1] && digits[2])
    {
      y = atoi (parts[0]);
      m = atoi (parts[1]);
      d = atoi (parts[2]);
    }
  else if (digits[0] && digits[1] && (digits[2] == 4 || digits[2] == 2) &&
           digits[0] <= 2 && digits[1] <= 2)
    {
      int a = atoi (parts[0]), b = atoi (parts[1]);

      y = full_year (atoi (parts[2]), digits[2]);
      if (a > 12 || (day_first && b <= 12))
        d = a, m = b;
      else
        m = a, d = b;
    }
  else if (digits[0] && !digits[1] && digits[2] >= 2)        /* 5 March 1980 */
    {
      d = atoi (parts[0]);
      m = month_from_name (parts[1]);
      y = full_year (atoi (parts[2]), digits[2]);
    }
  else if (!digits[0] && digits[1] && digits[2] >= 2)        /* March 5, 1980 */
    {
      m = month_from_name (parts[0]);
      d = atoi (parts[1]);
      y = full_year (atoi (parts[2]), digits[2]);
    }
  else
    return g_steal_pointer (&date);

  if (m < 1 || y < 1000 || y > 9999 || d < 0 || d > 99 || m > 99)
    return g_steal_pointer (&date);
  /* An impossible day (1980-02-30) stays one, for the validation to name it. */
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/* Whether the file's dates put the day first: some date's first number is over 12 and
 * none has its second over 12. */
static gboolean
file_is_day_first (SpaImport *self)
{
  guint first_over = 0, second_over = 0;

  for (guint c = 0; c < self->targets->len; c++)
    {
      if (g_strcmp0 (self->targets->pdata[c], "date_of_birth") != 0)
        continue;
      for (guint r = 1; r < self->table->rows->len; r++)
        {
          const char *value = cell (table_row (self, r), c);
          char parts[3][16];
          guint digits[3];

          if (value == NULL || date_parts (value, parts, digits) != 3 ||
              digits[0] == 4 || !digits[0] || !digits[1] || digits[0] > 2 || digits[1] > 2)
            continue;
          first_over += atoi (parts[0]) > 12;
          second_over += atoi (parts[1]) > 12;
        }
    }
  return first_over > 0 && second_over == 0;
}

/* ---- Rows to clients ---- */

static void
split_full_name (const char  *name,
                 char       **first,
                 char       **last)
{
  const char *comma = strchr (name, ',');
  const char *space;

  if (comma != NULL)                      /* "Tremblay, Marie" */
    {
      *last = g_strstrip (g_strndup (name, comma - name));
      *first = g_strstrip (g_strdup (comma + 1));
      return;
    }
  space = strrchr (name, ' ');
  if (space == NULL)
    {
      *first = g_strdup (name);
      *last = NULL;
      return;
    }
  *first = g_strstrip (g_strndup (name, space - name));
  *last = g_strstrip (g_strdup (space + 1));
}

static void
append_text (GHashTable *values,
             const char *field,
             const char *text,
             const char *separator)
{
  const char *old = g_hash_table_lookup (values, field);

  if (old == NULL)
    g_hash_table_insert (values, (gpointer)field, g_strdup (text));
  else
    g_hash_table_insert (values, (gpointer)field, g_strconcat (old, separator, text, NULL));
}

/**
 * spa_import_dup_row_record:
 * @row: a data row, from 0
 *
 * The client the row would add, as it would be saved (without the import's checks).
 *
 * Returns: (transfer full): a new client record
 */
SpaRecord *
spa_import_dup_row_record (SpaImport *self,
                           guint      row)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GString) address = g_string_new (NULL);
  g_autoptr(GString) extra = g_string_new (NULL);
  static const char * const address_parts[] = {
    "address", "address_city", "address_region", "address_postcode", "address_country"
  };
  const char * const *fields;
  const char * const *header;
  const char *full_name = NULL;
  SpaRecord *record;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (SPA_IS_IMPORT (self), NULL);
  g_return_val_if_fail (self->table != NULL && row + 1 < self->table->rows->len, NULL);

  fields = table_row (self, row + 1);
  header = table_row (self, 0);

  for (guint c = 0; c < self->targets->len; c++)
    {
      const char *target = self->targets->pdata[c];
      const char *raw = cell (fields, c);
      g_autofree char *text = NULL;
      const char *old;

      if (target == NULL || raw == NULL)
        continue;
      text = g_strstrip (g_strdup (raw));
      if (*text == '\0')
        continue;

      if (g_str_equal (target, "full_name"))
        {
          full_name = raw;
          continue;
        }
      if (g_str_has_prefix (target, "address"))
        continue;
      if (g_str_equal (target, "date_of_birth"))
        {
          g_hash_table_insert (values, (gpointer)target, normalize_date (text, self->day_first));
          continue;
        }
      if (g_strv_contains (joined_fields, target))
        {
          append_text (values, target, text, "\n");
          continue;
        }

      old = g_hash_table_lookup (values, target);
      if (old == NULL)
        g_hash_table_insert (values, (gpointer)target, g_steal_pointer (&text));
      else if (!g_str_equal (old, text))
        /* A second phone, say: kept in the notes rather than lost. */
        g_string_append_printf (extra, "%s%s: %s", extra->len ? "\n" : "", header[c], text);
    }

  /* Address lines, then city, province, postal code and country, in one field. */
  for (guint p = 0; p < G_N_ELEMENTS (address_parts); p++)
    for (guint c = 0; c < self->targets->len; c++)
      {
        const char *raw = cell (fields, c);
        g_autofree char *text = NULL;

        if (g_strcmp0 (self->targets->pdata[c], address_parts[p]) != 0 || raw == NULL)
          continue;
        text = g_strstrip (g_strdup (raw));
        if (*text != '\0')
          g_string_append_printf (address, "%s%s", address->len ? ", " : "", text);
      }
  if (address->len > 0)
    g_hash_table_insert (values, "address", g_strdup (address->str));
  if (extra->len > 0)
    append_text (values, "notes", extra->str, "\n");

  if (full_name != NULL && !g_hash_table_contains (values, "first_name") &&
      !g_hash_table_contains (values, "last_name"))
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (full_name));
      char *first = NULL, *last = NULL;

      split_full_name (trimmed, &first, &last);
      if (!spa_str_empty (first))
        g_hash_table_insert (values, "first_name", first);
      else
        g_free (first);
      if (!spa_str_empty (last))
        g_hash_table_insert (values, "last_name", last);
      else
        g_free (last);
    }

  if (row < self->rows->len && g_array_index (self->rows, Row, row).id != NULL)
    record = spa_record_new_with_id ("client", g_array_index (self->rows, Row, row).id);
  else
    record = spa_record_new ("client");

  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    spa_record_set_string (record, key, value);
  return record;
}

/* ---- Duplicates ---- */

typedef struct
{
  GHashTable *by_email;      /* key → Match */
  GHashTable *by_phone;
  GHashTable *by_name_dob;
} Keys;

static void
match_free (Match *match)
{
  g_free (match->id);
  g_free (match);
}

static void
keys_clear (Keys *keys)
{
  g_clear_pointer (&keys->by_email, g_hash_table_unref);
  g_clear_pointer (&keys->by_phone, g_hash_table_unref);
  g_clear_pointer (&keys->by_name_dob, g_hash_table_unref);
}

static char *
email_key (const char *email)
{
  g_autofree char *trimmed = NULL;

  if (spa_str_empty (email))
    return NULL;
  trimmed = g_strstrip (g_strdup (email));
  return *trimmed ? g_utf8_casefold (trimmed, -1) : NULL;
}

/* The last ten digits, so that +1 604 555 0101 and (604) 555-0101 are one number. */
static char *
phone_key (const char *phone)
{
  g_autofree char *digits = spa_phone_digits (phone);
  gsize length = strlen (digits);

  if (length < 7)
    return NULL;
  return g_strdup (length > 10 ? digits + length - 10 : digits);
}

static char *
name_dob_key (const char *first,
              const char *last,
              const char *dob)
{
  g_autofree char *first_folded = NULL;
  g_autofree char *last_folded = NULL;

  if (spa_str_empty (first) || spa_str_empty (last) || !spa_date_parse (dob, NULL, NULL, NULL))
    return NULL;
  first_folded = spa_text_fold (first);
  last_folded = spa_text_fold (last);
  return g_strdup_printf ("%s\x1f%s\x1f%s", g_strstrip (first_folded),
                          g_strstrip (last_folded), dob);
}

static void
add_key (GHashTable *table,
         char       *key,
         const char *id,
         int         row)
{
  Match *match;

  if (key == NULL)
    return;
  if (g_hash_table_contains (table, key))
    {
      g_free (key);
      return;
    }
  match = g_new0 (Match, 1);
  match->id = g_strdup (id);
  match->row = row;
  g_hash_table_insert (table, key, match);
}

static void
add_client_keys (Keys       *keys,
                 const char *id,
                 int         row,
                 const char *email,
                 const char *phone,
                 const char *first,
                 const char *last,
                 const char *dob)
{
  add_key (keys->by_email, email_key (email), id, row);
  add_key (keys->by_phone, phone_key (phone), id, row);
  add_key (keys->by_name_dob, name_dob_key (first, last, dob), id, row);
}

static void
existing_client_cb (const char *id,
                    const char *email,
                    const char *phone,
                    const char *first_name,
                    const char *last_name,
                    const char *date_of_birth,
                    gpointer    user_data)
{
  add_client_keys (user_data, id, -1, email, phone, first_name, last_name, date_of_birth);
}

static gboolean
keys_load (Keys      *keys,
           SpaStore  *store,
           GError   **error)
{
  GDestroyNotify free_match = (GDestroyNotify)match_free;

  keys->by_email = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_match);
  keys->by_phone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_match);
  keys->by_name_dob = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_match);
  return spa_store_import_client_keys (store, existing_client_cb, keys, error);
}

static Match *
find_match (Keys       *keys,
            SpaRecord  *record,
            const char **reason)
{
  g_autofree char *email = email_key (spa_record_get_string (record, "email"));
  g_autofree char *phone = phone_key (spa_record_get_string (record, "phone"));
  g_autofree char *name = name_dob_key (spa_record_get_string (record, "first_name"),
                                        spa_record_get_string (record, "last_name"),
                                        spa_record_get_string (record, "date_of_birth"));
  Match *match;

  if (email && (match = g_hash_table_lookup (keys->by_email, email)))
    *reason = _("Same e-mail address");
  else if (phone && (match = g_hash_table_lookup (keys->by_phone, phone)))
    *reason = _("Same phone number");
  else if (name && (match = g_hash_table_lookup (keys->by_name_dob, name)))
    *reason = _("Same name and date of birth");
  else
    match = NULL;
  return match;
}

/* The keys a row leaves for the rows after it: those of the client it adds, or those
 * it adds to the client it merges into. */
static void
remember_row (Keys       *keys,
              SpaRecord  *record,
              const char *id,
              int         row)
{
  add_client_keys (keys, id, row,
                   spa_record_get_string (record, "email"),
                   spa_record_get_string (record, "phone"),
                   spa_record_get_string (record, "first_name"),
                   spa_record_get_string (record, "last_name"),
                   spa_record_get_string (record, "date_of_birth"));
}

static SpaImportDecision
row_decision (SpaImport *self,
              Row       *row)
{
  return row->decided ? row->decision : self->default_decision;
}

/* Builds the client a row would save and checks it by the client's own rules, which
 * read nothing from the store: rows are built on two threads (see RowBuilder). */
static SpaRecord *
build_row (SpaImport *self,
           SpaStore  *store,
           guint      index)
{
  Row *row = &g_array_index (self->rows, Row, index);
  g_autoptr(SpaRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&row->problems, g_hash_table_unref);
  g_clear_pointer (&row->dup_id, g_free);
  row->dup_row = -1;
  row->dup_reason = NULL;

  record = spa_import_dup_row_record (self, index);
  if (!spa_validate_record (store, record, &error))
    {
      row->problems = spa_validate_collect_errors (store, record);
      if (g_hash_table_size (row->problems) == 0)
        g_hash_table_insert (row->problems, g_strdup (""), g_strdup (error->message));
      return NULL;
    }
  return g_steal_pointer (&record);
}

/* Matches a built row against the keys so far, and leaves its own for the rows after. */
static void
match_row (SpaImport *self,
           Keys      *keys,
           guint      index,
           SpaRecord *record)
{
  Row *row = &g_array_index (self->rows, Row, index);
  const char *reason = NULL;
  Match *match;

  if (record == NULL)
    return;
  match = find_match (keys, record, &reason);
  if (match != NULL)
    {
      row->dup_id = g_strdup (match->id);
      row->dup_row = match->row;
      row->dup_reason = reason;
      if (row_decision (self, row) == SPA_IMPORT_MERGE)
        remember_row (keys, record, match->id, match->row);
      else if (row_decision (self, row) == SPA_IMPORT_KEEP_BOTH)
        remember_row (keys, record, row->id, index);
    }
  else
    remember_row (keys, record, row->id, index);
}

/* Rows built on a second thread: building a row is a third of the check and of each
 * written row's cost, and needs neither the store's connection nor the rows before it. */
typedef struct
{
  SpaImport  *import;
  SpaStore   *store;
  guint       start, end;
  SpaRecord **records;   /* one per row from start, NULL for a row with problems */
  GThread    *thread;
} RowBuilder;

static gpointer
row_builder_run (gpointer data)
{
  RowBuilder *builder = data;

  for (guint i = builder->start; i < builder->end; i++)
    builder->records[i - builder->start] = build_row (builder->import, builder->store, i);
  return NULL;
}

static void
row_builder_start (RowBuilder *builder,
                   SpaImport  *import,
                   SpaStore   *store,
                   guint       start,
                   guint       end)
{
  *builder = (RowBuilder){ import, store, start, end, g_new0 (SpaRecord *, end - start), NULL };
  builder->thread = g_thread_try_new ("spa-import-rows", row_builder_run, builder, NULL);
  if (builder->thread == NULL)
    row_builder_run (builder);
}

/* Waits for the rows; returns them (transfer full: free with free_records()), or NULL
 * if they were taken already. */
static SpaRecord **
row_builder_finish (RowBuilder *builder)
{
  if (builder->thread != NULL)
    g_thread_join (g_steal_pointer (&builder->thread));
  return g_steal_pointer (&builder->records);
}

static void
free_records (SpaRecord **records,
              guint       n_records)
{
  if (records == NULL)
    return;
  for (guint i = 0; i < n_records; i++)
    g_clear_object (&records[i]);
  g_free (records);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* The ids of the clients the rows would add: random ones as always, given to the rows
 * in ascending order, so that a transaction's clients, outbox rows and batch rows go
 * next to each other in the indexes on the id instead of one page each: with 500
 * random ids a transaction of a large import wrote most of those indexes' pages to
 * the WAL again, a quarter of the import's time at 100 000 rows. */
static void
assign_ids (SpaImport *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  guint next = 0;

  for (guint i = 0; i < self->rows->len; i++)
    if (g_array_index (self->rows, Row, i).id == NULL)
      g_ptr_array_add (ids, spa_uuid_new ());
  g_ptr_array_sort (ids, compare_ids);
  for (guint i = 0; i < self->rows->len; i++)
    if (g_array_index (self->rows, Row, i).id == NULL)
      g_array_index (self->rows, Row, i).id = ids->pdata[next++];
}

static gboolean
prepare (SpaImport  *self,
         GError    **error)
{
  gboolean has_name = FALSE;
  guint n_rows;

  for (guint c = 0; c < self->targets->len; c++)
    has_name |= g_strcmp0 (self->targets->pdata[c], "first_name") == 0 ||
                g_strcmp0 (self->targets->pdata[c], "full_name") == 0;
  if (!has_name)
    {
      g_set_error_literal (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_NO_NAME,
                           _("No column holds the clients’ first names: choose which column "
                             "is the first name, or the full name."));
      return FALSE;
    }

  self->day_first = file_is_day_first (self);
  n_rows = self->table->rows->len - 1;
  if (self->rows->len != n_rows)
    g_array_set_size (self->rows, n_rows);
  for (guint i = 0; i < n_rows; i++)
    g_array_index (self->rows, Row, i).outcome = SPA_IMPORT_ROW_PENDING;
  assign_ids (self);
  return TRUE;
}

/**
 * spa_import_check:
 * @store: the spa the rows would go to
 *
 * Turns every row into the client it would save, checks it by the client's own rules
 * (spa_import_get_row_problems()) and finds the rows that match an existing client or
 * an earlier row (spa_import_get_row_duplicate()), for the preview.
 *
 * Returns: %FALSE with @error set if no column gives the names, or the store failed
 */
gboolean
spa_import_check (SpaImport  *self,
                  SpaStore   *store,
                  GError    **error)
{
  Keys keys = { NULL, NULL, NULL };

  g_return_val_if_fail (SPA_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  g_return_val_if_fail (self->table != NULL, FALSE);

  if (!prepare (self, error))
    return FALSE;
  if (!keys_load (&keys, store, error))
    {
      keys_clear (&keys);
      return FALSE;
    }
  /* A chunk at a time, its second half built on the other thread. */
  for (guint start = 0; start < self->rows->len; start += ROWS_PER_TRANSACTION)
    {
      guint end = MIN (start + ROWS_PER_TRANSACTION, self->rows->len);
      guint middle = start + (end - start) / 2;
      RowBuilder second;
      SpaRecord **records;

      row_builder_start (&second, self, store, middle, end);
      for (guint i = start; i < middle; i++)
        {
          g_autoptr(SpaRecord) record = build_row (self, store, i);

          match_row (self, &keys, i, record);
        }
      records = row_builder_finish (&second);
      for (guint i = middle; i < end; i++)
        match_row (self, &keys, i, records[i - middle]);
      free_records (records, end - middle);
    }
  keys_clear (&keys);
  return TRUE;
}

guint
spa_import_get_n_rows (SpaImport *self)
{
  g_return_val_if_fail (SPA_IS_IMPORT (self), 0);
  return self->rows->len;
}

/**
 * spa_import_get_line:
 *
 * Returns: the row's number as a spreadsheet shows it (the header is row 1)
 */
guint
spa_import_get_line (SpaImport *self,
                     guint      row)
{
  return row + 2;
}

static Row *
get_row (SpaImport *self,
         guint      row)
{
  g_return_val_if_fail (SPA_IS_IMPORT (self), NULL);
  g_return_val_if_fail (row < self->rows->len, NULL);
  return &g_array_index (self->rows, Row, row);
}

/**
 * spa_import_get_row_problems:
 *
 * Returns: (nullable) (transfer none) (element-type utf8 utf8): field → translated
 *   message (the key "" for a problem of the whole row), or %NULL if the row can be
 *   imported
 */
GHashTable *
spa_import_get_row_problems (SpaImport *self,
                             guint      row)
{
  Row *r = get_row (self, row);

  return r ? r->problems : NULL;
}

/**
 * spa_import_get_row_duplicate:
 *
 * Returns: (nullable): the id of the client the row matches (an existing client, or
 *   the one an earlier row of the file adds), or %NULL
 */
const char *
spa_import_get_row_duplicate (SpaImport *self,
                              guint      row)
{
  Row *r = get_row (self, row);

  return r ? r->dup_id : NULL;
}

/**
 * spa_import_get_row_duplicate_reason:
 *
 * Returns: (nullable): why the row is a duplicate, translated ("Same e-mail address")
 */
const char *
spa_import_get_row_duplicate_reason (SpaImport *self,
                                     guint      row)
{
  Row *r = get_row (self, row);

  return r ? r->dup_reason : NULL;
}

/**
 * spa_import_get_row_duplicate_row:
 *
 * Returns: the earlier row of the file that @row matches, or -1 when it matches a
 *   client already in the spa (or nothing)
 */
int
spa_import_get_row_duplicate_row (SpaImport *self,
                                  guint      row)
{
  Row *r = get_row (self, row);

  return r && r->dup_id ? r->dup_row : -1;
}

/**
 * spa_import_describe_row_problems:
 *
 * Returns: (transfer full) (nullable): the row's problems in one line, each after the
 *   name of its field ("First name: Enter the client’s first name."), or %NULL if the
 *   row can be imported
 */
char *
spa_import_describe_row_problems (SpaImport *self,
                                  guint      row)
{
  GHashTable *problems = spa_import_get_row_problems (self, row);
  g_autoptr(GString) text = NULL;
  g_autoptr(GList) fields = NULL;

  if (problems == NULL)
    return NULL;

  text = g_string_new (NULL);
  fields = g_list_sort (g_hash_table_get_keys (problems), (GCompareFunc)g_strcmp0);
  for (GList *l = fields; l != NULL; l = l->next)
    {
      const SpaFieldInfo *info = spa_entity_find_field (&spa_client_entity, l->data);
      const char *message = g_hash_table_lookup (problems, l->data);

      if (text->len > 0)
        g_string_append (text, " ");
      if (info != NULL)
        /* TRANSLATORS: a field's name, then what is wrong with it */
        g_string_append_printf (text, _("%s: %s"), _(info->label), message);
      else
        g_string_append (text, message);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

SpaImportDecision
spa_import_get_row_decision (SpaImport *self,
                             guint      row)
{
  Row *r = get_row (self, row);

  return r ? row_decision (self, r) : self->default_decision;
}

/**
 * spa_import_set_row_decision:
 *
 * What to do with one duplicate row. Call spa_import_check() again to see its effect
 * on the rows after it.
 */
void
spa_import_set_row_decision (SpaImport         *self,
                             guint              row,
                             SpaImportDecision  decision)
{
  Row *r = get_row (self, row);

  if (r == NULL)
    return;
  r->decision = decision;
  r->decided = TRUE;
}

/**
 * spa_import_set_default_decision:
 *
 * What to do with the duplicate rows no decision was set for (merge, at first).
 */
void
spa_import_set_default_decision (SpaImport         *self,
                                 SpaImportDecision  decision)
{
  g_return_if_fail (SPA_IS_IMPORT (self));
  self->default_decision = decision;
}

SpaImportOutcome
spa_import_get_row_outcome (SpaImport *self,
                            guint      row)
{
  Row *r = get_row (self, row);

  return r ? r->outcome : SPA_IMPORT_ROW_PENDING;
}

/* The rows whose pointer member at @offset is set. */
static guint
count_rows (SpaImport *self,
            gsize      offset)
{
  guint n = 0;

  for (guint i = 0; i < self->rows->len; i++)
    n += G_STRUCT_MEMBER (gpointer, &g_array_index (self->rows, Row, i), offset) != NULL;
  return n;
}

guint
spa_import_count_problems (SpaImport *self)
{
  g_return_val_if_fail (SPA_IS_IMPORT (self), 0);
  return count_rows (self, G_STRUCT_OFFSET (Row, problems));
}

guint
spa_import_count_duplicates (SpaImport *self)
{
  g_return_val_if_fail (SPA_IS_IMPORT (self), 0);
  return count_rows (self, G_STRUCT_OFFSET (Row, dup_id));
}

/* ---- Writing ---- */

/* Fills the client's empty fields from the row; notes, allergies and medications that
 * differ are added below. Returns the fields changed as {field: [before, after]}. */
static JsonObject *
merge_into (SpaRecord *client,
            SpaRecord *row)
{
  JsonObject *changed = json_object_new ();
  JsonObject *fields = spa_record_get_fields (row);
  g_autoptr(GList) names = json_object_get_members (fields);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *field = l->data;
      const char *value = spa_record_get_string (row, field);
      const char *old = spa_record_get_string (client, field);
      g_autofree char *merged = NULL;
      JsonArray *change;

      if (spa_str_empty (value))
        continue;
      if (spa_str_empty (old))
        merged = g_strdup (value);
      else if (g_strv_contains (joined_fields, field) && strstr (old, value) == NULL)
        merged = g_strconcat (old, "\n", value, NULL);
      else
        continue;

      change = json_array_new ();
      if (spa_str_empty (old))
        json_array_add_null_element (change);
      else
        json_array_add_string_element (change, old);
      json_array_add_string_element (change, merged);
      json_object_set_array_member (changed, field, change);
      spa_record_set_string (client, field, merged);
    }
  return changed;
}

/* Adds a merge's changes to the batch. A client merged again by a later row keeps its
 * first "before" and takes the latest "after"; one the batch added stays added. */
static gboolean
record_merge (SpaStore    *store,
              gint64       batch_id,
              const char  *client_id,
              JsonObject  *changed,
              GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) earlier = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *text = NULL;
  gboolean added = FALSE;

  if (spa_store_import_find_in_batch (store, batch_id, client_id, &added, &previous))
    {
      if (added)
        return TRUE;
      earlier = previous ? json_from_string (previous, NULL) : NULL;
    }

  if (earlier != NULL && JSON_NODE_HOLDS_OBJECT (earlier))
    {
      JsonObject *first = json_node_get_object (earlier);
      g_autoptr(GList) names = json_object_get_members (changed);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonArray *change = json_object_get_array_member (changed, l->data);
          JsonArray *old = json_object_has_member (first, l->data)
                             ? json_object_get_array_member (first, l->data) : NULL;
          JsonArray *both = json_array_new ();

          if (old != NULL && json_array_get_length (old) == 2)
            json_array_add_element (both, json_node_copy (json_array_get_element (old, 0)));
          else
            json_array_add_element (both, json_node_copy (json_array_get_element (change, 0)));
          json_array_add_element (both, json_node_copy (json_array_get_element (change, 1)));
          json_object_set_array_member (first, l->data, both);
        }
      text = spa_json_to_string (earlier);
    }
  else
    {
      node = json_node_init_object (json_node_alloc (), changed);
      text = spa_json_to_string (node);
    }
  return spa_store_import_add_to_batch (store, batch_id, client_id, FALSE, text, error);
}

typedef struct
{
  guint added, merged, skipped;
} Totals;

static gboolean
write_row (SpaImport  *self,
           SpaStore   *store,
           Keys       *keys,
           gint64      batch_id,
           gboolean    deferred,
           guint       index,
           SpaRecord  *record,
           Totals     *totals,
           GError    **error)
{
  Row *row = &g_array_index (self->rows, Row, index);
  g_autoptr(SpaRecord) client = NULL;
  g_autoptr(JsonObject) changed = NULL;
  g_autoptr(GError) local_error = NULL;

  match_row (self, keys, index, record);
  if (record == NULL)
    {
      row->outcome = SPA_IMPORT_ROW_SKIPPED_PROBLEM;
      totals->skipped++;
      return TRUE;
    }

  if (row->dup_id != NULL && row_decision (self, row) == SPA_IMPORT_SKIP)
    {
      row->outcome = SPA_IMPORT_ROW_SKIPPED_DUPLICATE;
      totals->skipped++;
      return TRUE;
    }

  /* A client removed since the file was checked: the row is a new client after all. */
  if (row->dup_id != NULL && row_decision (self, row) == SPA_IMPORT_MERGE)
    client = spa_store_get (store, "client", row->dup_id, &local_error);
  if (client == NULL)
    {
      /* Checked by build_row() with the client's own validation: written as
       * spa_store_save() would, without checking it twice. */
      if (!spa_store_import_add_client (store, record, batch_id, error))
        return FALSE;
      row->outcome = SPA_IMPORT_ROW_ADDED;
      totals->added++;
      return TRUE;
    }

  changed = merge_into (client, record);
  if (json_object_get_size (changed) > 0)
    {
      /* The merged text may break a rule the parts did not (a note grown too long). */
      if (!spa_validate_record (store, client, &local_error))
        {
          g_clear_pointer (&row->problems, g_hash_table_unref);
          row->problems = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_hash_table_insert (row->problems,
                               g_strdup (spa_validation_error_get_field (local_error) ?: ""),
                               g_strdup (local_error->message));
          row->outcome = SPA_IMPORT_ROW_SKIPPED_PROBLEM;
          totals->skipped++;
          return TRUE;
        }
      g_autofree char *previous = NULL;
      gboolean added = FALSE;
      gboolean saved;

      /* A client in the search index already keeps it through its triggers; one this
       * import added gets its index rows at the end. */
      spa_store_import_find_in_batch (store, batch_id, row->dup_id, &added, &previous);
      spa_store_import_keep_search (store, !deferred || !added);
      saved = spa_store_save (store, client, error);
      spa_store_import_keep_search (store, !deferred);
      if (!saved || !record_merge (store, batch_id, row->dup_id, changed, error))
        return FALSE;
    }
  row->outcome = SPA_IMPORT_ROW_MERGED;
  totals->merged++;
  return TRUE;
}

/**
 * spa_import_run:
 * @store: the spa to import into (its own connection when run in a thread)
 * @progress: (nullable) (scope call): told the rows done after each transaction
 * @cancellable: (nullable): stops the import between two transactions
 * @counts: (out) (optional): what was done, also when the import stopped
 *
 * Imports the rows as checked again now (spa_import_check()'s rules, against the
 * clients the spa holds at this moment): rows with problems are skipped, duplicates
 * are merged, skipped or kept as the decisions say, and the rest are added. The rows
 * are written in transactions of a few hundred, each new client as spa_store_save()
 * writes it (spa_store_import_add_client(): its row and outbox entry together, without
 * the second validation), so the app's connection is never held up for long;
 * everything written is one batch, which spa_import_undo_last() takes back until the
 * next import. spa_import_get_row_outcome() then says what
 * became of each row.
 *
 * Returns: %TRUE if every row was handled; %FALSE if cancelled
 *   (%SPA_IMPORT_ERROR_CANCELLED: what was written stays, as the batch) or if the store
 *   failed (the transaction that failed is rolled back)
 */
gboolean
spa_import_run (SpaImport              *self,
                SpaStore               *store,
                SpaImportProgressFunc   progress,
                gpointer                user_data,
                GCancellable           *cancellable,
                SpaImportCounts        *counts,
                GError                **error)
{
  Keys keys = { NULL, NULL, NULL };
  Totals totals = { 0, 0, 0 };
  Totals committed = { 0, 0, 0 };
  RowBuilder next = { NULL, };
  SpaRecord **records = NULL;
  guint n_records = 0;
  gint64 batch_id = 0;
  gboolean ok = TRUE;
  gboolean deferred;
  guint n_rows;
  guint done = 0;

  g_return_val_if_fail (SPA_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);
  g_return_val_if_fail (self->table != NULL, FALSE);

  if (counts != NULL)
    memset (counts, 0, sizeof *counts);

  if (!prepare (self, error))
    return FALSE;
  n_rows = self->rows->len;

  if (!keys_load (&keys, store, error))
    {
      keys_clear (&keys);
      return FALSE;
    }

  deferred = n_rows >= DEFER_SEARCH_ROWS &&
             (gint64)n_rows * 5 >= spa_store_count (store, "client") + n_rows;
  if (deferred && !spa_store_import_defer_search (store, error))
    {
      keys_clear (&keys);
      return FALSE;
    }

  /* Each transaction's rows are built while the one before is written. */
  if (n_rows > 0)
    row_builder_start (&next, self, store, 0, MIN (ROWS_PER_TRANSACTION, n_rows));
  while (ok && done < n_rows)
    {
      guint end = MIN (done + ROWS_PER_TRANSACTION, n_rows);

      free_records (records, n_records);
      records = row_builder_finish (&next);
      n_records = end - done;
      if (end < n_rows)
        row_builder_start (&next, self, store, end, MIN (end + ROWS_PER_TRANSACTION, n_rows));

      if (g_cancellable_is_cancelled (cancellable))
        {
          g_set_error_literal (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_CANCELLED,
                               _("The import was stopped. The clients imported so far "
                                 "are kept; Undo removes them."));
          ok = FALSE;
          break;
        }

      if (!spa_store_begin_bulk (store, error))
        {
          ok = FALSE;
          break;
        }
      if (batch_id == 0)
        {
          batch_id = spa_store_import_begin_batch (store, self->file_name ? self->file_name : "",
                                                   error);
          ok = batch_id != 0;
        }
      for (guint i = done; ok && i < end; i++)
        ok = write_row (self, store, &keys, batch_id, deferred, i, records[i - done], &totals,
                        error);
      ok = ok && spa_store_import_count_batch (store, batch_id, totals.added, totals.merged,
                                               totals.skipped, error);
      if (ok && spa_store_commit (store, error))
        {
          committed = totals;
          done = end;
          if (progress != NULL)
            progress (done, n_rows, user_data);
        }
      else
        {
          if (spa_store_in_transaction (store))
            spa_store_rollback (store);
          /* The first transaction held the batch: nothing of it is left. */
          if (committed.added + committed.merged + committed.skipped == 0 && done == 0)
            batch_id = 0;
          ok = FALSE;
          for (guint i = done; i < end; i++)
            g_array_index (self->rows, Row, i).outcome = SPA_IMPORT_ROW_PENDING;
        }
    }
  free_records (records, n_records);
  /* A failure or a cancel leaves the next rows being built. */
  free_records (row_builder_finish (&next), next.end - next.start);
  keys_clear (&keys);

  if (deferred)
    {
      g_autoptr(GError) local_error = NULL;

      /* Also after a failure: what was committed must be found. */
      if (!spa_store_import_index_batch (store, batch_id, ok ? error : &local_error))
        ok = FALSE;
    }

  if (counts != NULL)
    {
      counts->added = committed.added;
      counts->merged = committed.merged;
      counts->batch_id = batch_id;
      for (guint i = 0; i < done; i++)
        {
          SpaImportOutcome outcome = g_array_index (self->rows, Row, i).outcome;

          counts->skipped_problems += outcome == SPA_IMPORT_ROW_SKIPPED_PROBLEM;
          counts->skipped_duplicates += outcome == SPA_IMPORT_ROW_SKIPPED_DUPLICATE;
        }
    }
  return ok;
}

/**
 * spa_import_can_undo:
 * @file_name: (out) (optional) (transfer full): the last import's file name
 * @counts: (out) (optional): what it did
 *
 * Returns: whether there is an import to undo: the last one, if not undone already
 */
gboolean
spa_import_can_undo (SpaStore         *store,
                     char            **file_name,
                     SpaImportCounts  *counts)
{
  guint added = 0, merged = 0, skipped = 0;
  gint64 id;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);

  id = spa_store_import_last_batch (store, file_name, &added, &merged, &skipped);
  if (counts != NULL)
    {
      memset (counts, 0, sizeof *counts);
      counts->added = added;
      counts->merged = merged;
      counts->skipped_problems = skipped;
      counts->batch_id = id;
    }
  return id != 0;
}

/* Puts back a merged client's fields that still hold what the import wrote. */
static gboolean
restore_merged (SpaStore    *store,
                const char  *client_id,
                const char  *previous,
                gboolean    *restored,
                GError     **error)
{
  g_autoptr(SpaRecord) client = spa_store_get (store, "client", client_id, NULL);
  g_autoptr(JsonNode) node = previous ? json_from_string (previous, NULL) : NULL;
  JsonObject *changes;
  g_autoptr(GList) names = NULL;

  *restored = FALSE;
  if (client == NULL || node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;

  changes = json_node_get_object (node);
  names = json_object_get_members (changes);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonArray *change = json_object_get_array_member (changes, l->data);
      const char *before, *after;

      if (change == NULL || json_array_get_length (change) != 2)
        continue;
      before = json_array_get_null_element (change, 0) ? NULL
                                                       : json_array_get_string_element (change, 0);
      after = json_array_get_string_element (change, 1);
      /* Changed again since the import: the later change stays. */
      if (g_strcmp0 (spa_record_get_string (client, l->data), after) != 0)
        continue;
      if (before == NULL)
        spa_record_set_null (client, l->data);
      else
        spa_record_set_string (client, l->data, before);
      *restored = TRUE;
    }

  return !*restored || spa_store_save (store, client, error);
}

/**
 * spa_import_undo_last:
 * @n_removed: (out) (optional): clients the import added, now removed
 * @n_restored: (out) (optional): clients it merged into, now as they were
 * @n_kept: (out) (optional): clients it added that now have an intake or a session
 *   note, which are kept
 *
 * Takes back the last import, in one transaction: the clients it added are removed
 * (a removal that syncs, like any other) and the fields it filled in or added to are
 * put back, unless they were changed again since.
 *
 * Returns: %TRUE on success; %SPA_IMPORT_ERROR_NOTHING_TO_UNDO when there is nothing
 */
gboolean
spa_import_undo_last (SpaStore  *store,
                      guint     *n_removed,
                      guint     *n_restored,
                      guint     *n_kept,
                      GError   **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  guint removed = 0, restored = 0, kept = 0;
  gint64 batch_id;

  g_return_val_if_fail (SPA_IS_STORE (store), FALSE);

  batch_id = spa_store_import_last_batch (store, NULL, NULL, NULL, NULL);
  if (batch_id == 0)
    {
      g_set_error_literal (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_NOTHING_TO_UNDO,
                           _("There is no import to undo."));
      return FALSE;
    }

  if (!spa_store_begin (store, error))
    return FALSE;
  entries = spa_store_import_batch_clients (store, batch_id, error);
  if (entries == NULL)
    goto failed;

  for (guint i = 0; i < entries->len; i++)
    {
      SpaImportBatchClient *entry = entries->pdata[i];
      g_autoptr(GError) local_error = NULL;
      gboolean changed;

      if (!entry->added)
        {
          if (!restore_merged (store, entry->client_id, entry->previous, &changed, error))
            goto failed;
          restored += changed;
        }
      else if (spa_store_delete (store, "client", entry->client_id, &local_error))
        removed++;
      else if (g_error_matches (local_error, SPA_STORE_ERROR, SPA_STORE_ERROR_LOCKED))
        kept++;
      else if (!g_error_matches (local_error, SPA_STORE_ERROR, SPA_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto failed;
        }
    }

  if (!spa_store_import_mark_undone (store, batch_id, error) || !spa_store_commit (store, error))
    goto failed;

  if (n_removed != NULL)
    *n_removed = removed;
  if (n_restored != NULL)
    *n_restored = restored;
  if (n_kept != NULL)
    *n_kept = kept;
  return TRUE;

failed:
  if (spa_store_in_transaction (store))
    spa_store_rollback (store);
  return FALSE;
}
