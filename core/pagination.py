from django.core.paginator import Paginator
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
        if bottom < self.min_offset or not isinstance(self.object_list, QuerySet) or self.object_list.query.combinator:
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)
