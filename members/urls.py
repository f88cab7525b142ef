from django.urls import path

from . import feeds, views
from .confirmation import ConfirmView
from .reports import ReportView

app_name = "members"

urlpatterns = [
    path("mitglieder/", views.MemberListView.as_view(), name="member-list"),
    path("mitglieder/export.csv", views.member_csv, name="member-export-csv"),
    path("mitglieder/export.vcf", views.member_vcard, name="member-export-vcf"),
    path("mitglieder/<slug:slug>/", views.MemberDetailView.as_view(), name="member-detail"),
    path(
        "institutionen/<slug:slug>/",
        views.InstitutionDetailView.as_view(),
        name="institution-detail",
    ),
    path(
        "gemeinden/<slug:slug>/",
        views.MunicipalityDetailView.as_view(),
        name="municipality-detail",
    ),
    path(
        "gemeinden/<slug:slug>/sprechzeiten.ics",
        feeds.TownHoursFeed.as_view(),
        name="municipality-hours-feed",
    ),
    path(
        "gemeinden/<slug:slug>/termine.ics",
        feeds.TownTermineFeed.as_view(),
        name="municipality-termine-feed",
    ),
    path(
        "themen/<slug:slug>/sprechzeiten.ics",
        feeds.TopicHoursFeed.as_view(),
        name="topic-hours-feed",
    ),
    path(
        "sprachen/<slug:code>/sprechzeiten.ics",
        feeds.LanguageHoursFeed.as_view(),
        name="language-hours-feed",
    ),
    path("termine/", views.TerminListView.as_view(), name="termin-list"),
    path("termine.ics", feeds.TermineFeedView.as_view(), name="termin-feed"),
    path("arbeitskreise/", views.WorkingGroupListView.as_view(), name="workinggroup-list"),
    path(
        "arbeitskreise/<slug:slug>/",
        views.WorkingGroupDetailView.as_view(),
        name="workinggroup-detail",
    ),
    path(
        "arbeitskreise/<slug:slug>/termine.ics",
        feeds.GroupTermineFeed.as_view(),
        name="workinggroup-termine-feed",
    ),
    path("bestaetigen/<str:token>/", ConfirmView.as_view(), name="confirm"),
    path(
        "melden/person/<slug:slug>/",
        ReportView.as_view(kind="person"),
        name="report-member",
    ),
    path(
        "melden/institution/<slug:slug>/",
        ReportView.as_view(kind="institution"),
        name="report-institution",
    ),
]
