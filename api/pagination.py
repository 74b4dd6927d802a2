from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination

from core.pagination import KeysFirstPaginator

MAX_PAGE_SIZE = 100
MAX_PAGE_DIGITS = 18  # longer numbers cannot be a real page, and Python refuses to parse very long ones


class PageNumberPagination(pagination.PageNumberPagination):
    """``{count, next, previous, results}``; ``page_size`` up to 100 (larger values are clamped).

    A ``page`` or ``page_size`` that is not a whole number (``null``, ``-1``, ``abc``) answers 400, and a page
    past the last one 404: both are documented for every list (``api.schema.AutoSchema``).
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit()) or int(raw[:MAX_PAGE_DIGITS]) < 1:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("The page size must be a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return min(int(raw[:MAX_PAGE_DIGITS]), self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        raw_page = request.query_params.get(self.page_query_param, "1")
        if raw_page not in self.last_page_strings and not (raw_page.isascii() and raw_page.isdigit()):
            raise exceptions.ValidationError({self.page_query_param: [_("A page number must be a whole number.")]})
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            number = paginator.num_pages if raw_page in self.last_page_strings else int(raw_page[:MAX_PAGE_DIGITS])
            self.page = paginator.page(number if len(raw_page) <= MAX_PAGE_DIGITS else paginator.num_pages + 1)
        except InvalidPage:
            raise exceptions.NotFound(
                _("Page %(page)s does not exist; the last page is %(last)d.")
                % {"page": raw_page, "last": paginator.num_pages}
            ) from None
        self.request = request
        return list(self.page)


class KeysFirstPageNumberPagination(PageNumberPagination):
    """For lists whose rows carry per-row subqueries (course cards): see KeysFirstPaginator."""

    django_paginator_class = KeysFirstPaginator
