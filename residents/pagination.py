"""Paging for lists whose length is already known."""

from django.core.paginator import Paginator


class KnownCountPaginator(Paginator):
    """Django's Paginator told how many items there are, for a list whose count is kept elsewhere (the whole
    register, counted in the register totals) so that its page does not run COUNT(*) over every row."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count  # in place of Paginator's counting property

    def page(self, number):
        # Always a full page from the database, so a count that is a little behind never hides items.
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)
