"""Who is asking: the client's address, as the portal is configured to trust it.

Without a proxy (`BEHIND_TLS_PROXY=false`) the client is the TCP peer, REMOTE_ADDR, and
X-Forwarded-For is ignored: anyone can send that header. Behind the TLS proxy the peer
is the proxy, and the client is the address the proxy wrote into X-Forwarded-For: with
`TRUSTED_PROXY_HOPS` proxies in a row, each appending the address it saw, the client is
the HOPS-th entry from the right; entries further left were written by the client and are
never believed. The header is read only when the peer is one of `TRUSTED_PROXIES`.

Login throttling (django-axes), rate limits and the audit log all use `client_ip`.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest


@lru_cache(maxsize=16)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str) -> str | None:
    """The address without a port or brackets, or None when it is not an IP address."""
    text = text.strip()
    if text.startswith("["):  # [2001:db8::1]:443
        text = text[1:].split("]")[0]
    elif text.count(":") == 1:  # 10.1.1.1:443
        text = text.split(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def is_trusted_proxy(address: str | None) -> bool:
    if address is None:
        return False
    peer = ipaddress.ip_address(address)
    return any(peer in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str | None:
    """The client's address (see the module's docstring)."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if not settings.BEHIND_TLS_PROXY or not is_trusted_proxy(peer):
        return peer
    forwarded = [entry for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    hops = settings.TRUSTED_PROXY_HOPS
    if len(forwarded) < hops:
        return peer  # the request did not come through every trusted proxy
    return _address(forwarded[-hops]) or peer
