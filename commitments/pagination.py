"""Pages of public rows whose total is counted once per change of the facts.

Counting every matching row is most of what a page of a long list costs (190,000
pledges: a scan of the table for 50 rows). The total changes only when the facts do,
so it is kept under the facts' version, keyed by the query itself, like the home
page's totals (`once_per_version`): without a shared cache it is counted each time.
"""

import hashlib

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from commitments.caching import once_per_version


class CountedOncePerVersionPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        rows = self.object_list
        try:
            sql, params = rows.query.sql_with_params()
        except (AttributeError, EmptyResultSet):  # a list, or a query of nothing
            return super().count
        query = f"{rows.db}\n{sql}\n{params!r}".encode()
        return once_per_version(
            f"count:{hashlib.sha256(query).hexdigest()}", rows.count
        )
