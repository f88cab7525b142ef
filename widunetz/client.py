"""Who is asking: the client's address, as far as the trusted reverse proxies vouch for it.

Behind a proxy every request comes from the proxy's address; the client's is in
X-Forwarded-For, which anyone can also send themselves. So the header counts only
when the request comes from a proxy in DJANGO_TRUSTED_PROXIES, and then only up to
the first address from the right that is not one of those proxies: everything left
of it was written by the client and proves nothing. The feedback rate limit and
the login lockout (django-axes) both take the address from here.
"""

import ipaddress

from django.conf import settings


def trusted(address):
    try:
        address = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES
    )


def client_address(request):
    address = request.META.get("REMOTE_ADDR", "")
    if not trusted(address):
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed([hop.strip() for hop in forwarded]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            # Garbage (or nothing) where a trusted proxy should have written the
            # address it saw: the last proxy is all that is known.
            return address
        if not trusted(hop):
            return hop
        address = hop
    return address
