from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from widunetz.admin import TranslationInline, ValidAutocompleteMixin, checked_on, shown_publicly
from widunetz.history import HistoryAdmin
from widunetz.roles import PartnerEditorScopeMixin, PartnerScopedInlineMixin

from .models import Institution, Municipality


@admin.register(Municipality)
class MunicipalityAdmin(HistoryAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


# Where an institution sits in the network is the office's call: read-only for a
# partner editor on the institution's form and in the units table alike.
OFFICE_FIELDS = ("slug", "parent", "kind", "is_public", "partner_editors", "founding_partner")


class UnitInline(PartnerScopedInlineMixin, admin.TabularInline):
    model = Institution
    fk_name = "parent"
    institution_lookup = ""
    fields = ["name", "short_name", "kind", "is_public"]
    partner_readonly_fields = ("kind", "is_public")  # the OFFICE_FIELDS in this table
    extra = 0
    show_change_link = True
    verbose_name = _("Fachdienst oder Abteilung")
    verbose_name_plural = _("Fachdienste und Abteilungen")

    def has_add_permission(self, request, obj=None):
        # A new unit needs a slug and a kind; it is added on its own form.
        return False


@admin.register(Institution)
class InstitutionAdmin(PartnerEditorScopeMixin, ValidAutocompleteMixin, HistoryAdmin):
    institution_lookup = ""
    partner_readonly_fields = OFFICE_FIELDS
    # Four columns fit 1280 px; the kind and "kreisweit" are the first filters.
    list_display = ["title", "parent_name", shown_publicly, checked_on]
    list_filter = [
        "kind",
        "county_wide",
        "service_area",
        "services",
        "founding_partner",
        "is_public",
    ]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "slug", "parent__name"]
    autocomplete_fields = ["parent", "seat"]
    filter_horizontal = ["service_area", "services", "languages", "partner_editors"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [UnitInline, TranslationInline]  # members.admin adds the people
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "parent", "description"]}),
        (_("Angebote und Sprachen"), {"fields": ["services", "languages"]}),
        (_("Zuständigkeit"), {"fields": ["seat", "county_wide", "service_area"]}),
        (
            _("Kontakt"),
            {
                "fields": [
                    "email",
                    "website",
                    "booking_url",
                    ("online_counselling", "online_url"),
                    "appointment_only",
                ]
            },
        ),
        (
            _("Veröffentlichung"),
            {"fields": ["founding_partner", "is_public", "verified_on", "partner_editors"]},
        ),
    ]

    @admin.display(description=_("Name"), ordering="sort_name")
    def title(self, obj):
        return f"{obj.name} ({obj.short_name})" if obj.short_name else obj.name

    @admin.display(description=_("Gehört zu"), ordering="parent__sort_name")
    def parent_name(self, obj):
        # As text, not as the foreign key, which Django's list keeps on one line:
        # the two "Flüchtlingsberatung" differ only here.
        return obj.parent and str(obj.parent)
