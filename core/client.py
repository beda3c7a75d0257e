"""Who is the client? The one rule for the reader's address.

Everything that counts or blocks by address asks here: the comment rate limit,
blocked addresses and reports (``comments.moderation``) and the admin login
throttle (django-axes, through ``AXES_CLIENT_IP_CALLABLE``). Two rules would
let a reader behind a proxy be one person to one and everyone to the other.

``CMS_CLIENT_ADDRESS_HEADER`` (the environment variable of the same name) is
the ``request.META`` key to trust: ``REMOTE_ADDR`` unless the nearest trusted
proxy sets another, e.g. ``HTTP_X_REAL_IP`` behind a load balancer.
"""

import ipaddress

from core import conf


def client_address(request):
    """The client's IP address, or ``None`` if it cannot be told.

    A list such as ``X-Forwarded-For`` is read from its right end: the address
    the trusted proxy saw, not what the client claims.
    """
    header = conf.get("CMS_CLIENT_ADDRESS_HEADER")
    value = request.META.get(header) or request.META.get("REMOTE_ADDR") or ""
    candidate = value.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None
