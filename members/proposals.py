"""What a proposal may change, the form that proposes it, and applying it once accepted.

An entry's public fields are read into plain JSON (``snapshot``): the form is filled
from it, a ChangeRequest keeps it as the values at the time, and accepting applies
only the fields the proposal changed, so an edit the office made meanwhile to
another field stays.
"""

import reversion
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution, Language, Phone, PhoneKind
from widunetz.phones import display as display_phone
from widunetz.phones import normalize

from .review import ChangeRequest

PERSON_FIELDS = ("function", "email", "languages", "phones")
INSTITUTION_FIELDS = ("email", "website", "phones")
LABELS = {
    "function": _("Funktion"),
    "email": _("E-Mail"),
    "website": _("Internetseite"),
    "languages": _("Beratungssprachen"),
    "phones": _("Telefonnummern"),
}


def fields_of(target):
    return INSTITUTION_FIELDS if isinstance(target, Institution) else PERSON_FIELDS


def snapshot(target):
    """The entry's public fields as JSON: text, language codes, phones as dicts."""
    values = {}
    for name in fields_of(target):
        if name == "languages":
            values[name] = sorted(target.languages.values_list("code", flat=True))
        elif name == "phones":
            values[name] = [
                {"number": p.number, "kind": p.kind, "description": p.description}
                for p in target.phones.order_by("order", "pk")
            ]
        else:
            values[name] = getattr(target, name)
    return values


def display_value(name, value):
    """A snapshot's value as the office reads it in the review table."""
    if name == "languages":
        names = dict(Language._meta.get_field("code").choices)
        return ", ".join(str(names.get(code, code)) for code in value)
    if name == "phones":
        kinds = dict(PhoneKind.choices)
        return "; ".join(
            " ".join(
                part
                for part in (
                    str(kinds.get(p["kind"], p["kind"])),
                    display_phone(p["number"]),
                    p["description"] and f"({p['description']})",
                )
                if part
            )
            for p in value
        )
    return value or "–"


class PhoneForm(forms.Form):
    """One phone as the admin takes it: typed any way, stored in E.164 (widunetz.phones)."""

    number = forms.CharField(label=_("Nummer"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Art"), choices=PhoneKind.choices, initial=PhoneKind.LANDLINE)
    description = forms.CharField(label=_("Hinweis"), max_length=100, required=False)

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        return normalize(number) if number else ""


PhoneFormSet = forms.formset_factory(PhoneForm, extra=1, max_num=10, validate_max=True)


class ProposalForm(forms.Form):
    """The public fields of a person or an institution, filled in as the public sees them."""

    function = forms.CharField(label=_("Funktion"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-Mail"), required=False)
    website = forms.URLField(label=_("Internetseite"), required=False, assume_scheme="https")
    languages = forms.MultipleChoiceField(
        label=_("Beratungssprachen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )
    sender_email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse für Rückfragen (freiwillig)"), required=False
    )

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        for name in ("function", "email", "website", "languages"):
            if name not in fields_of(target):
                del self.fields[name]
        if "languages" in self.fields:
            self.fields["languages"].choices = [
                (language.code, language.name) for language in Language.objects.all()
            ]
        initial = snapshot(target)
        self.phones = PhoneFormSet(
            *args,
            prefix="phones",
            initial=[
                {k: p[k] for k in ("number", "kind", "description")} for p in initial.pop("phones")
            ],
        )
        for name, value in initial.items():
            self.fields[name].initial = value

    def is_valid(self):
        return all([super().is_valid(), self.phones.is_valid()])

    def proposed(self):
        values = {
            name: self.cleaned_data[name] for name in fields_of(self.target) if name != "phones"
        }
        if "languages" in values:
            values["languages"] = sorted(values["languages"])
        values["phones"] = [
            {key: row[key] for key in ("number", "kind", "description")}
            for row in self.phones.cleaned_data
            if row.get("number")
        ]
        return values

    def save(self, confirmation):
        """The ChangeRequest this form proposes (None when nothing differs)."""
        proposed, previous = self.proposed(), snapshot(self.target)
        if proposed == previous:
            return None
        request = ChangeRequest(
            source=ChangeRequest.Source.LINK,
            confirmation=confirmation,
            proposed=proposed,
            previous=previous,
            sender_email=self.cleaned_data["sender_email"] or confirmation.email,
        )
        request.target = self.target
        request.save()
        return request


def apply_phones(target, phones):
    """Bring the holder's phones to ``phones``: rows kept in order, extras gone."""
    existing = list(target.phones.order_by("order", "pk"))
    for order, values in enumerate(phones):
        phone = existing[order] if order < len(existing) else Phone(holder=target)
        phone.number, phone.kind = values["number"], values["kind"]
        phone.description, phone.order = values["description"], order
        phone.full_clean(exclude=["content_type", "object_id", "institution"])
        phone.save()
    for phone in existing[len(phones) :]:
        phone.delete()


def apply_fields(target, values):
    for name, value in values.items():
        if name == "languages":
            target.languages.set(value)
        elif name != "phones":
            setattr(target, name, value)
    target.full_clean(exclude=["slug"])
    target.save()
    if "phones" in values:
        apply_phones(target, values["phones"])


def accept(change_request, user):
    """Apply what the request changed, in one transaction, as a version by ``user``."""
    if change_request.status != ChangeRequest.Status.OPEN:
        raise ValidationError(_("Dieser Vorschlag ist bereits entschieden."))
    target = change_request.target
    changed = {name: change_request.proposed[name] for name in change_request.changed_fields()}
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(
            _("Änderungsvorschlag #%(pk)s angenommen") % {"pk": change_request.pk}
        )
        if change_request.source == ChangeRequest.Source.LINK:
            # Proposed through the entry's own link: the rest was seen and left as it is.
            target.verified_on = timezone.localdate()
        apply_fields(target, changed)
        change_request.status = ChangeRequest.Status.ACCEPTED
        change_request.decided_by, change_request.decided_at = user, timezone.now()
        change_request.save()


def reject(change_request, user, note):
    change_request.status = ChangeRequest.Status.REJECTED
    change_request.decision_note = note
    change_request.decided_by, change_request.decided_at = user, timezone.now()
    change_request.save()
