"""Path converters. ``<id:…>`` is ``<int:…>`` bounded to what a database key or version can
hold: a longer number is simply not a URL of the portal (404), never a database error."""

from django.urls import register_converter

from .bounds import MAX_DIGITS


class BoundedIntConverter:
    regex = f"[0-9]{{1,{MAX_DIGITS}}}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


def register():
    register_converter(BoundedIntConverter, "id")
