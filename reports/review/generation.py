"""The publication generation: a number in the cache that changes whenever any report is
published. What depends on which reports are published (which version is the newest, which
report is "previous") is cached under it, so a publication makes all of that stale at once.
The portal's page cache and the board's change overview read it; publishing bumps it."""

import time

from django.core.cache import cache

GENERATION_KEY = "reports:published-generation"


def publication_generation() -> int | None:
    return cache.get(GENERATION_KEY)


def published_somewhere() -> None:
    """Called when a report is published (at once, and again on commit)."""
    cache.set(GENERATION_KEY, time.time_ns(), None)
