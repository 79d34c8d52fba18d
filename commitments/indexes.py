"""An index whose columns say where NULLs go, on every database.

PostgreSQL can read `ORDER BY happened_on DESC NULLS LAST` straight from an index
declared the same way. SQLite cannot declare NULLS FIRST or LAST in an index, and
needs not: it sorts NULLs as the smallest values, so DESC already puts them last.
"""

from django.db import models
from django.db.models.expressions import OrderBy


class NullsOrderedIndex(models.Index):
    """A models.Index of expressions such as F("x").desc(nulls_last=True)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using, **kwargs)
        plain = models.Index(
            *[_without_nulls_modifier(expression) for expression in self.expressions],
            name=self.name,
            db_tablespace=self.db_tablespace,
            condition=self.condition,
        )
        return plain.create_sql(model, schema_editor, using, **kwargs)


def _without_nulls_modifier(expression):
    if isinstance(expression, OrderBy):
        return OrderBy(expression.expression, descending=expression.descending)
    return expression
