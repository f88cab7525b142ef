from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from institutions.admin import HELD_INLINES, InstitutionAdmin, LocationInline, UnitInline
from institutions.freshness import VerifiedListFilter
from institutions.import_admin import OfficeImportExportMixin
from institutions.models import Institution
from institutions.resources import InstitutionResource
from widunetz.admin import TranslationInline, ValidAutocompleteMixin, checked_on, shown_publicly
from widunetz.history import HistoryAdmin
from widunetz.roles import PartnerEditorScopeMixin, PartnerScopedInlineMixin

from .desk import OldConsentListFilter
from .editor_review import EditorProposalMixin
from .models import Member, Membership, WorkingGroup
from .resources import MemberResource
from .review_admin import OfficeActionsMixin, send_confirmation_requests


class MembershipInline(PartnerScopedInlineMixin, ValidAutocompleteMixin, admin.TabularInline):
    model = Membership
    # On a working group's form a partner editor sees only their own people.
    institution_lookup = "member__institution"
    extra = 0
    autocomplete_fields = ["member", "group"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(HistoryAdmin):
    list_display = ["name", "rhythm", "order"]
    list_editable = ["order"]
    search_fields = ["name", "purpose", "tasks"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, TranslationInline]


@admin.register(Member)
class MemberAdmin(
    OfficeImportExportMixin,
    EditorProposalMixin,
    OfficeActionsMixin,
    PartnerEditorScopeMixin,
    ValidAutocompleteMixin,
    HistoryAdmin,
):
    resource_classes = [MemberResource]  # the import and export of the office
    actions = [send_confirmation_requests]
    office_actions = ("send_confirmation_requests",)
    # Four columns fit 1280 px; the function is on the form and found by the search.
    list_display = ["name", "institution_name", shown_publicly, checked_on]
    list_filter = [
        "is_public",
        VerifiedListFilter,
        "publication_basis",
        OldConsentListFilter,
        "memberships__group",
        "institution__kind",
        "institution__service_area",
        "institution__county_wide",
    ]
    list_select_related = ["institution"]
    # "search_text" is folded like the public search, so "Kohn" finds "Köhn" here too.
    search_fields = ["last_name", "first_name", "function", "institution__name", "search_text"]
    autocomplete_fields = ["institution"]
    filter_horizontal = ["languages"]
    inlines = [MembershipInline, *HELD_INLINES]
    fieldsets = [
        (None, {"fields": ["first_name", "last_name", "slug", "institution", "function"]}),
        (
            _("Dienstlicher Kontakt"),
            {
                "fields": [
                    "email",
                    "languages",
                    "booking_url",
                    ("online_counselling", "online_url"),
                    "appointment_only",
                ]
            },
        ),
        (
            _("Veröffentlichung und Datenschutz"),
            {"fields": ["is_public", "publication_basis", "consent_date", "verified_on"]},
        ),
    ]

    @admin.display(description=_("Name"), ordering="sort_name")
    def name(self, obj):
        return f"{obj.last_name}, {obj.first_name}"

    @admin.display(description=_("Institution"), ordering="institution__sort_name")
    def institution_name(self, obj):
        # As text, not as the foreign key, which Django's list keeps on one line.
        return str(obj.institution)

    def get_search_results(self, request, queryset, search_term):
        from widunetz.search import fold

        return super().get_search_results(request, queryset, fold(search_term) or search_term)


@admin.register(Membership)
class MembershipAdmin(PartnerEditorScopeMixin, ValidAutocompleteMixin, HistoryAdmin):
    institution_lookup = "member__institution"
    list_display = ["member", "group", "role", "since", "until"]
    list_filter = ["group", "role"]
    list_select_related = ["member", "group"]
    search_fields = ["member__last_name", "member__first_name", "group__name"]
    autocomplete_fields = ["member", "group"]


class MemberInline(PartnerScopedInlineMixin, admin.TabularInline):
    model = Member
    fields = ["last_name", "first_name", "function", "email", "is_public"]
    extra = 0
    show_change_link = True


# An institution's form lists its people; institutions knows nothing of people,
# so the admin registered there gains the table here.
admin.site.unregister(Institution)


@admin.register(Institution)
class InstitutionWithPeopleAdmin(
    OfficeImportExportMixin, EditorProposalMixin, OfficeActionsMixin, InstitutionAdmin
):
    resource_classes = [InstitutionResource]
    actions = [*InstitutionAdmin.actions, send_confirmation_requests]
    office_actions = ("send_confirmation_requests",)
    inlines = [UnitInline, MemberInline, LocationInline, *HELD_INLINES, TranslationInline]


from . import events_admin  # noqa: F401, E402

# Hours are imported with the person they belong to, so their admin is registered there.
from .import_admin import ImportedHourAdmin  # noqa: E402, F401
