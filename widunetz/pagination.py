import datetime

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from . import fragments


class SharedPaginator(Paginator):
    """A list's count and the keys of each page's rows, found once per content version.

    At 100,000 people counting a municipality's third of them, or finding the
    first twenty matches of a search, costs more than the rest of the page; every
    page of the list and every language shares the count, and every language
    the keys of a page. ``name`` says what the list shows (without it nothing is
    shared); with ``rows_by_pk`` a page's rows are read by those keys.
    """

    def __init__(self, *args, name=None, rows_by_pk=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.name = name
        self.rows_by_pk = rows_by_pk

    def shared(self, parts, compute):
        if self.name is None:
            return compute()
        return fragments.get_or_compute((*parts, self.name), compute)

    @cached_property
    def count(self):
        return self.shared(("count",), lambda: Paginator.count.func(self))

    def page(self, number):
        page = super().page(number)
        if self.rows_by_pk and isinstance(page.object_list, QuerySet):
            rows = page.object_list
            pks = self.shared(
                ("rows", number, self.per_page), lambda: list(rows.values_list("pk", flat=True))
            )
            # The filters were applied when the keys were found, under this same
            # content version; reading the rows by key needs none of them again.
            found = self.rows_by_pk(pks)
            page.object_list = [found[pk] for pk in pks if pk in found]
        return page


class ForgivingPaginationMixin:
    """Paging for the public lists, by the ``seite`` parameter.

    A malformed or too large page number shows the nearest real page instead of
    an error (people follow old and hand-edited links), and only the first, the
    last and the pages around the current one get a link: 5,000 page links
    would outweigh the list itself.
    """

    page_kwarg = "seite"
    paginator_class = SharedPaginator

    # A view's method returning {pk: row} as its list shows them lets every
    # language share the rows of a page (SharedPaginator).
    rows_by_pk = None

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(
            *args, rows_by_pk=self.rows_by_pk, name=self.list_name(), **kwargs
        )

    def list_name(self):
        """What a list shows follows from its view and its address, apart from the page.

        Naming it so spares compiling its SQL just to look up the count and the
        page's keys. The date is part of it: working groups count today's members.
        """
        params = sorted((k, v) for k, v in self.request.GET.lists() if k != self.page_kwarg)
        view = f"{type(self).__module__}.{type(self).__qualname__}"
        # The address's own arguments (a town's slug) as well as its query.
        arguments = sorted(self.kwargs.items())
        return fragments.digest((view, arguments, params, datetime.date.today().isoformat()))

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        self.page_range = list(paginator.get_elided_page_range(page.number, on_each_side=2))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_range"] = getattr(self, "page_range", [])
        return context


# Pages that list rows outside the paginated directory show this many at most
# and link to the directory for the rest, so no page grows with the network.
PREVIEW_SIZE = 50


class Preview(list):
    """The first rows of a list, knowing whether there are more."""

    more = False


class PreviewMixin:
    """For QuerySets: ``preview()``, the first rows and whether there are more."""

    def preview(self, size=PREVIEW_SIZE):
        rows = Preview(self[: size + 1])
        rows.more = len(rows) > size
        del rows[size:]
        return rows
