from django.urls import path

from . import views

app_name = "institutions"

urlpatterns = [
    path("institutionen/", views.InstitutionListView.as_view(), name="institution-list"),
    path(
        "institutionen/<slug:slug>/",
        views.InstitutionDetailView.as_view(),
        name="institution-detail",
    ),
    path("gemeinden/", views.MunicipalityListView.as_view(), name="municipality-list"),
    path(
        "gemeinden/<slug:slug>/",
        views.MunicipalityDetailView.as_view(),
        name="municipality-detail",
    ),
]
