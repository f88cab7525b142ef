from django.urls import path

from . import views
from .embed import EmbedView
from .opendata import HsdsPackageView, OpenDataView

app_name = "pages"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("netzwerk/", views.NetworkView.as_view(), name="network"),
    path("chronik/", views.TimelineView.as_view(), name="timeline"),
    path("suche/", views.SearchView.as_view(), name="search"),
    path("zustaendig/", views.ResponsibleView.as_view(), name="responsible"),
    path("leichte-sprache/", views.EasyLanguageView.as_view(), name="easy-language"),
    path("impressum/", views.PageView.as_view(slug="impressum"), name="impressum"),
    path("datenschutz/", views.PageView.as_view(slug="datenschutz"), name="datenschutz"),
    path("barrierefreiheit/", views.AccessibilityView.as_view(), name="barrierefreiheit"),
    path("einbetten/", EmbedView.as_view(), name="embed"),
    path("daten/", OpenDataView.as_view(), name="daten"),
    path("daten/hsds.zip", HsdsPackageView.as_view(), name="daten-hsds"),
]
