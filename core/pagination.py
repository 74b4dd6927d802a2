from django.core.paginator import Page, Paginator
from django.db import NotSupportedError
from django.db.models import QuerySet


class KeysFirstPaginator(Paginator):
    """Finds the primary keys of the page first, then loads only those rows.

    PostgreSQL computes the whole select list, per-row subqueries such as lesson totals included,
    for every row an OFFSET skips; slicing bare keys keeps the last page as fast as the first. Near
    the start there is little to skip, and one query (not two) is cheaper, so early pages slice rows.
    """

    min_offset = 200

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < self.min_offset or not self._can_filter():
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)}
        return Page([rows[key] for key in keys if key in rows], number, self)

    def _can_filter(self):
        """Whether the rows can be narrowed to the page's keys: a list cannot, nor a combined queryset (union()),
        which refuses ``filter()`` whatever its arguments."""
        if not isinstance(self.object_list, QuerySet):
            return False
        try:
            self.object_list.filter()
        except NotSupportedError:
            return False
        return True
