"""Request facts that security features rely on and that a proxy in front can distort."""

from django.conf import settings


def forwarded_client_ip(remote_addr: str, forwarded_for: str, proxy_count: int) -> str:
    """The client address as seen by the outermost trusted proxy.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For,
    so the client is the entry ``proxy_count`` places from the right; entries further left
    were written by the client and cannot be trusted. Without trusted proxies, or when the
    header is shorter than expected, the socket address is the only fact.
    """
    if proxy_count <= 0:
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if len(hops) < proxy_count:
        return remote_addr
    return hops[-proxy_count]


def client_ip(request) -> str:
    """django-axes' view of who is trying to log in (AXES_CLIENT_IP_CALLABLE)."""
    return forwarded_client_ip(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        settings.TRUSTED_PROXY_COUNT,
    )
