"""People's cards, the same on every list: rendered once, then taken from the shared cache."""

import datetime

from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils.translation import get_language

from widunetz import fragments

from .models import Member, card_prefetches


def render_cards(members, level=3):
    """The HTML of each person's card, in order, rendering only those not in the cache.

    ``members`` come from ``for_cards()``; only the people whose card must be
    rendered are read with their languages, working groups and service areas.
    The date is part of the key because a membership ends at midnight.
    """
    template = get_template("includes/member_card.html")
    language = get_language()
    today = datetime.date.today().isoformat()

    def render(missing):
        prefetch_related_objects(missing, *card_prefetches())
        return [template.render({"member": member, "level": level}) for member in missing]

    def parts(member):
        return ("card", language, today, level, member.pk)

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
    """{pk: person with ``card``} for a list's page, read by primary key."""
    people = Member.objects.for_cards().in_bulk(pks)
    attach_cards(list(people.values()))
    return people
