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
