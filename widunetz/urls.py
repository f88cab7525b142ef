from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

admin.site.site_header = _("widunetz – Verwaltung des Verzeichnisses")
admin.site.site_title = _("widunetz Verwaltung")
admin.site.index_title = _("Inhalte pflegen")

from . import two_factor_views  # noqa: E402
from .roles import view_on_site  # noqa: E402
from .views import healthz  # noqa: E402

urlpatterns = [
    # Before the admin's own: Django's answers for any record (widunetz.roles).
    path(
        "verwaltung/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="view-on-site",
    ),
    # The second factor's pages, in the admin's address space (widunetz.two_factor).
    path("verwaltung/zweiter-faktor/", two_factor_views.overview, name="two-factor"),
    path("verwaltung/zweiter-faktor/code/", two_factor_views.verify, name="two-factor-verify"),
    path("verwaltung/zweiter-faktor/einrichten/", two_factor_views.setup, name="two-factor-setup"),
    path(
        "verwaltung/zweiter-faktor/neue-codes/",
        two_factor_views.new_recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path(
        "verwaltung/zweiter-faktor/zuruecksetzen/<int:user_id>/",
        two_factor_views.reset,
        name="two-factor-reset",
    ),
    path("verwaltung/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/hsds/", include("pages.hsds.urls")),
    path("", include("pages.site_urls")),
    # German addresses stay unprefixed; /de/… leads there too.
    # (Never to "//…": a path starting with a slash would leave the site.)
    re_path(
        r"^de/(?P<rest>(?![/\\]).*)$",
        RedirectView.as_view(url="/%(rest)s", query_string=True),
    ),
]
urlpatterns += i18n_patterns(
    path("", include("pages.urls")),
    path("", include("institutions.urls")),
    path("", include("members.urls")),
    prefix_default_language=False,
)
