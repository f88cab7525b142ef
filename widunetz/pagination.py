class ForgivingPaginationMixin:
    """Paging for the public lists, by the ``seite`` parameter.

    A malformed or too large page number shows the nearest real page instead of
    an error (people follow old and hand-edited links), and only the first, the
    last and the pages around the current one get a link: 5,000 page links
    would outweigh the list itself.
    """

    page_kwarg = "seite"

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
