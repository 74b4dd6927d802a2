"""Who is asking: the one client identity every API throttle and every log-in, reset and sign-up limit counts by."""

import ipaddress

from django.conf import settings

IPV6_NETWORK_PREFIX = 64  # one home or phone gets a whole /64, so counting single IPv6 addresses counts nothing


def client_address(request):
    """The client's IP address, as the outermost proxy we run saw it.

    With ``TRUSTED_PROXY_COUNT = 0`` (the default) that is the socket's address: ``X-Forwarded-For`` is
    written by the client and ignored. With ``n`` proxies of ours in front, each appends the address it was
    called from, so the client is the ``n``-th entry from the right; whatever stands to its left came from the
    client and is ignored too.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            candidate = forwarded[-trusted] if len(forwarded) >= trusted else forwarded[0]
            if _parse(candidate) is not None:
                return candidate
    return remote


def client_identity(request):
    """What limits count by: the client's address, or its /64 network for IPv6."""
    address = client_address(request)
    parsed = _parse(address)
    if parsed is None:
        return address or "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_NETWORK_PREFIX}", strict=False))
    return str(parsed)


def _parse(address):
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None
