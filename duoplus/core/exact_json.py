"""Django's JSON serialization with exact timestamps, for export_data/import_data.

Django's own JSON encoder cuts times to milliseconds; a backup must give back what it was
given, so this one writes the full ISO 8601 value (microseconds included). Registered as the
serialization format "exactjson" (SERIALIZATION_MODULES)."""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()  # type: ignore[misc]  # Django's serializer hook
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = django_json.Deserializer
