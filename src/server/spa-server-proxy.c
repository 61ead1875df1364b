/* spa-server-proxy.c: the client's address behind trusted reverse proxies
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <string.h>

#include "spa-server-proxy.h"

/*
 * Behind nginx or Caddy every request comes from the proxy's address; the client's is
 * in X-Forwarded-For, which anyone can send. So the header is read only when the TCP
 * peer is a trusted proxy (--trusted-proxy), and then from the right: each proxy
 * appends the address it saw, so the rightmost entry that is not a trusted proxy is the
 * first address no trusted proxy vouches for. Anything that does not parse falls back
 * to the peer: a wrong address there would let a client pick its own rate window.
 */

/* "::ffff:1.2.3.4" is 1.2.3.4: a dual-stack socket or a proxy may write either. */
static GInetAddress *
normalize (GInetAddress *address)
{
  const guint8 *bytes = g_inet_address_to_bytes (address);
  static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6 &&
      memcmp (bytes, mapped, sizeof mapped) == 0)
    {
      GInetAddress *v4 = g_inet_address_new_from_bytes (bytes + 12, G_SOCKET_FAMILY_IPV4);

      g_object_unref (address);
      return v4;
    }
  return address;
}

/* An address alone (no port, brackets or zone), from @length bytes; %NULL otherwise. */
static GInetAddress *
parse_address (const char *text,
               gsize       length)
{
  char buffer[INET6_ADDRSTRLEN];
  GInetAddress *address;

  if (length == 0 || length >= sizeof buffer)
    return NULL;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isxdigit (text[i]) && text[i] != ':' && text[i] != '.')
      return NULL;
  memcpy (buffer, text, length);
  buffer[length] = '\0';
  address = g_inet_address_new_from_string (buffer);
  return address != NULL ? normalize (address) : NULL;
}

static gboolean
is_trusted (GPtrArray    *trusted,
            GInetAddress *address)
{
  for (guint i = 0; i < trusted->len; i++)
    if (g_inet_address_mask_matches (trusted->pdata[i], address))
      return TRUE;
  return FALSE;
}

/**
 * spa_proxy_parse_trusted:
 * @specs: (array zero-terminated=1) (nullable): each an address, ADDRESS/BITS, or a
 *   comma-separated list of them
 *
 * Returns: (transfer full) (element-type GInetAddressMask) (nullable): the trusted
 *   proxies (an empty array for none), %NULL with @error set for one that does not parse
 */
GPtrArray *
spa_proxy_parse_trusted (const char * const *specs,
                         GError            **error)
{
  g_autoptr(GPtrArray) masks = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; specs != NULL && specs[i] != NULL; i++)
    {
      g_auto(GStrv) items = g_strsplit (specs[i], ",", -1);

      for (guint j = 0; items[j] != NULL; j++)
        {
          char *item = g_strstrip (items[j]);
          GInetAddressMask *mask;

          if (*item == '\0')
            continue;
          mask = g_inet_address_mask_new_from_string (item, NULL);
          if (mask == NULL)
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("“%s” is not an address or ADDRESS/BITS for --trusted-proxy."),
                           item);
              return NULL;
            }
          g_ptr_array_add (masks, mask);
        }
    }
  return g_steal_pointer (&masks);
}

/**
 * spa_proxy_client_address:
 * @peer: (nullable): the TCP peer's address, as text
 * @forwarded_for: (nullable): the X-Forwarded-For headers, joined by commas
 * @trusted: (nullable) (element-type GInetAddressMask): the trusted proxies
 *
 * The client's address: @peer, unless @peer is a trusted proxy and @forwarded_for
 * names someone else: then its rightmost entry that is not a trusted proxy (the
 * leftmost when they all are). Any entry that is not an address alone, or more than
 * %SPA_PROXY_MAX_HOPS entries to read, and it is @peer.
 *
 * Returns: (transfer full): the address, as text ("" for no peer)
 */
char *
spa_proxy_client_address (const char *peer,
                          const char *forwarded_for,
                          GPtrArray  *trusted)
{
  g_autoptr(GInetAddress) peer_address = NULL;
  g_autoptr(GInetAddress) leftmost = NULL;
  const char *end;
  guint hops = 0;

  if (peer == NULL)
    return g_strdup ("");
  if (trusted == NULL || trusted->len == 0 || forwarded_for == NULL)
    return g_strdup (peer);
  peer_address = parse_address (peer, strlen (peer));
  if (peer_address == NULL || !is_trusted (trusted, peer_address))
    return g_strdup (peer);

  end = forwarded_for + strlen (forwarded_for);
  for (;;)
    {
      const char *start = end;
      const char *first;
      const char *last = end;

      while (start > forwarded_for && start[-1] != ',')
        start--;
      first = start;
      while (first < last && (*first == ' ' || *first == '\t'))
        first++;
      while (last > first && (last[-1] == ' ' || last[-1] == '\t'))
        last--;
      /* Empty entries (",,") are allowed by HTTP's list syntax; they name no one. */
      if (first < last)
        {
          g_autoptr(GInetAddress) address = parse_address (first, last - first);

          if (address == NULL || ++hops > SPA_PROXY_MAX_HOPS)
            return g_strdup (peer);
          if (!is_trusted (trusted, address))
            return g_inet_address_to_string (address);
          g_set_object (&leftmost, address);
        }
      if (start == forwarded_for)
        break;
      end = start - 1;
    }
  return leftmost != NULL ? g_inet_address_to_string (leftmost) : g_strdup (peer);
}
