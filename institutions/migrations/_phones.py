"""The E.164 form of an old phone field, shared by the migrations that move them."""

import phonenumbers


def e164(text, where):
    try:
        number = phonenumbers.parse(text, "DE")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValueError(
            f"{where}: die Telefonnummer „{text}“ ist ungültig. Bitte vor dem Update "
            "in der Verwaltung korrigieren; es wurde nichts geändert."
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
