from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

admin.site.site_header = _("widunetz – Verwaltung des Verzeichnisses")
admin.site.site_title = _("widunetz Verwaltung")
admin.site.index_title = _("Inhalte pflegen")

from pages.sitemaps import SITEMAPS  # noqa: E402

urlpatterns = [
    path("verwaltung/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    path("", include("pages.urls")),
    path("", include("institutions.urls")),
    path("", include("members.urls")),
]
