/* fuzz-forwarded.c: libFuzzer harness for the client's address behind proxies
 *
 * Copyright 2026 The Spa Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "spa-server-proxy.h"

/*
 * Input: the TCP peer's address, a line break, the trusted proxies (as
 * --trusted-proxy takes them), a line break, then X-Forwarded-For's value.
 *
 * Properties: spa_proxy_client_address() answers, never crashes; without trusted
 * proxies, or from an untrusted peer, the answer is the peer; otherwise it is the peer
 * or an address in its canonical text (which reads back to itself).
 */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *)data, size);
  g_auto(GStrv) parts = g_strsplit (text, "\n", 3);
  const char *peer = parts[0] ? parts[0] : "";
  const char *specs[] = { parts[0] && parts[1] ? parts[1] : NULL, NULL };
  const char *forwarded = parts[0] && parts[1] ? parts[2] : NULL;
  g_autoptr(GPtrArray) trusted = spa_proxy_parse_trusted (specs, NULL);
  g_autoptr(GPtrArray) none = spa_proxy_parse_trusted (NULL, NULL);
  g_autofree char *client = NULL;
  g_autofree char *alone = spa_proxy_client_address (peer, forwarded, none);

  if (strcmp (alone, peer) != 0)
    __builtin_trap ();
  if (trusted == NULL)
    return 0;
  client = spa_proxy_client_address (peer, forwarded, trusted);
  if (strcmp (client, peer) != 0)
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (client);
      g_autofree char *again = address ? g_inet_address_to_string (address) : NULL;
      g_autoptr(GInetAddress) peer_address = g_inet_address_new_from_string (peer);

      if (again == NULL || strcmp (again, client) != 0 || peer_address == NULL)
        __builtin_trap ();
    }
  return 0;
}
