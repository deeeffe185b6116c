"""Request facts that security features rely on and that a proxy in front can distort."""

import ipaddress

from django.conf import settings


def _address(text: str) -> str | None:
    """The address in its canonical form, or None for anything that is not one."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def _behind_proxy(remote_addr: str | None) -> bool:
    """The documented deployment binds gunicorn to loopback or a private network that only the
    proxy reaches: a request from any other address came around the proxy, and its
    X-Forwarded-For is whatever the sender chose."""
    if remote_addr is None:
        return False
    address = ipaddress.ip_address(remote_addr)
    return address.is_loopback or address.is_private


def forwarded_client_ip(remote_addr: str, forwarded_for: str, proxy_count: int) -> str:
    """The client address as seen by the outermost trusted proxy.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For,
    so the client is the entry ``proxy_count`` places from the right; entries further left
    were written by the client and cannot be trusted. The socket address is the only fact
    when there is no trusted proxy, when the request did not come from one (see
    ``_behind_proxy``), when the header is shorter than the chain, or when that entry is not
    an address (a proxy always writes one: anything else was forged).
    """
    remote = _address(remote_addr)
    if proxy_count <= 0 or not _behind_proxy(remote):
        return remote or remote_addr
    hops = forwarded_for.split(",")
    if len(hops) < proxy_count:
        return remote
    return _address(hops[-proxy_count]) or remote


def client_ip(request) -> str:
    """Who sent the request: the one answer for login throttling (AXES_CLIENT_IP_CALLABLE),
    rate limits and download counting, so that they all trust the same proxies
    (TRUSTED_PROXY_COUNT, from DJANGO_TRUSTED_PROXY_COUNT)."""
    return forwarded_client_ip(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        settings.TRUSTED_PROXY_COUNT,
    )
