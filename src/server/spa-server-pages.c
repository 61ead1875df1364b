/* spa-server-pages.c
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "spa-server-pages"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "spa-availability.h"
#include "spa-booking-draft.h"
#include "spa-location.h"
#include "spa-schedule.h"
#include "spa-server-mail.h"
#include "spa-server-public.h"
#include "spa-util.h"
#include "spa-vocab.h"

/*
 * The spa's booking page and the client's intake form, rendered here as plain HTML in
 * English or French (the browser's Accept-Language, or ?lang=), with a stylesheet and
 * a little JavaScript from the server itself (data/book/, compiled into the program):
 * no build step, nothing from elsewhere, a Content-Security-Policy that allows only
 * 'self' (spa-server.c). The steps are plain links (service, therapist, day and time),
 * so they work with any browser and screen reader; the last step's form is sent by
 * book.js to the public API (spa-server-public.c), which decides.
 *
 * The pages translate per request, whatever the process's locale: the French catalogue
 * (the same po/fr.po as the desk) is read once from its .mo file.
 */

#define BOOK_DAYS 14

/* ---- the French catalogue ---- */

static GHashTable *
load_catalogue (void)
{
  const char *dir = g_getenv ("SPA_DESK_LOCALEDIR");
  g_autofree char *path = g_build_filename (dir ? dir : LOCALEDIR, "fr", "LC_MESSAGES",
                                            GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *data = NULL;
  gsize length;
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint32 n, originals, translations;

  if (!g_file_get_contents (path, &data, &length, NULL) || length < 28 ||
      *(guint32 *)data != 0x950412de)
    {
      g_debug ("no French catalogue at %s", path);
      return table;
    }
  n = ((guint32 *)data)[2];
  originals = ((guint32 *)data)[3];
  translations = ((guint32 *)data)[4];
  if (originals > length || translations > length || n > (length - MAX (originals,
                                                                        translations)) / 8)
    return table;
  for (guint32 i = 0; i < n; i++)
    {
      guint32 olen = *(guint32 *)(data + originals + 8 * i);
      guint32 ooff = *(guint32 *)(data + originals + 8 * i + 4);
      guint32 tlen = *(guint32 *)(data + translations + 8 * i);
      guint32 toff = *(guint32 *)(data + translations + 8 * i + 4);

      if ((guint64)ooff + olen >= length || (guint64)toff + tlen >= length || olen == 0)
        continue;
      /* The first form of each: msgid (with its context) to msgstr. */
      g_hash_table_insert (table, g_strndup (data + ooff, strnlen (data + ooff, olen)),
                           g_strndup (data + toff, strnlen (data + toff, tlen)));
    }
  return table;
}

typedef struct
{
  gboolean   fr;
  GString   *out;
  SpaStore  *store;
  SpaPublicSite *site;
  GTimeZone *zone;       /* the location's: its days and times */
  const char *location;  /* the location chosen, NULL: the default one */
} Page;

/**
 * spa_public_translate:
 * @french: whether to translate
 *
 * Returns: (transfer none): @english in French from the catalogue when @french (and
 *   translated), else @english; for the pages and the e-mails (spa-server-mail.c)
 */
const char *
spa_public_translate (gboolean    french,
                      const char *english)
{
  static GHashTable *catalogue;
  static gsize loaded;
  const char *translated;

  if (!french)
    return english;
  if (g_once_init_enter (&loaded))
    {
      catalogue = load_catalogue ();
      g_once_init_leave (&loaded, 1);
    }
  translated = g_hash_table_lookup (catalogue, english);
  return translated && *translated ? translated : english;
}

static const char *
T (Page       *page,
   const char *english)
{
  return spa_public_translate (page->fr, english);
}

/* A translation with a context (msgctxt), as NC_() marks it. */
static const char *
TC (Page       *page,
    const char *context,
    const char *english)
{
  g_autofree char *key = g_strconcat (context, "\004", english, NULL);
  const char *french = T (page, key);

  return french == key ? english : french;
}

/* The language asked for: ?lang= first, then the first of English or French in
 * Accept-Language by its weight. */
static gboolean
wants_french (SpaServerRequest *request)
{
  const char *lang = request->query ? g_hash_table_lookup (request->query, "lang") : NULL;
  g_auto(GStrv) ranges = NULL;
  double best_q = -1;
  gboolean fr = FALSE;

  if (lang != NULL)
    return g_str_equal (lang, "fr");
  if (request->accept_language == NULL)
    return FALSE;
  ranges = g_strsplit (request->accept_language, ",", 32);
  for (guint i = 0; ranges[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_strstrip (ranges[i]), ";", 4);
      double q = 1.0;
      gboolean is_fr = g_ascii_strncasecmp (parts[0], "fr", 2) == 0 &&
                       (parts[0][2] == '\0' || parts[0][2] == '-');
      gboolean is_en = g_ascii_strncasecmp (parts[0], "en", 2) == 0 &&
                       (parts[0][2] == '\0' || parts[0][2] == '-');

      for (guint j = 1; parts[j]; j++)
        {
          char *p = g_strstrip (parts[j]);

          if (g_str_has_prefix (p, "q="))
            q = g_ascii_strtod (p + 2, NULL);
        }
      if ((is_fr || is_en) && q > best_q)
        {
          best_q = q;
          fr = is_fr;
        }
    }
  return fr;
}

/* A translated sentence with its "%s" or "%d" filled in, the translation being data
 * (not a format the compiler checks). */
static char *
fill (const char *sentence,
      const char *value)
{
  GString *out = g_string_new (NULL);
  const char *mark = strstr (sentence, "%s");

  if (mark == NULL)
    mark = strstr (sentence, "%d");
  if (mark == NULL)
    {
      g_string_append (out, sentence);
      return g_string_free (out, FALSE);
    }
  g_string_append_len (out, sentence, mark - sentence);
  g_string_append (out, value);
  g_string_append (out, mark + 2);
  return g_string_free (out, FALSE);
}

static void
set_str (char       **slot,
         const char  *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

/* ---- writing HTML ---- */

static void
put (Page       *page,
     const char *html)
{
  g_string_append (page->out, html);
}

/* Text (or an attribute value), escaped. */
static void
text (Page       *page,
      const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value ? value : "", -1);

  g_string_append (page->out, escaped);
}

static void G_GNUC_PRINTF (2, 3)
putf (Page       *page,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (page->out, format, args);
  va_end (args);
}

/* A link inside the booking flow, its parameters escaped. */
static char *
book_link (Page       *page,
           const char *service,
           const char *therapist,
           const char *day,
           const char *starts)
{
  GString *url = g_string_new ("/book?");
  g_autofree char *s = NULL;

  if (service)
    {
      s = g_uri_escape_string (service, NULL, FALSE);
      g_string_append_printf (url, "service=%s&", s);
      g_clear_pointer (&s, g_free);
    }
  if (therapist)
    {
      s = g_uri_escape_string (therapist, NULL, FALSE);
      g_string_append_printf (url, "therapist=%s&", s);
      g_clear_pointer (&s, g_free);
    }
  if (day)
    g_string_append_printf (url, "day=%s&", day);
  if (starts)
    g_string_append_printf (url, "starts=%s&", starts);
  if (page->location)
    {
      s = g_uri_escape_string (page->location, NULL, FALSE);
      g_string_append_printf (url, "location=%s&", s);
      g_clear_pointer (&s, g_free);
    }
  g_string_append (url, page->fr ? "lang=fr" : "lang=en");
  return g_string_free (url, FALSE);
}

static const char * const weekdays[] = {
  NULL, N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
  N_("Saturday"), N_("Sunday")
};
static const char * const short_weekdays[] = {
  NULL, N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun")
};
static const char * const months[] = {
  NULL, N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
  N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December")
};

static char *
format_time (Page      *page,
             GDateTime *utc)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, page->zone);
  int h = g_date_time_get_hour (local), m = g_date_time_get_minute (local);

  if (page->fr)
    return m ? g_strdup_printf ("%d h %02d", h, m) : g_strdup_printf ("%d h", h);
  return g_strdup_printf ("%d:%02d %s", h % 12 == 0 ? 12 : h % 12, m, h < 12 ? "a.m." : "p.m.");
}

static char *
format_day (Page      *page,
            GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (when, page->zone);
  const char *weekday = T (page, weekdays[g_date_time_get_day_of_week (local)]);
  const char *month = T (page, months[g_date_time_get_month (local)]);

  if (page->fr)
    {
      g_autofree char *lower_day = g_utf8_strdown (weekday, -1);
      g_autofree char *lower_month = g_utf8_strdown (month, -1);

      return g_strdup_printf ("%s %d %s", lower_day, g_date_time_get_day_of_month (local),
                              lower_month);
    }
  return g_strdup_printf ("%s, %s %d", weekday, month, g_date_time_get_day_of_month (local));
}

static char *
format_when (Page      *page,
             GDateTime *utc)
{
  g_autofree char *day = format_day (page, utc);
  g_autofree char *time = format_time (page, utc);

  /* TRANSLATORS: a booking's day and time, such as "Monday, December 7 at 10:00 a.m." */
  g_autofree char *with_day = fill (T (page, N_("%s at %s")), day);

  return fill (with_day, time);
}

/**
 * spa_public_format_when:
 *
 * Returns: (transfer full): a booking's day and time in the spa's zone, as the pages
 *   write it ("Monday, December 7 at 10:00 a.m.", "lundi 7 décembre à 10 h")
 */
char *
spa_public_format_when (gboolean   french,
                        GTimeZone *zone,
                        GDateTime *utc)
{
  Page page = { .fr = french, .zone = zone };

  return format_when (&page, utc);
}

/**
 * spa_public_wants_french:
 *
 * Returns: whether @request asks for French (`?lang=fr`, or Accept-Language), as the
 *   pages read it; an online booking's new client gets their e-mails in it
 */
gboolean
spa_public_wants_french (SpaServerRequest *request)
{
  return wants_french (request);
}

/**
 * spa_public_fill:
 *
 * Returns: (transfer full): a translated @sentence with its one "%s" (or "%d") filled
 */
char *
spa_public_fill (const char *sentence,
                 const char *value)
{
  return fill (sentence, value);
}

static char *
format_price (Page      *page,
              SpaRecord *service)
{
  gint64 cents = spa_record_get_int (service, "price_cents", -1);

  if (cents < 0)
    return NULL;
  if (page->fr)
    return g_strdup_printf ("%" G_GINT64_FORMAT ",%02d $", cents / 100, (int)(cents % 100));
  return g_strdup_printf ("$%" G_GINT64_FORMAT ".%02d", cents / 100, (int)(cents % 100));
}

static char *
format_minutes (Page *page,
                gint64 minutes)
{
  g_autofree char *number = g_strdup_printf ("%d", (int)minutes);

  return fill (T (page, N_("%d min")), number);
}

/* ---- the frame of every page ---- */

static char *
setting (Page       *page,
         const char *key)
{
  return spa_public_get_setting (page->store, key);
}

static void
page_start (Page       *page,
            const char *title,
            int         step)
{
  g_autofree char *name = setting (page, "spa_name");
  g_autofree char *logo = setting (page, "logo");
  static const char * const steps[] = { N_("Service"), N_("Therapist"), N_("Time"), N_("Details"),
                                       N_("Done") };
  const char *spa = name ? name : T (page, "Spa Desk");

  putf (page, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", page->fr
        ? "fr" : "en");
  put (page, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  put (page, "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
  text (page, title);
  put (page, " · ");
  text (page, spa);
  put (page, "</title>\n<link rel=\"stylesheet\" href=\"/book/static/book.css\">\n"
             "<link rel=\"stylesheet\" href=\"/book/theme.css\">\n"
             "<script src=\"/book/static/book.js\" defer></script>\n</head>\n<body>\n");
  putf (page, "<a class=\"skip\" href=\"#main\">%s</a>\n", T (page, N_("Skip to content")));
  put (page, "<header class=\"site\"><div class=\"brand\">");
  if (logo != NULL)
    {
      put (page, "<img class=\"logo\" src=\"/book/logo\" alt=\"\" width=\"48\" height=\"48\">");
    }
  else
    put (page, "<span class=\"mark\" aria-hidden=\"true\"></span>");
  put (page, "<a class=\"name\" href=\"/book\">");
  text (page, spa);
  put (page, "</a></div><nav class=\"lang\" aria-label=\"");
  text (page, T (page, N_("Language")));
  put (page, "\">");
  put (page, page->fr ? "<a href=\"?lang=en\" lang=\"en\" hreflang=\"en\">English</a>"
                      : "<a href=\"?lang=fr\" lang=\"fr\" hreflang=\"fr\">Français</a>");
  put (page, "</nav></header>\n");

  if (step > 0)
    {
      putf (page, "<nav class=\"steps\" aria-label=\"%s\"><ol>", T (page, N_("Booking steps")));
      for (int i = 0; i < 5; i++)
        {
          putf (page, "<li class=\"%s\"%s><span class=\"dot\" aria-hidden=\"true\">%d</span>",
                i + 1 < step ? "done" : i + 1 == step ? "current" : "",
                i + 1 == step ? " aria-current=\"step\"" : "", i + 1);
          text (page, T (page, steps[i]));
          put (page, "</li>");
        }
      put (page, "</ol></nav>\n");
    }
  put (page, "<main id=\"main\" tabindex=\"-1\">\n");
}

static void
page_end (Page *page)
{
  g_autofree char *name = setting (page, "spa_name");

  put (page, "</main>\n<footer class=\"site\"><p>");
  text (page, name ? name : "Spa Desk");
  put (page, " · ");
  text (page, T (page, N_("Your details are used only by the spa to care for you.")));
  put (page, "</p></footer>\n</body>\n</html>\n");
}

static void
heading (Page       *page,
         const char *title,
         const char *lead)
{
  put (page, "<h1>");
  text (page, title);
  put (page, "</h1>\n");
  if (lead)
    {
      put (page, "<p class=\"lead\">");
      text (page, lead);
      put (page, "</p>\n");
    }
}

static void
back_link (Page       *page,
           const char *href)
{
  put (page, "<p class=\"back\"><a href=\"");
  text (page, href);
  put (page, "\">");
  text (page, TC (page, "navigation", NC_("navigation", "Back")));
  put (page, "</a></p>\n");
}

/* ---- the steps ---- */

/* "60 min · $120.00"; the minutes left out when the name already says them (the
 * default services are named "Swedish massage, 60 min"). */
static char *
service_meta (Page      *page,
              SpaRecord *service)
{
  gint64 duration = spa_record_get_int (service, "duration_min", 0);
  g_autofree char *minutes = g_strdup_printf ("%d min", (int)duration);
  g_autofree char *price = format_price (page, service);
  const char *name = spa_record_get_string (service, "name");
  GString *meta = g_string_new (NULL);

  if (name == NULL || strstr (name, minutes) == NULL)
    {
      g_autofree char *label = format_minutes (page, duration);

      g_string_append (meta, label);
    }
  if (price != NULL)
    g_string_append_printf (meta, "%s%s", meta->len ? " · " : "", price);
  return g_string_free (meta, FALSE);
}

/* A chain's first step: where to book (a single spa has no choice to make). */
static void
choose_location (Page *page)
{
  g_autoptr(GPtrArray) locations = spa_location_list (page->store, NULL, NULL);

  page_start (page, T (page, N_("Book online")), 1);
  heading (page, T (page, N_("Book online")), T (page, N_("Choose where you would like to come.")));
  put (page, "<ul class=\"cards\">");
  for (guint i = 0; locations != NULL && i < locations->len; i++)
    {
      SpaRecord *l = locations->pdata[i];
      g_autofree char *href = NULL;

      page->location = spa_record_get_id (l);
      href = book_link (page, NULL, NULL, NULL, NULL);
      page->location = NULL;
      put (page, "<li><a class=\"card\" href=\"");
      text (page, href);
      put (page, "\"><span class=\"title\">");
      text (page, spa_location_get_name (l));
      put (page, "</span>");
      if (!spa_str_empty (spa_location_get_address (l)))
        {
          put (page, "<span class=\"desc\">");
          text (page, spa_location_get_address (l));
          put (page, "</span>");
        }
      put (page, "</a></li>");
    }
  put (page, "</ul>\n");
  page_end (page);
}

static void
choose_service (Page *page)
{
  g_autoptr(GPtrArray) services = spa_public_list_services (page->store);
  const char *category = NULL;

  page_start (page, T (page, N_("Book online")), 1);
  heading (page, T (page, N_("Book online")), T (page,
      N_("Choose a treatment to see when it can be booked.")));
  {
    /* The spa's own words, as its manager wrote them (in one language). */
    g_autofree char *intro = setting (page, "intro");

    if (intro != NULL)
      {
        put (page, "<p class=\"intro\">");
        text (page, intro);
        put (page, "</p>\n");
      }
  }
  if (services->len == 0)
    {
      put (page, "<p>");
      text (page, T (page,
                     N_("No treatment can be booked online at the moment. Please call the spa.")));
      put (page, "</p>\n");
    }
  for (guint i = 0; i < services->len; i++)
    {
      SpaRecord *s = services->pdata[i];
      const char *this_category = spa_record_get_string (s, "category");
      g_autofree char *href = book_link (page, spa_record_get_id (s), NULL, NULL, NULL);
      g_autofree char *meta = service_meta (page, s);

      if (i == 0 || g_strcmp0 (category, this_category) != 0)
        {
          if (i > 0)
            put (page, "</ul></section>\n");
          put (page, "<section class=\"group\"><h2>");
          text (page, this_category ? T (page, this_category) : T (page, N_("Treatments")));
          put (page, "</h2><ul class=\"cards\">");
          category = this_category;
        }
      put (page, "<li><a class=\"card\" href=\"");
      text (page, href);
      put (page, "\"><span class=\"title\">");
      text (page, T (page, spa_record_get_string (s, "name")));
      put (page, "</span><span class=\"meta\">");
      text (page, meta);
      put (page, "</span>");
      if (spa_record_get_string (s, "description"))
        {
          put (page, "<span class=\"desc\">");
          text (page, T (page, spa_record_get_string (s, "description")));
          put (page, "</span>");
        }
      put (page, "</a></li>");
    }
  if (services->len > 0)
    put (page, "</ul></section>\n");
  page_end (page);
}

/* A booking's time in bold, and "with THERAPIST" when one is named. @id, when given, lets
 * the page's script rewrite the time. */
static void
when_line (Page       *page,
           const char *id,
           const char *when,
           SpaRecord  *therapist)
{
  if (id != NULL)
    putf (page, "<p class=\"when\"><strong id=\"%s\">", id);
  else
    put (page, "<p class=\"when\"><strong>");
  text (page, when);
  put (page, "</strong>");
  if (therapist != NULL)
    {
      g_autofree char *with = fill (T (page, N_("with %s")),
                                    spa_record_get_string (therapist, "name"));

      /* The dot stays with the time, not at the start of a line. */
      put (page, "&nbsp;· ");
      text (page, with);
    }
  put (page, "</p>");
}

static void
service_summary (Page      *page,
                 SpaRecord *service)
{
  g_autofree char *meta = service_meta (page, service);

  put (page, "<p class=\"chosen\"><span class=\"title\">");
  text (page, T (page, spa_record_get_string (service, "name")));
  put (page, "</span> <span class=\"meta\">");
  text (page, meta);
  put (page, "</span></p>\n");
}

static void
choose_therapist (Page      *page,
                  SpaRecord *service)
{
  g_autoptr(GPtrArray) therapists = spa_public_list_therapists (page->store,
                                                                spa_record_get_id (service));
  g_autofree char *any = book_link (page, spa_record_get_id (service), "any", NULL, NULL);

  page_start (page, T (page, N_("Choose your therapist")), 2);
  back_link (page, page->fr ? "/book?lang=fr" : "/book?lang=en");
  heading (page, T (page, N_("Choose your therapist")), NULL);
  service_summary (page, service);
  put (page, "<ul class=\"cards\"><li><a class=\"card any\" href=\"");
  text (page, any);
  put (page, "\"><span class=\"title\">");
  text (page, T (page, N_("Any available therapist")));
  put (page, "</span><span class=\"desc\">");
  text (page, T (page, N_("The most times to choose from.")));
  put (page, "</span></a></li>");
  for (guint i = 0; i < therapists->len; i++)
    {
      SpaRecord *t = therapists->pdata[i];
      g_autofree char *href = NULL;

      if (!spa_location_therapist_works_at (t, page->location ? page->location
                                                              : SPA_LOCATION_DEFAULT_ID))
        continue;
      href = book_link (page, spa_record_get_id (service), spa_record_get_id (t), NULL, NULL);

      put (page, "<li><a class=\"card\" href=\"");
      text (page, href);
      put (page, "\"><span class=\"title\">");
      text (page, spa_record_get_string (t, "name"));
      put (page, "</span>");
      if (spa_record_get_string (t, "credentials"))
        {
          put (page, "<span class=\"meta\">");
          text (page, spa_record_get_string (t, "credentials"));
          put (page, "</span>");
        }
      if (spa_record_get_string (t, "bio"))
        {
          put (page, "<span class=\"desc\">");
          text (page, spa_record_get_string (t, "bio"));
          put (page, "</span>");
        }
      put (page, "</a></li>");
    }
  put (page, "</ul>\n");
  page_end (page);
}

static char *
day_key (Page      *page,
         GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (when, page->zone);

  return g_date_time_format (local, "%Y-%m-%d");
}

static void
choose_time (Page       *page,
             SpaRecord  *service,
             const char *therapist,
             const char *day)
{
  const char *service_id = spa_record_get_id (service);
  const char *therapist_id = g_strcmp0 (therapist, "any") == 0 ? NULL : therapist;
  g_autofree char *now = spa_store_now_utc (page->store);
  g_autoptr(GDateTime) today = spa_time_parse_utc (now);
  g_autoptr(GPtrArray) slots = spa_public_find_slots (page->store, page->site, page->location,
                                                      service_id, therapist_id, today, BOOK_DAYS,
                                                      0);
  g_autoptr(GHashTable) per_day = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *chosen = NULL;
  g_autofree char *back = book_link (page, service_id, NULL, NULL, NULL);
  g_autofree char *last_start = NULL;

  for (guint i = 0; slots && i < slots->len; i++)
    {
      g_autofree char *key = day_key (page, ((SpaSlot *)slots->pdata[i])->starts);
      /* Counted before the key is handed over: the order in which a call's arguments
       * are evaluated is not C's to promise (clang steals the key first). */
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (per_day, key));

      if (chosen == NULL)
        chosen = g_strdup (key);
      g_hash_table_insert (per_day, g_steal_pointer (&key), GUINT_TO_POINTER (count + 1));
    }
  if (day != NULL && g_hash_table_contains (per_day, day))
    set_str (&chosen, day);

  page_start (page, T (page, N_("Choose a day and time")), 3);
  back_link (page, back);
  heading (page, T (page, N_("Choose a day and time")), NULL);
  service_summary (page, service);

  if (chosen == NULL)
    {
      put (page, "<p class=\"notice\">");
      text (page, T (page,
                     N_("No time is free in the next two weeks. Please try another therapist or "
                        "call the spa.")));
      put (page, "</p>\n");
      page_end (page);
      return;
    }

  putf (page, "<nav class=\"days\" aria-label=\"%s\"><ul>", T (page, N_("Days")));
  for (int d = 0; d < BOOK_DAYS; d++)
    {
      g_autoptr(GDateTime) local_today = g_date_time_to_timezone (today, page->zone);
      g_autoptr(GDateTime) date = g_date_time_add_days (local_today, d);
      g_autofree char *key = day_key (page, date);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (per_day, key));
      g_autoptr(GDateTime) noon = g_date_time_new (page->zone, g_date_time_get_year (date),
                                                   g_date_time_get_month (date),
                                                   g_date_time_get_day_of_month (date), 12, 0, 0);
      g_autofree char *label = format_day (page, noon);
      const char *wd = T (page, short_weekdays[g_date_time_get_day_of_week (noon)]);

      if (count == 0)
        {
          putf (page,
                "<li><span class=\"day off\" aria-disabled=\"true\" title=\"%s\"><span "
                "class=\"wd\">",
                T (page, N_("Nothing free")));
          text (page, wd);
          putf (page, "</span><span class=\"dn\">%d</span><span class=\"visually-hidden\">",
                g_date_time_get_day_of_month (noon));
          text (page, label);
          put (page, ", ");
          text (page, T (page, N_("Nothing free")));
          put (page, "</span></span></li>");
          continue;
        }
      {
        g_autofree char *href = book_link (page, service_id, therapist, key, NULL);

        put (page, "<li><a class=\"day\" href=\"");
        text (page, href);
        putf (page, "\"%s><span class=\"wd\" aria-hidden=\"true\">", g_str_equal (key, chosen)
              ? " aria-current=\"date\"" : "");
        text (page, wd);
        putf (page,
              "</span><span class=\"dn\" aria-hidden=\"true\">%d</span><span "
              "class=\"visually-hidden\">",
              g_date_time_get_day_of_month (noon));
        text (page, label);
        put (page, "</span></a></li>");
      }
    }
  put (page, "</ul></nav>\n");

  {
    g_autoptr(GDateTime) noon = NULL;
    g_autofree char *label = NULL;
    int y, m, d;

    sscanf (chosen, "%d-%d-%d", &y, &m, &d);
    noon = g_date_time_new (page->zone, y, m, d, 12, 0, 0);
    label = format_day (page, noon);
    put (page, "<section class=\"times\" aria-labelledby=\"times-h\"><h2 id=\"times-h\">");
    text (page, label);
    put (page, "</h2><ul>");
  }
  for (guint i = 0; slots && i < slots->len; i++)
    {
      SpaSlot *slot = slots->pdata[i];
      g_autofree char *key = day_key (page, slot->starts);
      g_autofree char *starts = spa_time_format_utc (slot->starts);
      g_autofree char *href = NULL;
      g_autofree char *time = NULL;

      /* "Any therapist" shows each time once. */
      if (!g_str_equal (key, chosen) || g_strcmp0 (last_start, starts) == 0)
        continue;
      set_str (&last_start, starts);
      href = book_link (page, service_id, therapist, NULL, starts);
      time = format_time (page, slot->starts);
      put (page, "<li><a class=\"time\" href=\"");
      text (page, href);
      put (page, "\">");
      text (page, time);
      put (page, "</a></li>");
    }
  put (page, "</ul></section>\n");
  page_end (page);
}

static void
field (Page       *page,
       const char *name,
       const char *label,
       const char *type,
       const char *autocomplete,
       gboolean    required,
       const char *error)
{
  putf (page, "<div class=\"field\"><label for=\"f-%s\">", name);
  text (page, label);
  if (!required)
    {
      put (page, " <span class=\"optional\">");
      text (page, T (page, N_("(optional)")));
      put (page, "</span>");
    }
  put (page, "</label>");
  if (g_str_equal (type, "textarea"))
    putf (page,
          "<textarea id=\"f-%s\" name=\"%s\" rows=\"3\" maxlength=\"2000\" "
          "aria-describedby=\"e-%s\"></textarea>",
          name, name, name);
  else
    putf (page,
          "<input id=\"f-%s\" name=\"%s\" type=\"%s\" autocomplete=\"%s\" maxlength=\"200\"%s "
          "aria-describedby=\"e-%s\">",
          name, name, type, autocomplete, required ? " required aria-required=\"true\"" : "", name);
  putf (page, "<p class=\"error\" id=\"e-%s\" data-message=\"", name);
  text (page, error);
  put (page, "\"></p></div>\n");
}

static void
enter_details (Page       *page,
               SpaRecord  *service,
               const char *therapist,
               const char *starts)
{
  g_autoptr(GDateTime) when = spa_time_parse_utc (starts);
  g_autofree char *label = when ? format_when (page, when) : NULL;
  g_autofree char *day = when ? day_key (page, when) : NULL;
  g_autofree char *back = book_link (page, spa_record_get_id (service), therapist, day, NULL);
  g_autoptr(SpaRecord) chosen = NULL;
  g_autoptr(GPtrArray) therapists = spa_public_list_therapists (page->store,
                                                                spa_record_get_id (service));

  if (g_strcmp0 (therapist, "any") != 0)
    chosen = spa_store_get (page->store, "therapist", therapist, NULL);

  page_start (page, T (page, N_("Your details")), 4);
  back_link (page, back);
  heading (page, T (page, N_("Your details")), NULL);

  putf (page, "<div class=\"summary\" id=\"summary\" data-time-zone=\"%s\" data-lang=\"%s\">",
        g_time_zone_get_identifier (page->zone), page->fr ? "fr" : "en");
  service_summary (page, service);
  when_line (page, "when", label ? label : "", chosen);
  put (page, "</div>\n");

  /* Names for the confirmation, when "any" therapist is given one. */
  put (page, "<ul hidden id=\"therapist-names\">");
  for (guint i = 0; i < therapists->len; i++)
    {
      put (page, "<li data-id=\"");
      text (page, spa_record_get_id (therapists->pdata[i]));
      put (page, "\">");
      text (page, spa_record_get_string (therapists->pdata[i], "name"));
      put (page, "</li>");
    }
  put (page, "</ul>\n");

  put (page, "<div class=\"alert\" id=\"taken\" role=\"alert\" hidden><p>");
  text (page, T (page, N_("Sorry, this time was just taken. Here are the next free times:")));
  put (page, "</p><ul class=\"times\" id=\"alternatives\"></ul></div>\n");
  put (page, "<div class=\"alert\" id=\"failed\" role=\"alert\" hidden><p>");
  text (page, T (page,
                 N_("The booking could not be sent. Please check your connection and try again.")));
  put (page, "</p></div>\n");

  put (page, "<form id=\"details\" class=\"details\" novalidate data-service=\"");
  text (page, spa_record_get_id (service));
  put (page, "\" data-therapist=\"");
  text (page, therapist);
  put (page, "\" data-starts=\"");
  text (page, starts);
  put (page, "\" data-location=\"");
  text (page, page->location ? page->location : "");
  put (page, "\" data-book-url=\"");
  {
    g_autofree char *template_url = book_link (page, spa_record_get_id (service), therapist, NULL,
                                               "STARTS");

    text (page, template_url);
  }
  put (page, "\">\n");
  put (page, "<div class=\"row\">");
  field (page, "first_name", T (page, N_("First name")), "text", "given-name", TRUE,
         T (page, N_("Enter your first name.")));
  field (page, "last_name", T (page, N_("Last name")), "text", "family-name", TRUE,
         T (page, N_("Enter your last name.")));
  put (page, "</div><div class=\"row\">");
  field (page, "email", T (page, N_("E-mail")), "email", "email", TRUE,
         T (page, N_("Enter an e-mail address such as name@example.com.")));
  field (page, "phone", T (page, N_("Phone")), "tel", "tel", FALSE,
         T (page, N_("Enter a phone number of 7 to 15 digits, such as +1 604 555 0123.")));
  put (page, "</div>");
  field (page, "note", T (page, N_("Anything we should know?")), "textarea", "off", FALSE, "");
  put (page, "<button type=\"submit\" class=\"primary\">");
  text (page, T (page, N_("Confirm booking")));
  put (page, "</button>\n<noscript><p>");
  text (page, T (page, N_("Booking online needs JavaScript. Please call the spa to book.")));
  put (page, "</p></noscript>\n</form>\n");

  /* Shown by book.js once the spa has the booking. */
  put (page, "<section id=\"confirmation\" class=\"confirmation\" hidden tabindex=\"-1\" "
             "aria-labelledby=\"done-h\">"
             "<div class=\"tick\" aria-hidden=\"true\"></div><h1 id=\"done-h\">");
  text (page, T (page, N_("You are booked!")));
  put (page, "</h1><p class=\"lead\"><span id=\"done-when\"></span><span id=\"done-with\" "
             "data-template=\"");
  text (page, T (page, N_("with %s")));
  put (page, "\"></span></p><p>");
  text (page, T (page, N_("Save this page: the links below are yours alone.")));
  put (page, "</p><p class=\"actions\"><a class=\"button primary\" id=\"intake-link\" href=\"#\">");
  text (page, T (page, N_("Fill in your intake form")));
  put (page, "</a><a class=\"button\" id=\"manage-link\" href=\"#\">");
  text (page, T (page, N_("Change or cancel")));
  put (page, "</a></p><p class=\"small\">");
  text (page, T (page,
                 N_("Filling in the form before your visit leaves more of your time for the "
                    "massage.")));
  put (page, "</p></section>\n");
  page_end (page);
}

/* ---- a waitlist offer's page (docs/waitlist.md) ---- */

/* The offer's link: GET shows the time and a button (a form, so that a mail program
 * opening links to look at them takes nothing); POST takes it, if nobody was first. */
static guint
waitlist_page (Page             *page,
               SpaServerRequest *request,
               const char       *secret)
{
  gboolean post = g_str_equal (request->method, "POST");
  SpaWaitlistOfferState state = SPA_WAITLIST_OFFER_UNKNOWN;
  g_autoptr(SpaRecord) freed = spa_server_waitlist_open (page->store, secret, &state);
  g_autoptr(SpaRecord) booking = NULL;
  g_autoptr(SpaRecord) service = NULL;
  g_autoptr(SpaRecord) therapist = NULL;
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;

  if (freed == NULL)
    return 404;
  if (post && state != SPA_WAITLIST_OFFER_UNKNOWN)
    {
      booking = spa_server_waitlist_accept (page->store, secret, &state, &error);
      if (error != NULL)
        {
          g_warning ("A waitlist offer could not be taken: %s", error->message);
          return 500;
        }
    }

  service = spa_store_get (page->store, "service", spa_record_get_string (freed, "service_id"),
                           NULL);
  therapist = spa_store_get (page->store, "therapist",
                             spa_record_get_string (freed, "therapist_id"), NULL);
  starts = spa_time_parse_utc (spa_record_get_string (freed, "starts_at"));
  when = starts ? format_when (page, starts) : g_strdup ("");

  if (state == SPA_WAITLIST_OFFER_BOOKED)
    {
      page_start (page, T (page, N_("The time is yours")), 0);
      heading (page, T (page, N_("The time is yours")),
               T (page, N_("It is booked for you. A confirmation is on its way by e-mail.")));
    }
  else if (state == SPA_WAITLIST_OFFER_TAKEN)
    {
      page_start (page, T (page, N_("This time has already been taken")), 0);
      heading (page, T (page, N_("This time has already been taken")),
               T (page, N_("Sorry: someone else took it first. You are still on the waitlist, "
                           "and the spa will write again when another time comes free.")));
    }
  else if (state == SPA_WAITLIST_OFFER_PASSED)
    {
      page_start (page, T (page, N_("This time has gone")), 0);
      heading (page, T (page, N_("This time has gone")),
               T (page, N_("It has begun, and nobody took it. The spa will write again if "
                           "another time that suits you comes free before your last day on "
                           "the waitlist.")));
    }
  else
    {
      page_start (page, T (page, N_("A time has come free")), 0);
      heading (page, T (page, N_("A time has come free")),
               T (page, N_("It goes to the first person on the waitlist who takes it.")));
    }
  putf (page, "<div class=\"summary\" id=\"%s\">",
        state == SPA_WAITLIST_OFFER_BOOKED ? "booked"
        : state == SPA_WAITLIST_OFFER_TAKEN ? "taken"
        : state == SPA_WAITLIST_OFFER_PASSED ? "passed" : "offer");
  if (service)
    service_summary (page, service);
  when_line (page, NULL, when, therapist);
  put (page, "</div>\n");
  if (state == SPA_WAITLIST_OFFER_OPEN)
    {
      put (page, "<form method=\"post\"><p><button type=\"submit\" class=\"button primary\">");
      text (page, T (page, N_("Take This Time")));
      put (page, "</button></p></form>\n");
    }
  page_end (page);
  return post && (state == SPA_WAITLIST_OFFER_TAKEN || state == SPA_WAITLIST_OFFER_PASSED)
         ? 409 : 200;
}

/* ---- the booking's own page ---- */

static void
manage_page (Page       *page,
             SpaRecord  *booking,
             const char *secret)
{
  g_autoptr(SpaRecord) service = spa_store_get (page->store, "service",
      spa_record_get_string (booking, "service_id"), NULL);
  g_autoptr(SpaRecord) therapist = spa_store_get (page->store, "therapist",
      spa_record_get_string (booking, "therapist_id"), NULL);
  g_autoptr(GDateTime) starts = spa_time_parse_utc (spa_record_get_string (booking, "starts_at"));
  g_autofree char *when = format_when (page, starts);
  g_autofree char *now_text = spa_store_now_utc (page->store);
  g_autoptr(GDateTime) now = spa_time_parse_utc (now_text);
  const char *status = spa_record_get_string (booking, "status");
  gboolean cancelled = g_strcmp0 (status, "cancelled") == 0;
  gboolean changeable = spa_public_booking_changeable (page->store, booking);

  page_start (page, T (page, N_("Your booking")), 0);
  heading (page, T (page, N_("Your booking")), NULL);
  put (page, "<div class=\"summary\">");
  if (service)
    service_summary (page, service);
  when_line (page, NULL, when, therapist);
  if (cancelled)
    {
      put (page, "<p class=\"status cancelled\">");
      text (page, T (page, N_("This booking is cancelled.")));
      put (page, "</p>");
    }
  else if (!changeable && spa_booking_status_is_active (status) &&
           g_date_time_compare (starts, now) > 0)
    {
      /* Inside the cancellation window: the spa decides now. */
      put (page, "<p class=\"status\">");
      text (page, T (page, N_("This booking can no longer be changed online. Please call the "
                              "spa.")));
      put (page, "</p>");
    }
  put (page, "</div>\n");

  if (spa_public_booking_upcoming (page->store, booking))
    {
      putf (page, "<div id=\"manage\" data-secret=\"%s\">", secret);
      put (page, "<div class=\"alert\" id=\"failed\" role=\"alert\" hidden><p>");
      text (page, T (page,
                     N_("That did not work: the time may have just been taken. Please reload and "
                        "try again.")));
      put (page, "</p></div>");
    }
  if (changeable)
    {
      g_autoptr(GPtrArray) slots = spa_public_find_slots (page->store, page->site,
                                                          spa_record_get_location_id (booking),
                                                          spa_record_get_string (booking,
                                                                                 "service_id"),
                                                          spa_record_get_string (booking,
                                                                                 "therapist_id"),
                                                          now, 7, 12);

      put (page, "<section aria-labelledby=\"move-h\"><h2 id=\"move-h\">");
      text (page, T (page, N_("Choose another time")));
      put (page, "</h2><ul class=\"times\">");
      for (guint i = 0; slots && i < slots->len; i++)
        {
          SpaSlot *slot = slots->pdata[i];
          g_autofree char *label = format_when (page, slot->starts);
          g_autofree char *iso = spa_time_format_utc (slot->starts);

          put (page, "<li><button type=\"button\" class=\"time\" data-move=\"");
          text (page, iso);
          put (page, "\">");
          text (page, label);
          put (page, "</button></li>");
        }
      put (page, "</ul></section>\n");
    }
  if (spa_public_booking_upcoming (page->store, booking))
    {
      /* Where the reminder's link leads: one button to say the client is coming, even
       * once the booking can no longer be changed online. */
      if (g_strcmp0 (status, "booked") == 0)
        {
          put (page, "<section aria-labelledby=\"confirm-h\"><h2 id=\"confirm-h\">");
          text (page, T (page, N_("Are you coming?")));
          put (page, "</h2><p><button type=\"button\" id=\"confirm\">");
          text (page, T (page, N_("Yes, I am coming")));
          put (page, "</button></p></section>\n");
        }
      else if (g_strcmp0 (status, "confirmed") == 0)
        {
          put (page, "<p class=\"status\" id=\"confirmed\">");
          text (page, T (page, N_("You have confirmed this booking. See you soon!")));
          put (page, "</p>\n");
        }
      if (changeable)
        {
          put (page, "<section aria-labelledby=\"cancel-h\"><h2 id=\"cancel-h\">");
          text (page, T (page, N_("Cancel")));
          put (page, "</h2><p><button type=\"button\" class=\"danger\" id=\"cancel\">");
          text (page, T (page, N_("Cancel this booking")));
          put (page, "</button></p></section>");
        }
      put (page, "</div>\n");
    }
  page_end (page);
}

/* ---- the intake form ---- */

static void
body_figure (Page        *page,
             SpaBodyView  view,
             const char  *title)
{
  guint n;
  const SpaRegion *regions = spa_vocab_regions (&n);

  putf (page,
        "<figure class=\"figure\"><svg viewBox=\"-10 -6 220 412\" role=\"group\" aria-label=\"%s\" "
              "xmlns=\"http://www.w3.org/2000/svg\"><g class=\"silhouette\" aria-hidden=\"true\">",
                  title);
  /* The figure's outline, drawn around the regions' places (SpaRegion's unit box is
   * 200 x 400 here): head, neck, torso, limbs as round-capped strokes, both sides. */
  put (page, "<ellipse cx=\"100\" cy=\"18\" rx=\"18\" ry=\"20\"/>"
             "<rect x=\"88\" y=\"30\" width=\"24\" height=\"30\" rx=\"8\"/>"
             "<path d=\"M60 58 Q100 46 140 58 Q148 62 146 84 L140 120 Q134 146 136 168"
             " L140 200 Q100 212 60 200 L64 168 Q66 146 60 120 L54 84 Q52 62 60 58 Z\"/>");
  for (int side = 0; side < 2; side++)
    {
      /* x as seen on the right half, mirrored for the left. */
#define X(x) (side ? 200 - (x) : (x))
      putf (page, "<path class=\"limb\" d=\"M%d 70 L%d 130 L%d 188\" stroke-width=\"21\"/>",
            X (52), X (45), X (34));
      putf (page, "<ellipse cx=\"%d\" cy=\"204\" rx=\"11\" ry=\"15\"/>", X (32));
      putf (page, "<path class=\"limb\" d=\"M%d 196 L%d 280 L%d 362\" stroke-width=\"29\"/>",
            X (82), X (83), X (82));
      putf (page, "<ellipse cx=\"%d\" cy=\"378\" rx=\"15\" ry=\"10\"/>", X (78));
#undef X
    }
  put (page, "</g>");
  for (guint i = 0; i < n; i++)
    {
      if (regions[i].view != view)
        continue;
      putf (page, "<rect class=\"region\" data-region=\"%s\" tabindex=\"0\" role=\"button\" "
                  "aria-pressed=\"false\" aria-label=\"", regions[i].code);
      text (page, T (page, regions[i].label));
      putf (page, "\" data-label=\"");
      text (page, T (page, regions[i].label));
      putf (page, "\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"8\"/>",
            regions[i].x * 200, regions[i].y * 400, regions[i].width * 200,
                regions[i].height * 400);
    }
  put (page, "</svg><figcaption>");
  text (page, title);
  put (page, "</figcaption></figure>");
}

static void
intake_page (Page       *page,
             SpaRecord  *booking,
             const char *secret,
             gboolean    used)
{
  g_autoptr(SpaRecord) client = spa_store_get (page->store, "client",
                                               spa_record_get_string (booking, "client_id"), NULL);
  g_autoptr(GDateTime) starts = spa_time_parse_utc (spa_record_get_string (booking, "starts_at"));
  g_autofree char *when = format_when (page, starts);
  g_autofree char *lead = NULL;
  guint n;
  const SpaVocabEntry *entries;

  page_start (page, T (page, N_("Before your visit")), 0);
  lead = fill (T (page,
                  N_("A few questions before your massage on %s, so your therapist can prepare.")),
                      when);
  heading (page, T (page, N_("Before your visit")), lead);

  if (used)
    {
      put (page, "<p class=\"notice\">");
      text (page, T (page,
                     N_("Thank you: the spa has your form. To change an answer, tell your "
                        "therapist at your visit.")));
      put (page, "</p>\n");
      page_end (page);
      return;
    }

  putf (page, "<form id=\"intake\" class=\"intake\" novalidate data-secret=\"%s\">\n", secret);

  put (page, "<fieldset><legend>");
  text (page, T (page, N_("Your visit")));
  put (page, "</legend>");
  field (page, "reason", T (page, N_("What brings you in?")), "textarea", "off", FALSE, "");
  field (page, "goals", T (page, N_("What would you like from this massage?")), "textarea", "off",
         FALSE, "");
  put (page, "</fieldset>\n");

  /* The body map: each region a button; the panel sets its pain and whether to avoid it. */
  put (page, "<fieldset class=\"map\"><legend>");
  text (page, T (page, N_("Where does it hurt?")));
  put (page, "</legend><p class=\"hint\" id=\"map-hint\">");
  text (page, T (page,
                 N_("Select an area on the body (click it, or Tab to it and press Enter), then "
                    "rate the pain from 0 to 10 or ask us to avoid it.")));
  put (page, "</p><div class=\"figures\">");
  body_figure (page, SPA_BODY_VIEW_FRONT, T (page, N_("Front")));
  body_figure (page, SPA_BODY_VIEW_BACK, T (page, N_("Back")));
  put (page, "</div>\n<div class=\"area-panel\" id=\"area-panel\" hidden role=\"group\" "
             "aria-labelledby=\"area-name\">"
             "<h2 id=\"area-name\"></h2><div class=\"field\"><label for=\"area-pain\">");
  text (page, T (page, N_("Pain (0 is none, 10 is the worst)")));
  put (page, "</label><div class=\"range\"><input type=\"range\" id=\"area-pain\" min=\"0\" "
             "max=\"10\" step=\"1\" value=\"0\">"
             "<output id=\"area-pain-value\" for=\"area-pain\">0</output></div></div>"
             "<div class=\"field\"><label for=\"area-quality\">");
  /* The pain's kind and a note, as on the desk's intake form. */
  text (page, T (page, N_("What is the pain like?")));
  put (page, "</label><select id=\"area-quality\"><option value=\"\">");
  text (page, TC (page, "pain quality", NC_ ("pain quality", "Not specified")));
  put (page, "</option>");
  entries = spa_vocab_pain_qualities (&n);
  for (guint i = 0; i < n; i++)
    {
      putf (page, "<option value=\"%s\">", entries[i].code);
      text (page, T (page, entries[i].label));
      put (page, "</option>");
    }
  put (page, "</select></div><div class=\"field\"><label for=\"area-note\">");
  text (page, T (page, N_("A note on this pain (optional)")));
  put (page, "</label><input type=\"text\" id=\"area-note\" maxlength=\"200\" "
             "autocomplete=\"off\"></div>"
             "<div class=\"check\"><input type=\"checkbox\" id=\"area-avoid\"><label "
             "for=\"area-avoid\">");
  text (page, T (page, N_("Please avoid this area")));
  put (page, "</label></div><div class=\"field\"><label for=\"area-reason\">");
  text (page, T (page, N_("Why? (optional)")));
  put (page, "</label><input type=\"text\" id=\"area-reason\" maxlength=\"200\" "
             "autocomplete=\"off\"></div>"
             "<p class=\"actions\"><button type=\"button\" class=\"primary\" id=\"area-done\">");
  text (page, T (page, N_("Done")));
  put (page, "</button><button type=\"button\" id=\"area-clear\">");
  text (page, T (page, N_("Clear this area")));
  put (page, "</button></p></div>\n<h2 class=\"marked-h\">");
  text (page, T (page, N_("Areas you marked")));
  putf (page,
        "</h2><ul id=\"marked\" class=\"marked\" aria-live=\"polite\" data-none=\"%s\" "
        "data-pain=\"%s\" data-avoid=\"%s\"></ul>",
        T (page, N_("None yet.")), T (page, N_("pain %d of 10")), T (page, N_("avoid")));
  put (page, "</fieldset>\n");

  put (page, "<fieldset><legend>");
  text (page, T (page, N_("Pressure you prefer")));
  put (page, "</legend><div class=\"choices\">");
  entries = spa_vocab_pressures (&n);
  for (guint i = 0; i < n; i++)
    {
      putf (page,
            "<div class=\"choice\"><input type=\"radio\" name=\"pressure\" id=\"p-%s\" "
            "value=\"%s\"%s>"
                  "<label for=\"p-%s\">", entries[i].code, entries[i].code, i == 1 ? " checked"
                      : "", entries[i].code);
      text (page, T (page, entries[i].label));
      put (page, "</label></div>");
    }
  put (page, "</div></fieldset>\n");

  put (page, "<fieldset><legend>");
  text (page, T (page, N_("Your health")));
  put (page, "</legend><p class=\"hint\">");
  text (page, T (page, N_("Tick any that apply to you now.")));
  put (page, "</p><div class=\"choices grid\">");
  entries = spa_vocab_conditions (&n);
  for (guint i = 0; i < n; i++)
    {
      putf (page,
            "<div class=\"choice\"><input type=\"checkbox\" name=\"conditions\" id=\"c-%s\" "
            "value=\"%s\">"
                  "<label for=\"c-%s\">", entries[i].code, entries[i].code, entries[i].code);
      text (page, T (page, entries[i].label));
      put (page, "</label></div>");
    }
  put (page, "</div>");
  field (page, "medications", T (page, N_("Medications")), "textarea", "off", FALSE, "");
  field (page, "allergies", T (page, N_("Allergies (oils, nuts, latex…)")), "textarea", "off",
         FALSE, "");
  field (page, "recent_injury", T (page, N_("Recent surgery or injury")), "textarea", "off", FALSE,
         "");
  field (page, "pregnancy_weeks", T (page, N_("If pregnant, how many weeks?")), "number", "off",
         FALSE,
         T (page, N_("Enter a number of weeks from 0 to 45.")));
  put (page, "</fieldset>\n");

  put (page, "<fieldset><legend>");
  text (page, T (page, N_("Consent")));
  put (page, "</legend><div class=\"check\"><input type=\"checkbox\" id=\"f-consent\" "
             "name=\"consent\" aria-describedby=\"e-consent\" required>"
             "<label for=\"f-consent\">");
  text (page, T (page,
                 N_("My answers are true to the best of my knowledge, and I consent to massage "
                    "treatment. I will tell my therapist if anything changes.")));
  putf (page, "</label></div><p class=\"error\" id=\"e-consent\" data-message=\"%s\"></p>",
        T (page, N_("Please give your consent to send the form.")));
  field (page, "consent_name", T (page, N_("Your full name, as your signature")), "text", "name",
         TRUE,
         T (page, N_("Type your full name to sign.")));
  put (page, "</fieldset>\n");
  if (client != NULL)
    {
      put (page, "<p class=\"small\">");
      {
        g_autofree char *for_whom = fill (T (page, N_("This form is for %s’s visit.")),
                                                     spa_record_get_string (client, "first_name"));
        text (page, for_whom);
      }
      put (page, "</p>");
    }
  put (page, "<div class=\"alert\" id=\"failed\" role=\"alert\" hidden><p>");
  text (page, T (page, N_("The form could not be sent. Please check your answers and try again.")));
  /* The server's own words on what it refused (in English: the API's). */
  put (page, "</p><p id=\"failed-why\" hidden></p></div><button type=\"submit\" "
             "class=\"primary\">");
  text (page, T (page, N_("Send my form")));
  put (page, "</button></form>\n<section id=\"thanks\" class=\"confirmation\" hidden "
             "tabindex=\"-1\">"
             "<div class=\"tick\" aria-hidden=\"true\"></div><h2>");
  text (page, T (page, N_("Thank you!")));
  put (page, "</h2><p class=\"lead\">");
  text (page, T (page, N_("Your therapist will read your answers before your massage.")));
  put (page, "</p></section>\n");
  page_end (page);
}

/* ---- static files ---- */

static gboolean
static_file (const char        *name,
             SpaServerResponse *response)
{
  g_autofree char *path = g_strconcat ("/io/github/spadesk/SpaDesk/book/", name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  const char *type;
  gsize length;

  if (strchr (name, '/') != NULL)
    return FALSE;
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    return FALSE;
  type = g_str_has_suffix (name, ".css") ? "text/css; charset=utf-8"
       : g_str_has_suffix (name, ".js") ? "text/javascript; charset=utf-8"
       : "application/octet-stream";
  length = g_bytes_get_size (bytes);
  spa_server_respond (response, 200, type, g_memdup2 (g_bytes_get_data (bytes, NULL), length),
                      length);
  response->cacheable = TRUE;
  return TRUE;
}

static void
theme (Page              *page,
       SpaServerResponse *response)
{
  g_autofree char *color = setting (page, "spa_color");
  char *css = g_strdup_printf (":root { --accent: %s; }\n",
                               color ? color : SPA_PUBLIC_DEFAULT_COLOR);

  spa_server_respond (response, 200, "text/css; charset=utf-8", css, strlen (css));
}

static void
logo (Page              *page,
      SpaServerResponse *response)
{
  g_autofree char *path = setting (page, "logo");
  char *data = NULL;
  gsize length = 0;

  if (path == NULL || !g_file_get_contents (path, &data, &length, NULL) || length > 1024 * 1024)
    {
      g_free (data);
      spa_server_route_error (response, 404, "not_found", "no logo");
      return;
    }
  spa_server_respond (response, 200,
                g_str_has_suffix (path, ".svg") ? "image/svg+xml"
                : g_str_has_suffix (path, ".jpg") || g_str_has_suffix (path, ".jpeg") ? "image/jpeg"
                : "image/png",
                data, length);
  response->cacheable = TRUE;
}

static void
finish_html (Page              *page,
             SpaServerResponse *response,
             guint              status)
{
  gsize length = page->out->len;

  spa_server_respond (response, status, "text/html; charset=utf-8",
                g_string_free (g_steal_pointer (&page->out), FALSE), length);
  response->page = TRUE;
  response->page_language = page->fr ? "fr" : "en";
}

static void
not_found_page (Page              *page,
                SpaServerResponse *response)
{
  page_start (page, T (page, N_("Page not found")), 0);
  heading (page, T (page, N_("Page not found")),
           T (page, N_("This link is not valid, or it has expired. Please check it, or call the "
                       "spa.")));
  put (page, "<p><a class=\"button primary\" href=\"/book\">");
  text (page, T (page, N_("Book online")));
  put (page, "</a></p>");
  page_end (page);
  finish_html (page, response, 404);
}

/**
 * spa_public_page:
 *
 * Renders one page of /book (under the store lock).
 */
void
spa_public_page (SpaStore          *store,
                 SpaServerRequest  *request,
                 SpaServerResponse *response)
{
  Page page = { 0, };
  const char *path = request->path;
  g_autofree char *online = NULL;
  g_autoptr(GTimeZone) location_zone = NULL;

  page.fr = wants_french (request);
  page.out = g_string_new (NULL);
  page.store = store;
  page.site = request->site;
  page.zone = spa_public_site_get_zone (request->site);
  /* The location chosen, if it takes bookings: its days and times are in its zone. */
  {
    const char *location = request->query ? g_hash_table_lookup (request->query, "location")
        : NULL;

    if (location != NULL && spa_location_takes_bookings (store, location))
      {
        page.location = location;
        location_zone = spa_location_zone (store, location, page.zone);
        page.zone = location_zone;
      }
  }

  if (g_str_has_prefix (path, "/book/static/"))
    {
      if (!static_file (path + strlen ("/book/static/"), response))
        spa_server_route_error (response, 404, "not_found", "no such file");
      g_string_free (page.out, TRUE);
      return;
    }
  if (g_str_equal (path, "/book/theme.css"))
    {
      theme (&page, response);
      g_string_free (page.out, TRUE);
      return;
    }
  if (g_str_equal (path, "/book/logo"))
    {
      logo (&page, response);
      g_string_free (page.out, TRUE);
      return;
    }

  online = spa_public_get_setting (store, "online_booking");
  if (online != NULL && (g_str_equal (online, "false") || g_str_equal (online, "off") ||
                         g_str_equal (online, "0")))
    {
      page_start (&page, T (&page, N_("Book online")), 0);
      heading (&page, T (&page, N_("Book online")),
               T (&page, N_("Online booking is not available at the moment. Please call the spa "
                            "to book.")));
      page_end (&page);
      finish_html (&page, response, 503);
      return;
    }

  if (g_str_has_prefix (path, "/book/waitlist/"))
    {
      guint status = waitlist_page (&page, request, path + strlen ("/book/waitlist/"));

      if (status == 404)
        return not_found_page (&page, response);
      if (status == 500)
        {
          g_string_free (page.out, TRUE);
          spa_server_route_error (response, 500, "server_error", "the offer could not be taken");
          return;
        }
      finish_html (&page, response, status);
      return;
    }
  if (g_str_has_prefix (path, "/book/manage/") || g_str_has_prefix (path, "/book/intake/"))
    {
      gboolean manage = g_str_has_prefix (path, "/book/manage/");
      const char *secret = path + strlen ("/book/manage/");
      gboolean used = FALSE;
      g_autoptr(SpaRecord) booking = spa_public_open_link (store, manage ? "manage" : "intake",
                                                           secret, &used);

      if (booking == NULL)
        return not_found_page (&page, response);
      if (manage)
        manage_page (&page, booking, secret);
      else
        intake_page (&page, booking, secret, used);
      finish_html (&page, response, 200);
      return;
    }

  if (!g_str_equal (path, "/book") && !g_str_equal (path, "/book/"))
    return not_found_page (&page, response);

  {
    const char *service_id = request->query ? g_hash_table_lookup (request->query, "service")
        : NULL;
    const char *therapist = request->query ? g_hash_table_lookup (request->query, "therapist")
        : NULL;
    const char *day = request->query ? g_hash_table_lookup (request->query, "day") : NULL;
    const char *starts = request->query ? g_hash_table_lookup (request->query, "starts") : NULL;
    g_autoptr(SpaRecord) service = service_id ? spa_store_get (store, "service", service_id, NULL)
        : NULL;
    g_autoptr(GDateTime) starts_time = starts ? spa_time_parse_utc (starts) : NULL;

    if (service != NULL && (!spa_record_get_boolean (service, "active") ||
                            !spa_availability_takes_online (service) ||
                                spa_record_get_deleted (service)))
      g_clear_object (&service);
    if (therapist != NULL && !g_str_equal (therapist, "any"))
      {
        g_autoptr(SpaRecord) t = spa_store_get (store, "therapist", therapist, NULL);

        if (t == NULL || !spa_record_get_boolean (t, "active") ||
            !spa_availability_takes_online (t) ||
            service == NULL || !spa_booking_therapist_offers (t, service_id))
          therapist = NULL;
      }

    if (page.location == NULL && spa_location_count (store) > 1)
      choose_location (&page);
    else if (service == NULL)
      choose_service (&page);
    else if (therapist == NULL)
      choose_therapist (&page, service);
    else if (starts_time == NULL)
      choose_time (&page, service, therapist, day);
    else
      enter_details (&page, service, therapist, starts);
  }
  finish_html (&page, response, 200);
}
