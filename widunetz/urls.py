from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("widunetz – Verwaltung des Verzeichnisses")
admin.site.site_title = _("widunetz Verwaltung")
admin.site.index_title = _("Inhalte pflegen")

urlpatterns = [
    path("verwaltung/", admin.site.urls),
    path("", include("pages.urls")),
    path("", include("institutions.urls")),
    path("", include("members.urls")),
]
