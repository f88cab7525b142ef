from django.urls import path

from . import views

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
]
