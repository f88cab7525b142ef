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

from institutions.models import Institution, Language

from .proposal_rows import APPLY, FORMSETS, display_rows, initial_rows, rows
from .review import ChangeRequest

PERSON_FIELDS = ("function", "email", "languages", "phones", "hours")
INSTITUTION_FIELDS = ("email", "website", "phones", "hours")
LABELS = {
    "function": _("Funktion"),
    "email": _("E-Mail"),
    "website": _("Internetseite"),
    "languages": _("Beratungssprachen"),
    "phones": _("Telefonnummern"),
    "hours": _("Sprechzeiten"),
}


def fields_of(target):
    return INSTITUTION_FIELDS if isinstance(target, Institution) else PERSON_FIELDS


def snapshot(target):
    """The entry's public fields as JSON: text, language codes, phones as dicts."""
    values = {}
    for name in fields_of(target):
        if name == "languages":
            values[name] = sorted(target.languages.values_list("code", flat=True))
        elif name in FORMSETS:
            values[name] = rows(target, name)
        else:
            values[name] = getattr(target, name)
    return values


def display_value(name, value):
    """A snapshot's value as the office reads it in the review table."""
    if name == "languages":
        names = dict(Language._meta.get_field("code").choices)
        return ", ".join(str(names.get(code, code)) for code in value) or "–"
    if name in FORMSETS:
        return display_rows(name, value) or "–"
    return value or "–"


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
        initial = {k: v for k, v in snapshot(target).items() if k not in FORMSETS}
        self.formsets = {
            name: FORMSETS[name](*args, prefix=name, initial=initial_rows(target, name))
            for name in FORMSETS
        }
        for name, value in initial.items():
            self.fields[name].initial = value

    @property
    def phones(self):
        return self.formsets["phones"]

    @property
    def hours(self):
        return self.formsets["hours"]

    def is_valid(self):
        return all([super().is_valid(), *(f.is_valid() for f in self.formsets.values())])

    def proposed(self):
        values = {name: self.cleaned_data[name] for name in self.fields if name in LABELS}
        if "languages" in values:
            values["languages"] = sorted(values["languages"])
        for name, rows_formset in self.formsets.items():
            values[name] = [row for form in rows_formset if (row := form.row()) is not None]
        return values

    def save(self, confirmation):
        """The ChangeRequest this form proposes through a link (None when nothing differs)."""
        return self.change_request(
            source=ChangeRequest.Source.LINK,
            confirmation=confirmation,
            sender_email=self.cleaned_data["sender_email"] or confirmation.recipients()[0],
        )

    def change_request(self, message="", **fields):
        """A saved ChangeRequest with the proposed values, or None when nothing is proposed."""
        proposed, previous = self.proposed(), snapshot(self.target)
        if proposed == previous and not message:
            return None
        request = ChangeRequest(proposed=proposed, previous=previous, message=message, **fields)
        request.target = self.target
        request.save()
        return request


def apply_fields(target, values):
    for name, value in values.items():
        if name == "languages":
            target.languages.set(value)
        elif name not in APPLY:
            setattr(target, name, value)
    target.full_clean(exclude=["slug"])
    target.save()
    for name, apply in APPLY.items():
        if name in values:
            apply(target, values[name])


def accept(change_request, user):
    """Apply what the request changed, in one transaction, as a version by ``user``."""
    if change_request.status != ChangeRequest.Status.OPEN:
        raise ValidationError(_("Dieser Vorschlag ist bereits entschieden."))
    target = change_request.target
    changed = {name: change_request.proposed[name] for name in change_request.changed_fields()}
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        comment = _("Änderungsvorschlag #%(pk)s angenommen") % {"pk": change_request.pk}
        if change_request.submitted_by is not None:
            comment += " " + _("(eingereicht von %(user)s)") % {
                "user": change_request.submitted_by.get_username()
            }
        reversion.set_comment(comment)
        if change_request.source == ChangeRequest.Source.LINK:
            # Proposed through the entry's own link: the rest was seen and left as it is.
            target.verified_on = timezone.localdate()
        if changed or change_request.source == ChangeRequest.Source.LINK:
            # A reader's report proposes nothing: accepting it touches no entry.
            apply_fields(target, changed)
        change_request.status = ChangeRequest.Status.ACCEPTED
        change_request.decided_by, change_request.decided_at = user, timezone.now()
        change_request.save()


def reject(change_request, user, note):
    change_request.status = ChangeRequest.Status.REJECTED
    change_request.decision_note = note
    change_request.decided_by, change_request.decided_at = user, timezone.now()
    change_request.save()
