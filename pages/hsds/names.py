"""What a ``service`` is called: "topic – institution", without saying a name twice.

The brochure's units are often named after the topic they offer: the unit
"Jugendmigrationsdienst" offers "Jugendmigrationsdienst (JMD)", the unit "Migrationsberatung
für erwachsene Zuwanderer (MBE) und Integrationsagentur" offers "Migrationsberatung für
Erwachsene (MBE)". Such a service is named after the unit's Träger instead, which tells
the units of different Träger apart; without a Träger, the unit's name stands alone.
"""

import re

# A closing abbreviation, "(MBE)", which one name may have and the other not.
ABBREVIATION = re.compile(r"\s*\([^()]*\)\s*$")


def words(name):
    return " ".join(ABBREVIATION.sub("", name).casefold().split())


def says_the_same(first, second):
    """Whether one name holds the other as whole words ("Gesundheit" is no repeat of
    "Gesundheitskonferenz"), a closing abbreviation aside."""
    shorter, longer = sorted((words(first), words(second)), key=len)
    return bool(shorter) and f" {shorter} " in f" {longer} "


def service_name(institution, topic):
    if topic is None:
        return institution.name
    if not says_the_same(topic.name, institution.name):
        return f"{topic.name} – {institution.name}"
    if institution.parent is not None:
        return f"{topic.name} – {institution.parent.name}"
    return institution.name
