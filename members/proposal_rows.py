"""The rows of a proposal: phones and consultation hours, as JSON, in a form, applied.

Each kind of row is read from the holder in a fixed order, offered as a formset
(one empty row to add), and applied row by row in the same order: the first
proposed phone updates the first phone, and so on; rows left over are deleted.
A row is validated as the admin validates it (widunetz.phones, the hour's clean).
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from institutions.models import ConsultationHour, HourMode, Phone, PhoneKind, Weekday
from widunetz.phones import display as display_phone
from widunetz.phones import normalize

HELD_EXCLUDE = ["content_type", "object_id", "institution"]
# The browser's own time field where it has one; "09:00" typed where it has none.
TIME = {"type": "time"}


class PhoneForm(forms.Form):
    """One phone as the admin takes it: typed any way, stored in E.164 (widunetz.phones)."""

    number = forms.CharField(label=_("Nummer"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Art"), choices=PhoneKind.choices, initial=PhoneKind.LANDLINE)
    description = forms.CharField(label=_("Hinweis"), max_length=100, required=False)

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        return normalize(number) if number else ""

    def row(self):
        """The row as JSON, or None for an empty one."""
        data = self.cleaned_data
        if not data.get("number"):
            return None
        return {key: data[key] for key in ("number", "kind", "description")}


class HourForm(forms.Form):
    """One weekly consultation hour: day, from, to, a note."""

    weekday = forms.TypedChoiceField(
        label=_("Wochentag"), choices=Weekday.choices, coerce=int, required=False
    )
    starts = forms.TimeField(label=_("von"), required=False, widget=forms.TimeInput(TIME))
    ends = forms.TimeField(label=_("bis"), required=False, widget=forms.TimeInput(TIME))
    note = forms.CharField(label=_("Hinweis"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if (starts is None) != (ends is None) and not self.errors:
            raise forms.ValidationError(_("Bitte Beginn und Ende der Sprechzeit angeben."))
        if starts and ends and ends <= starts:
            self.add_error("ends", _("Die Sprechzeit muss enden, nachdem sie beginnt."))
        if starts and data.get("weekday") in (None, ""):
            self.add_error("weekday", _("Bitte den Wochentag wählen."))
        return data

    def row(self):
        data = self.cleaned_data
        if not data.get("starts"):
            return None
        return {
            "weekday": data["weekday"],
            "starts": f"{data['starts']:%H:%M}",
            "ends": f"{data['ends']:%H:%M}",
            "note": data["note"],
        }


def formset(form_class):
    return forms.formset_factory(form_class, extra=1, max_num=20, validate_max=True)


FORMSETS = {"phones": formset(PhoneForm), "hours": formset(HourForm)}


def rows(target, name):
    """The holder's phones or hours as JSON, in the order a proposal is applied."""
    if name == "phones":
        return [
            {"number": p.number, "kind": p.kind, "description": p.description}
            for p in target.phones.order_by("order", "pk")
        ]
    return [
        {
            "weekday": h.weekday,
            "starts": f"{h.starts:%H:%M}",
            "ends": f"{h.ends:%H:%M}",
            "note": h.note,
        }
        for h in target.hours.order_by("weekday", "starts", "pk")
    ]


def initial_rows(target, name):
    """The rows as the form shows them: a phone as it is printed, not in E.164."""
    values = rows(target, name)
    if name == "phones":
        values = [{**row, "number": display_phone(row["number"])} for row in values]
    return values


def display_rows(name, value):
    """The rows as the office reads them in the review table."""
    if name == "phones":
        kinds = dict(PhoneKind.choices)
        return "; ".join(
            " ".join(
                str(part)
                for part in (
                    kinds.get(p["kind"], p["kind"]),
                    display_phone(p["number"]),
                    p["description"] and f"({p['description']})",
                )
                if part
            )
            for p in value
        )
    days = dict(Weekday.choices)
    return "; ".join(
        f"{days.get(h['weekday'], h['weekday'])} {h['starts']}–{h['ends']}"
        + (f" ({h['note']})" if h["note"] else "")
        for h in value
    )


def apply_phones(target, phones):
    existing = list(target.phones.order_by("order", "pk"))
    for order, values in enumerate(phones):
        phone = existing[order] if order < len(existing) else Phone(holder=target)
        phone.number, phone.kind = values["number"], values["kind"]
        phone.description, phone.order = values["description"], order
        phone.full_clean(exclude=HELD_EXCLUDE)
        phone.save()
    for phone in existing[len(phones) :]:
        phone.delete()


def apply_hours(target, hours):
    """A changed hour keeps its kind and place; a new one takes the last one's (or is
    by phone, which needs no place) for the office to adjust."""
    existing = list(target.hours.order_by("weekday", "starts", "pk"))
    model = existing[-1] if existing else None
    for index, values in enumerate(hours):
        if index < len(existing):
            hour = existing[index]
        elif model is not None:
            hour = ConsultationHour(holder=target, mode=model.mode, location=model.location)
        else:
            hour = ConsultationHour(holder=target, mode=HourMode.PHONE)
        hour.weekday = values["weekday"]
        hour.starts = datetime.time.fromisoformat(values["starts"])
        hour.ends = datetime.time.fromisoformat(values["ends"])
        hour.note = values["note"]
        hour.full_clean(exclude=HELD_EXCLUDE)
        hour.save()
    for hour in existing[len(hours) :]:
        hour.delete()


APPLY = {"phones": apply_phones, "hours": apply_hours}
