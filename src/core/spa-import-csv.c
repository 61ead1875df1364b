/* spa-import-csv.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-import-csv"

#include "config.h"

#include <csv.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "spa-import-csv.h"

/*
 * The bytes of a CSV file as rows of UTF-8 fields. Parsing is Debian's libcsv (RFC 4180
 * quoting, fields with line breaks, CR, LF or CRLF rows); what libcsv leaves to its
 * caller is done here: the encoding (UTF-8 with or without a byte order mark, UTF-16
 * with one, else Windows-1252, which is what Excel writes on Windows) and the
 * separator (`,`, `;` as spreadsheets write it where the decimal mark is a comma, or a
 * tab), found from the header line or Excel's own `sep=` line.
 */

G_DEFINE_QUARK (spa-import-error-quark, spa_import_error)

/* Bytes Windows-1252 leaves undefined: iconv refuses them, so they become "?". */
static gboolean
cp1252_undefined (guchar c)
{
  return c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D;
}

static gboolean
looks_like_utf16 (const guchar *data,
                  gsize         length,
                  gboolean     *little_endian)
{
  gsize n_even = 0, n_odd = 0, n = MIN (length, 512) & ~(gsize)1;

  for (gsize i = 0; i < n; i += 2)
    {
      n_even += data[i] == 0;
      n_odd += data[i + 1] == 0;
    }
  /* Mostly ASCII text: one byte of each pair is zero. */
  if (n >= 4 && n_odd * 4 >= n)
    {
      *little_endian = TRUE;
      return TRUE;
    }
  if (n >= 4 && n_even * 4 >= n)
    {
      *little_endian = FALSE;
      return TRUE;
    }
  return FALSE;
}

/**
 * spa_csv_decode:
 * @data: the file's bytes
 * @encoding: (out) (optional): "UTF-8", "UTF-16" or "WINDOWS-1252"
 *
 * The file's text as UTF-8, without a byte order mark.
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 *   (%SPA_IMPORT_ERROR_UNREADABLE for a file that is not text)
 */
char *
spa_csv_decode (const char  *data,
                gsize        length,
                const char **encoding,
                GError     **error)
{
  const guchar *bytes = (const guchar *)data;
  const char *from = NULL;
  const char *name;
  gboolean little_endian;
  g_autofree char *copy = NULL;
  char *text;

  if (length > SPA_CSV_MAX_BYTES)
    {
      g_set_error (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_TOO_BIG,
                   _("The file is larger than %d MB; split it into smaller files."),
                   SPA_CSV_MAX_BYTES / (1024 * 1024));
      return NULL;
    }

  if (length >= 4 && memcmp (data, "PK\003\004", 4) == 0)
    {
      g_set_error_literal (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_UNREADABLE,
                           _("This is a spreadsheet workbook, not a CSV file. Open it in "
                             "your spreadsheet and save it as CSV, then import that file."));
      return NULL;
    }

  if (length >= 2 &&
      ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
    {
      from = bytes[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
      data += 2;
      length -= 2;
    }
  else if (memchr (data, '\0', length) != NULL)
    {
      if (!looks_like_utf16 (bytes, length, &little_endian))
        {
          g_set_error_literal (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_UNREADABLE,
                               _("This file does not hold text; choose a CSV file."));
          return NULL;
        }
      from = little_endian ? "UTF-16LE" : "UTF-16BE";
    }

  if (from != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      gsize written = 0;

      name = "UTF-16";
      text = g_convert (data, length & ~(gsize)1, "UTF-8", from, NULL, &written, &local_error);
      if (text == NULL || memchr (text, '\0', written) != NULL)
        {
          g_free (text);
          g_set_error_literal (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_UNREADABLE,
                               _("This file does not hold text; choose a CSV file."));
          return NULL;
        }
    }
  else
    {
      if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
        {
          data += 3;
          length -= 3;
        }

      if (g_utf8_validate_len (data, length, NULL))
        {
          name = "UTF-8";
          text = g_strndup (data, length);
        }
      else
        {
          g_autoptr(GError) local_error = NULL;

          name = "WINDOWS-1252";
          copy = g_memdup2 (data, length);
          for (gsize i = 0; i < length; i++)
            if (cp1252_undefined ((guchar)copy[i]))
              copy[i] = '?';
          text = g_convert (copy, length, "UTF-8", "WINDOWS-1252", NULL, NULL, &local_error);
          if (text == NULL)
            {
              g_set_error (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_UNREADABLE,
                           _("The file’s text could not be read: %s"), local_error->message);
              return NULL;
            }
        }
    }

  if (encoding != NULL)
    *encoding = name;
  return text;
}

/**
 * spa_csv_sniff_separator:
 * @text: the file's text
 *
 * The separator of the file's first line outside quotes: whichever of `,`, `;` and
 * tab it holds most of (a comma when it holds none: a file of one column).
 *
 * Returns: the separator
 */
char
spa_csv_sniff_separator (const char *text)
{
  guint n_comma = 0, n_semicolon = 0, n_tab = 0;
  gboolean quoted = FALSE;

  for (const char *p = text; *p && p - text < 65536; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (*p == '\n' || *p == '\r')
        break;
      else if (*p == ',')
        n_comma++;
      else if (*p == ';')
        n_semicolon++;
      else if (*p == '\t')
        n_tab++;
    }

  if (n_tab > n_comma && n_tab > n_semicolon)
    return '\t';
  if (n_semicolon > n_comma)
    return ';';
  return ',';
}

typedef struct
{
  GPtrArray *rows;
  GPtrArray *row;   /* fields of the row being read */
} Reader;

static void
field_cb (void   *field,
          size_t  length,
          void   *data)
{
  Reader *reader = data;

  if (reader->row == NULL)
    reader->row = g_ptr_array_new_with_free_func (g_free);
  if (reader->row->len < SPA_CSV_MAX_COLUMNS)
    g_ptr_array_add (reader->row, field ? g_strndup (field, length) : g_strdup (""));
}

static void
row_cb (int   c,
        void *data)
{
  Reader *reader = data;

  if (reader->row == NULL)
    return;
  g_ptr_array_add (reader->row, NULL);
  g_ptr_array_add (reader->rows, g_ptr_array_free (reader->row, FALSE));
  reader->row = NULL;
}

/* Only spaces are trimmed around unquoted fields: a tab may be the separator. */
static int
is_space (unsigned char c)
{
  return c == CSV_SPACE;
}

/**
 * spa_csv_table_parse:
 * @data: the file's bytes
 *
 * Reads a CSV file: its encoding and separator found, quoted fields with separators,
 * quotes and line breaks inside, blank lines skipped. Any bytes give a table or an
 * error, never a crash; every field is valid UTF-8.
 *
 * Returns: (transfer full): the table, or %NULL with @error set
 */
SpaCsvTable *
spa_csv_table_parse (const char  *data,
                     gsize        length,
                     GError     **error)
{
  g_autoptr(SpaCsvTable) table = g_new0 (SpaCsvTable, 1);
  g_autofree char *text = NULL;
  struct csv_parser parser;
  Reader reader = { NULL, NULL };
  const char *start;
  gsize text_length;

  text = spa_csv_decode (data, length, &table->encoding, error);
  if (text == NULL)
    return NULL;

  start = text;
  /* Excel's "sep=;" first line names the separator. */
  if (g_ascii_strncasecmp (start, "sep=", 4) == 0 && start[4] != '\0' &&
      strchr (",;\t", start[4]) != NULL &&
      (start[5] == '\n' || start[5] == '\r' || start[5] == '\0'))
    {
      table->separator = start[4];
      start += 5;
      while (*start == '\r' || *start == '\n')
        start++;
    }
  else
    table->separator = spa_csv_sniff_separator (start);
  text_length = strlen (start);

  if (csv_init (&parser, 0) != 0)
    g_error ("libcsv: out of memory");
  csv_set_delim (&parser, (unsigned char)table->separator);
  csv_set_space_func (&parser, is_space);

  table->rows = reader.rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  if (csv_parse (&parser, start, text_length, field_cb, row_cb, &reader) != text_length ||
      csv_fini (&parser, field_cb, row_cb, &reader) != 0)
    {
      g_set_error (error, SPA_IMPORT_ERROR, SPA_IMPORT_ERROR_UNREADABLE,
                   _("The file could not be read as CSV: %s"),
                   csv_strerror (csv_error (&parser)));
      csv_free (&parser);
      if (reader.row != NULL)
        g_ptr_array_free (reader.row, TRUE);
      return NULL;
    }
  csv_free (&parser);
  g_assert (reader.row == NULL);

  return g_steal_pointer (&table);
}

void
spa_csv_table_free (SpaCsvTable *table)
{
  if (table == NULL)
    return;
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_free (table);
}
