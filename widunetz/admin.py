"""What every app's admin shares: valid autocompletes, short columns, the translation table,
phone numbers as they are printed."""

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets as admin_widgets
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Translation
from .phones import display as display_phone
from .phones import normalize as normalize_phone
from .widgets import AutocompleteSelect


class ValidAutocompleteMixin:
    """``autocomplete_fields`` for single records with widunetz's AutocompleteSelect."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# The changelists must fit 1280 px beside the admin's navigation and the filters.
# Table headers do not wrap, so the long field names get short column titles.


@admin.display(description=_("Öffentlich"), boolean=True, ordering="is_public")
def shown_publicly(obj):
    """The "öffentlich sichtbar" tick."""
    return obj.is_public


@admin.display(description=_("Geprüft am"), ordering="verified_on")
def checked_on(obj):
    """The "zuletzt geprüft am" date as 30.09.2026: "30. September 2026" would not wrap."""
    return obj.verified_on and date_format(obj.verified_on, "SHORT_DATE_FORMAT")


class TranslationInline(GenericTabularInline):
    """Translations of a record's texts, one row per field and language."""

    model = Translation
    extra = 0
    fields = ["field", "language", "text"]
    verbose_name = _("Übersetzung")
    verbose_name_plural = _("Übersetzungen (ohne Übersetzung wird der deutsche Text gezeigt)")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        labels = {
            f: self.parent_model._meta.get_field(f).verbose_name
            for f in self.parent_model.translatable_fields
        }
        formset.form.base_fields["field"] = forms.ChoiceField(
            label=_("Feld"), choices=list(labels.items())
        )
        return formset


class PhoneNumberInput(admin_widgets.AdminTextInputWidget):
    """Shows a stored number the way it is printed ("05221 131234"), not in E.164."""

    def format_value(self, value):
        if value and str(value).startswith("+"):
            return display_phone(value)
        return super().format_value(value)


class PhoneNumberFormField(forms.CharField):
    """A phone number as typed; cleaned into E.164 with widunetz.phones' message if it is none.

    Shown nationally, a stored number reads differently from its value: compared in
    E.164, an untouched row does not count as changed on every save.
    """

    widget = PhoneNumberInput

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_phone(value) if value else value

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        return (initial or "") != (data or "")


# A lost phone is reset on the "Zweiter Faktor" page (widunetz.two_factor_views), by the
# office, in the admin's log; django-otp's own device admins would show the keys.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
