from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from institutions.models import Institution, Municipality
from members.models import Member, WorkingGroup


class StaticPagesSitemap(Sitemap):
    def items(self):
        return [
            "pages:home",
            "pages:network",
            "pages:timeline",
            "pages:easy-language",
            "members:member-list",
            "institutions:institution-list",
            "institutions:municipality-list",
            "members:workinggroup-list",
            "pages:impressum",
            "pages:datenschutz",
            "pages:barrierefreiheit",
        ]

    def location(self, item):
        return reverse(item)


class InstitutionSitemap(Sitemap):
    def items(self):
        return Institution.objects.public().order_by("slug")


class MemberSitemap(Sitemap):
    """People's own pages, only while the person and their institution are public."""

    def items(self):
        return Member.objects.public().only("slug").order_by("slug")


class MunicipalitySitemap(Sitemap):
    def items(self):
        return Municipality.objects.all()


class WorkingGroupSitemap(Sitemap):
    def items(self):
        return WorkingGroup.objects.all()


SITEMAPS = {
    "seiten": StaticPagesSitemap,
    "institutionen": InstitutionSitemap,
    "mitglieder": MemberSitemap,
    "gemeinden": MunicipalitySitemap,
    "arbeitskreise": WorkingGroupSitemap,
}
