"""What the people's cards on one page have in common, said once above them.

A card should show what tells people apart. When every person on a page belongs to
the same working group, "Arbeitskreise: Projektgruppe" on each of 40 cards tells
nobody anything; the page says it once and the cards leave it out.
"""

from dataclasses import dataclass, field

from django import template

register = template.Library()


@dataclass
class Shared:
    # The working groups every person shown belongs to (empty for a single person):
    # the cards leave them out.
    groups: list = field(default_factory=list)
    # Some of them serve the whole county: their cards name no town.
    county_wide: bool = False
    # The group whose own page this is: its heading names it already.
    page_group: object = None

    @property
    def named(self):
        """The shared groups the page still has to name."""
        return [group for group in self.groups if group != self.page_group]


@register.simple_tag
def shared_by(*member_lists, page_group=None):
    """``{% shared_by local_members county_members as shared %}``: what the cards share."""
    members = [member for members in member_lists for member in members]
    county_wide = any(member.institution.county_wide for member in members)
    common = set()
    if len(members) > 1:
        common = {membership.group for membership in members[0].current_memberships}
        for member in members[1:]:
            common &= {membership.group for membership in member.current_memberships}
    groups = sorted(common, key=lambda group: (group.order, group.name))
    return Shared(groups, county_wide, page_group)


@register.filter
def groups_not_in(memberships, shared_groups):
    """The groups of a card's memberships that the page has not already named."""
    return [m.group for m in memberships if m.group not in (shared_groups or ())]
