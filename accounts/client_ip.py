"""Which address a request comes from, for the limits kept per client: the login
lockout (django-axes, AXES_CLIENT_IP_CALLABLE) and the corrections form's rate limit.

Behind the nginx of deploy/, REMOTE_ADDR is nginx's own address, so every reader
would share one limit. nginx appends the address it saw to X-Forwarded-For
(`$proxy_add_x_forwarded_for`). Only the proxies in settings.TRUSTED_PROXIES
(DJANGO_TRUSTED_PROXIES) are believed: the header is read from the right, past every
trusted proxy, and the first address that is not one is the client. Whatever a client
wrote into the header itself sits further left, so it is never reached unless the
client's own address is that of a trusted proxy.

It lives in `accounts`, the lowest app both users import (`solidarity` is above them).
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def client_ip(request: HttpRequest) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    peer_address = _address(peer)
    if peer_address is None or not _is_trusted(peer_address):
        return peer
    client = peer_address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",")):
        address = _address(hop)
        if address is None:
            # A trusted proxy would not write this: whoever sent it cannot be told
            # apart, so the last proxy stands for them rather than a made-up name.
            break
        client = address
        if not _is_trusted(address):
            break
    return str(client)


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # A dual-stack socket shows an IPv4 peer as ::ffff:a.b.c.d.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _is_trusted(address: Address) -> bool:
    return any(address in network for network in settings.TRUSTED_PROXIES)
