"""The publication generation: a number in the cache that changes whenever any report is
published or a new version of one is started. What depends on which versions exist and are
published (which version is the newest, whether a correction is being prepared, which report
is "previous") is cached under it, so such a change makes all of that stale at once. The
portal's page cache and the board's change overview read it; publishing and starting a
correction bump it."""

import time

from django.core.cache import cache

GENERATION_KEY = "reports:published-generation"


def publication_generation() -> int | None:
    return cache.get(GENERATION_KEY)


def versions_changed() -> None:
    """Called when a report is published or a correction started (at once, and again on
    commit: a page cached in between saw the old state)."""
    cache.set(GENERATION_KEY, time.time_ns(), None)
