"""The controlled lists residents search by: services and counselling languages.

Both lists are fixed in code so every name and explanation is translated with
the rest of the interface; editors only attach them to institutions and people.
"""

from django.utils.translation import gettext_lazy as _

SERVICES = {
    "mbe": (
        _("Migrationsberatung für Erwachsene (MBE)"),
        _("Beratung für Zugewanderte ab 27 Jahren zu Sprache, Arbeit, Wohnen und Behörden."),
    ),
    "jmd": (
        _("Jugendmigrationsdienst (JMD)"),
        _("Beratung und Begleitung für junge Zugewanderte von 12 bis 27 Jahren."),
    ),
    "fluechtlingsberatung": (
        _("Flüchtlingsberatung"),
        _("Beratung für Geflüchtete und Asylsuchende, zum Beispiel zum Asylverfahren."),
    ),
    "integrationsagentur": (
        _("Integrationsagentur"),
        _("Hilft Vereinen und Einrichtungen, offen für alle zu werden, und stärkt das Ehrenamt."),
    ),
    "integrationskurse": (
        _("Integrationskurse"),
        _("Deutschkurse mit Orientierungskurs über Leben und Recht in Deutschland."),
    ),
    "arbeit-ausbildung": (
        _("Arbeit und Ausbildung"),
        _("Hilfe bei der Suche nach Arbeit, Ausbildung und der Anerkennung von Abschlüssen."),
    ),
    "bildung-schule": (
        _("Bildung und Schule"),
        _("Fragen zu Kita, Schule, Weiterbildung und Sprachförderung."),
    ),
    "gesundheit": (
        _("Gesundheit"),
        _("Wege zu Ärztinnen, Ärzten und Hilfe bei Fragen zur Gesundheit."),
    ),
    "ehrenamt": (
        _("Ehrenamt"),
        _("Mitmachen und helfen: freiwillige Arbeit mit und für Zugewanderte."),
    ),
}

# ISO 639-1 codes of languages counselling is commonly offered in, each with its own
# name in its own script (the name a speaker recognises).
LANGUAGES = {
    "ar": "العربية",
    "bg": "български",
    "bs": "bosanski",
    "de": "Deutsch",
    "el": "Ελληνικά",
    "en": "English",
    "es": "español",
    "fa": "فارسی",
    "fr": "français",
    "hr": "hrvatski",
    "it": "italiano",
    "ku": "Kurdî",
    "pl": "polski",
    "ps": "پښتو",
    "pt": "português",
    "ro": "română",
    "ru": "русский",
    "so": "Soomaali",
    "sq": "shqip",
    "sr": "српски",
    "ti": "ትግርኛ",
    "tr": "Türkçe",
    "uk": "українська",
    "ur": "اردو",
    "vi": "Tiếng Việt",
}
RTL_LANGUAGES = {"ar", "fa", "ps", "ur"}


def create_controlled_lists(service_model, language_model):
    """Make sure every service and language of the lists above has its row."""
    for order, slug in enumerate(SERVICES, 1):
        service_model.objects.update_or_create(slug=slug, defaults={"order": order})
    for code in LANGUAGES:
        language_model.objects.get_or_create(code=code)
