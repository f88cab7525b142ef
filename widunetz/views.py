"""The health check a load balancer asks."""

from django.db import DatabaseError, connection
from django.http import HttpResponse

from . import cache


def healthz(request):
    """200 after a database round trip; 503 when the database cannot be reached.

    A shared cache that cannot be reached is reported but still answered with 200:
    every instance shares it, so a 503 would take all of them out of the load
    balancer while each can serve every page without it (uncached, slower).
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    if not cache.available():
        return HttpResponse("degraded: cache unavailable\n", content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
