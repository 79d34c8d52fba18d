"""Django's `jsonl` serialization, made exact enough to bring every row back as it was.

Two changes, both only on the writing side; `loaddata` reads the output with its own
`jsonl` deserializer, without this module:

- Every many-to-many link is a row of its own table (backups.py names those tables)
  rather than a list of ids inside its object, which `loaddata` would turn into link
  rows with new ids.
- Times keep their microseconds: Django's encoder cuts them to milliseconds (the
  ECMA-262 format), so a session's expiry or a history row's date would come back
  changed, and two history rows could swap places.
"""

import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Deserializer  # noqa: F401 - the format's pair
from django.core.serializers.jsonl import Serializer as JSONLinesSerializer


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONLinesSerializer):
    def start_serialization(self):
        super().start_serialization()
        self.json_kwargs["cls"] = ExactJSONEncoder

    def handle_m2m_field(self, obj, field):
        """The link rows are in their own table's objects; nothing to write here."""
