"""The people list for a partner's website: /einbetten/ in an ``<iframe>``.

The same filters and rows as the members list (members.filters, members.views), as a
small page without the site's chrome, cookies or script, whose links open this site
in a new tab. It is the one page that may be framed: by the websites the office lists
(``EmbedHost``), by all with "*".
"""

from django.conf import settings
from django.utils.csp import CSP, build_policy
from django.utils.decorators import method_decorator
from django.views.decorators.clickjacking import xframe_options_exempt
from django_filters.views import FilterView

from members.filters import MemberFilterSet
from members.models import Member
from widunetz.pagecache import CachedPageMixin
from widunetz.pagination import ForgivingPaginationMixin

from .models import EmbedHost


def framing_policy():
    """The site's Content-Security-Policy with the listed websites as frame ancestors."""
    return build_policy(
        {**settings.SECURE_CSP, "frame-ancestors": EmbedHost.objects.frame_ancestors()}
    )


@method_decorator(xframe_options_exempt, name="dispatch")
class EmbedView(CachedPageMixin, ForgivingPaginationMixin, FilterView):
    filterset_class = MemberFilterSet
    template_name = "pages/embed.html"
    paginate_by = 20

    def get_queryset(self):
        return Member.objects.public().with_related()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # The header itself, not csp_override(): ContentSecurityPolicyMiddleware runs
        # outside the page cache, which keeps a page's headers but not the override
        # that would tell the middleware; a cached copy would then refuse every frame.
        # The middleware leaves a header the view set as it is.
        response.headers[str(CSP.HEADER_ENFORCE)] = framing_policy()
        return response
