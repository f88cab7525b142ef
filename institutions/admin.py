from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminTimeWidget
from django.contrib.contenttypes.admin import BaseGenericInlineFormSet, GenericTabularInline
from django.db import models
from django.db.models import Q
from django.urls import path
from django.utils.translation import gettext_lazy as _

from widunetz.admin import (
    PhoneNumberFormField,
    TranslationInline,
    ValidAutocompleteMixin,
    checked_on,
    shown_publicly,
)
from widunetz.history import HistoryAdmin
from widunetz.phones import PhoneNumberField
from widunetz.roles import PartnerEditorScopeMixin, PartnerScopedInlineMixin, is_partner_editor

from .desk import desk_csv
from .freshness import VerifiedListFilter
from .hours import first_overlap
from .models import Closure, ConsultationHour, Institution, Location, Municipality, Phone, Service


@admin.register(Municipality)
class MunicipalityAdmin(HistoryAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Service)
class ServiceAdmin(HistoryAdmin):
    """The topics: the coordinating office's list (partner editors may look at it)."""

    list_display = ["name", "slug", "order", "ages"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "explanation"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "explanation", "order", ("minimum_age", "maximum_age")]
    inlines = [TranslationInline]

    @admin.display(description=_("Alter"))
    def ages(self, obj):
        if obj.minimum_age is not None and obj.maximum_age is not None:
            return f"{obj.minimum_age}–{obj.maximum_age}"
        if obj.minimum_age is not None:
            return _("ab %(age)s") % {"age": obj.minimum_age}
        if obj.maximum_age is not None:
            return _("bis %(age)s") % {"age": obj.maximum_age}
        return ""


# Where an institution sits in the network is the office's call: read-only for a
# partner editor on the institution's form and in the units table alike.
OFFICE_FIELDS = ("slug", "parent", "kind", "is_public", "partner_editors", "founding_partner")
OFFICE_FIELDS += ("review_editor_changes",)
EDITOR_FIELDS = ["partner_editors", "review_editor_changes"]  # who edits, and whether reviewed
PHONE_FIELDS = {PhoneNumberField: {"form_class": PhoneNumberFormField}}
HOUR_FIELDS = [
    "mode",
    "location",
    "weekday",
    "week_of_month",
    "every_weeks",
    "starts",
    "ends",
    "valid_from",
    "valid_until",
    "open_on_holidays",
    "appointment_needed",
    "note",
]
# Hours and minutes: no consultation hour starts at a second ("09:00", not "09:00:00").
HOUR_TIMES = {models.TimeField: {"widget": AdminTimeWidget(format="%H:%M")}}
OVERLAP = _(
    "Diese Sprechzeit überschneidet sich am selben Ort mit der Sprechzeit „%(other)s“ "
    "derselben Person oder Stelle. Bitte Zeiten oder Gültigkeit anpassen."
)


def overlap_message(hour, others):
    if not (hour.starts and hour.ends and hour.starts < hour.ends):
        return None  # the model says what is wrong with the times
    other = first_overlap(hour, others)
    return OVERLAP % {"other": other} if other is not None else None


class HourFormSet(BaseGenericInlineFormSet):
    """The hours of one holder, checked against each other before any is saved."""

    def clean(self):
        super().clean()
        kept = []
        for form in self.forms:
            if not form.is_valid() or (self.can_delete and self._should_delete_form(form)):
                continue
            if not form.has_changed() and form.instance.pk is None:
                continue
            if message := overlap_message(form.instance, kept):
                form.add_error(None, message)
            kept.append(form.instance)


class HourForm(forms.ModelForm):
    """The form of one hour on its own: checked against the holder's other hours."""

    def clean(self):
        cleaned = super().clean()
        hour = self.instance
        if hour.pk is None or self.errors:
            return cleaned
        candidate = ConsultationHour(pk=hour.pk, content_type_id=hour.content_type_id)
        for name in HOUR_FIELDS:
            setattr(candidate, name, cleaned.get(name))
        others = ConsultationHour.objects.filter(
            content_type_id=hour.content_type_id, object_id=hour.object_id
        ).exclude(pk=hour.pk)
        if message := overlap_message(candidate, others):
            raise forms.ValidationError(message)
        return cleaned


class HeldInline(PartnerScopedInlineMixin, ValidAutocompleteMixin, GenericTabularInline):
    """Phones, hours or closures on the form of their holder (an institution or a person)."""

    extra = 0
    show_change_link = True


class PhoneInline(HeldInline):
    model = Phone
    fields = ["number", "kind", "description", "languages", "order"]
    formfield_overrides = PHONE_FIELDS


class PlaceChoiceMixin:
    """An hour's place is one of places_for_hours(), on the form as in its autocomplete."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "location":
            kwargs["queryset"] = places_for_hours(request, Location.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ConsultationHourInline(PlaceChoiceMixin, HeldInline):
    """Each hour as a small block of related fields side by side: twelve columns in a
    row would not fit beside the admin's menu (1280 pixels leave some 900 for the form)."""

    model = ConsultationHour
    formset = HourFormSet
    template = "admin/edit_inline/stacked.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("mode", "location"),
                    ("weekday", "week_of_month", "every_weeks"),
                    ("starts", "ends", "appointment_needed"),
                    ("valid_from", "valid_until", "open_on_holidays"),
                    "note",
                ]
            },
        )
    ]
    autocomplete_fields = ["location"]
    formfield_overrides = HOUR_TIMES


class ClosureInline(HeldInline):
    model = Closure
    fields = ["starts", "ends", "reason"]


HELD_INLINES = [PhoneInline, ConsultationHourInline, ClosureInline]


class LocationInline(PartnerScopedInlineMixin, admin.TabularInline):
    model = Location
    fields = ["name", "street", "postal_code", "city", "municipality"]
    extra = 0
    show_change_link = True
    verbose_name_plural = _("Standorte (Anfahrt und Barrierefreiheit: über „Ändern“)")


def autocompleting(request, model, field):
    """Whether ``request`` is the admin's autocomplete for ``model.field``."""
    match = request.resolver_match
    return (
        match is not None
        and match.url_name == "autocomplete"
        and request.GET.get("app_label") == model._meta.app_label
        and request.GET.get("model_name") == model._meta.model_name
        and request.GET.get("field_name") == field
    )


def places_for_hours(request, places):
    """The places an hour may be held at: an outreach hour is held at another
    institution's place (a town hall), so any public institution's place, and a
    partner editor's own places besides; the office chooses from all."""
    if not is_partner_editor(request.user):
        return places
    own = Institution.objects.edited_by(request.user)
    return places.filter(Q(institution__listed=True) | Q(institution__in=own))


@admin.register(Location)
class LocationAdmin(PartnerEditorScopeMixin, ValidAutocompleteMixin, HistoryAdmin):
    list_display = ["name", "city", "institution"]
    list_filter = ["municipality"]
    list_select_related = ["institution"]
    search_fields = ["name", "street", "city", "institution__name"]
    autocomplete_fields = ["institution"]
    inlines = [TranslationInline]
    fieldsets = [
        (None, {"fields": ["institution", "name"]}),
        (
            _("Adresse"),
            {"fields": ["street", ("postal_code", "city"), "municipality", "osm_url"]},
        ),
        (_("Koordinaten"), {"fields": [("latitude", "longitude")]}),
        (
            _("Anfahrt und Barrierefreiheit"),
            {
                "fields": [
                    "directions",
                    ("step_free", "lift"),
                    ("accessible_toilet", "hearing_loop"),
                    "accessibility_note",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        if autocompleting(request, ConsultationHour, "location"):
            return places_for_hours(
                request, super(PartnerScopedInlineMixin, self).get_queryset(request)
            )
        return super().get_queryset(request)

    def get_search_fields(self, request):
        if autocompleting(request, ConsultationHour, "location"):
            # By the place's own name and town only: a search by an institution's
            # name would tell the editor where an institution they cannot see is.
            return ["name", "city"]
        return super().get_search_fields(request)


class HeldAdmin(PartnerEditorScopeMixin, ValidAutocompleteMixin, HistoryAdmin):
    """A phone, hour or closure on its own form, for its translations; added on its holder's."""

    list_select_related = ["institution"]
    readonly_fields = ["holder_name"]
    inlines = [TranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("holder")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("von"))
    def holder_name(self, obj):
        return str(obj.holder)


@admin.register(Phone)
class PhoneAdmin(HeldAdmin):
    list_display = ["__str__", "kind", "holder_name"]
    list_filter = ["kind"]
    search_fields = ["number", "description"]
    fields = ["holder_name", "number", "kind", "description", "languages", "order"]
    formfield_overrides = PHONE_FIELDS


@admin.register(ConsultationHour)
class ConsultationHourAdmin(PlaceChoiceMixin, HeldAdmin):
    form = HourForm
    list_display = ["__str__", "location", "holder_name"]  # the mode is a filter
    list_filter = ["weekday", "mode", "appointment_needed"]
    list_select_related = ["institution", "location"]
    search_fields = ["note", "location__name", "location__city"]
    fields = ["holder_name", *HOUR_FIELDS]
    autocomplete_fields = ["location"]
    formfield_overrides = HOUR_TIMES


@admin.register(Closure)
class ClosureAdmin(HeldAdmin):
    list_display = ["__str__", "reason", "holder_name"]
    search_fields = ["reason"]
    fields = ["holder_name", "starts", "ends", "reason"]
    date_hierarchy = "starts"


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
        "status",
        "county_wide",
        "service_area",
        "services",
        "founding_partner",
        "is_public",
        VerifiedListFilter,
    ]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "slug", "parent__name"]
    autocomplete_fields = ["parent", "seat", "successor"]
    filter_horizontal = ["service_area", "services", "languages", "partner_editors"]
    prepopulated_fields = {"slug": ["name"]}
    # members.admin adds the people.
    inlines = [UnitInline, LocationInline, *HELD_INLINES, TranslationInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "parent", "description"]}),
        (
            _("Status"),
            {"fields": ["status", "closed_until", "status_note", "successor"]},
        ),
        (_("Angebote und Sprachen"), {"fields": ["services", "languages"]}),
        (
            _("Wer kann kommen?"),
            {
                "fields": [
                    ("minimum_age", "maximum_age"),
                    "eligibility",
                    "free_of_charge",
                    "fees_description",
                    "required_documents",
                ]
            },
        ),
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
            {"fields": ["founding_partner", "is_public", "verified_on", *EDITOR_FIELDS]},
        ),
    ]

    @admin.display(description=_("Name"), ordering="sort_name")
    def title(self, obj):
        return f"{obj.name} ({obj.short_name})" if obj.short_name else obj.name

    def get_urls(self):
        # The desk's CSV (institutions.desk) needs an address inside the admin;
        # the office's start page links to it.
        csv_view = self.admin_site.admin_view(desk_csv)
        return [path("pruefstand.csv", csv_view, name="desk-csv"), *super().get_urls()]

    @admin.display(description=_("Gehört zu"), ordering="parent__sort_name")
    def parent_name(self, obj):
        # As text, not as the foreign key, which Django's list keeps on one line:
        # the two "Flüchtlingsberatung" differ only here.
        return obj.parent and str(obj.parent)
