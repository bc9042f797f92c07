"""Settings for bench/pages.py: production settings, served over plain HTTP on loopback,
plus one bare view (bench/urls.py) as the ceiling to compare pages with."""

from duoplus.settings.production import *  # noqa: F401,F403

ROOT_URLCONF = "bench.urls"
