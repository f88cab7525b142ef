"""People's cards, the same on every list: rendered once, then taken from the shared cache."""

import datetime

from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils.translation import get_language

from widunetz import fragments

from .models import Member, card_prefetches


def render_cards(members, level=3):
    """The HTML of each person's card, in order, rendering only those not in the cache.

    ``members`` are people (from ``for_cards()``) or their primary keys; only the
    people whose card must be rendered are read, with their languages, working
    groups and service areas. The date is part of the key because a membership
    ends at midnight.
    """
    template = get_template("includes/member_card.html")
    language = get_language()
    today = datetime.date.today().isoformat()

    def render(missing):
        if missing and not isinstance(missing[0], Member):
            found = Member.objects.for_cards().in_bulk(missing)
            missing = [found[pk] for pk in missing]
        prefetch_related_objects(missing, *card_prefetches())
        return [template.render({"member": member, "level": level}) for member in missing]

    def parts(member):
        return ("card", language, today, level, getattr(member, "pk", member))

    return fragments.get_or_render_many(members, parts, render)


def attach_cards(members, level=3):
    """Give each person ``card``, the HTML of their card; return them as a list.

    A list passed in (a preview, say) is returned itself, its attributes intact.
    """
    members = members if isinstance(members, list) else list(members)
    for member, card in zip(members, render_cards(members, level), strict=True):
        member.card = card
    return members


def people_with_cards(pks):
    """{pk: person with ``card``} for a list's page, read by primary key.

    The list shows only the cards; the people themselves are read with just
    their names, and fully only where a card must be rendered.
    """
    people = Member.objects.only("first_name", "last_name").in_bulk(pks)
    for pk, card in zip(pks, render_cards(pks), strict=True):
        if pk in people:
            people[pk].card = card
    return people
