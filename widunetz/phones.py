"""Phone numbers stored in E.164 ("+495221131234"), shown in the national format.

Editors type numbers the way they are printed ("05221 13-1234", "(0 52 21) 131234",
"+49 5221 131234"); libphonenumber knows every German area code, so each form is
stored once, the same way, and a number that cannot exist is refused with a message
instead of becoming a dead ``tel:`` link.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

REGION = "DE"


def normalize(text):
    """``text`` as E.164, or a ValidationError saying what is wrong with it."""
    text = (text or "").strip()
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _(
                "„%(number)s“ ist keine gültige Telefonnummer. Bitte mit Vorwahl eingeben, "
                "z. B. 05221 131234 oder +49 5221 131234."
            ),
            code="invalid_phone",
            params={"number": text[:40]},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(e164):
    """The national format for German numbers ("05221 131234"), international otherwise."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, REGION)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 49:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


class PhoneNumberField(models.CharField):
    """A CharField that cleans what an editor typed into E.164."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 16)  # "+" and at most 15 digits
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 16:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return normalize(value)

    def formfield(self, **kwargs):
        # The form field must take "(0 52 21) 13 12 34", longer than its E.164 form.
        return super().formfield(**{"max_length": 40, **kwargs})
