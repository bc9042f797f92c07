"""The published report of the technische vragen, for searching."""

from tests.questions.conftest import published  # noqa: F401 - the same fixture
