from django.urls import path

from . import views

app_name = "institutions"

urlpatterns = [
    path("institutionen/", views.InstitutionListView.as_view(), name="institution-list"),
    path("institutionen/export.csv", views.InstitutionCsvView.as_view(), name="institution-csv"),
    path("gemeinden/", views.MunicipalityListView.as_view(), name="municipality-list"),
]
