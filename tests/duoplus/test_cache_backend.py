"""The shared cache against a real Redis: the backend production uses with CACHE_URL."""

import pytest

from duoplus.core.cache import ReusingRedisCache


def test_redis_cache_round_trips_and_reuses_its_client(require_redis):
    cache = ReusingRedisCache(require_redis, {"KEY_PREFIX": "duoplus-test"})
    cache.set("a", {"x": 1}, 30)
    cache.set("b", b"bytes", 30)
    assert cache.get("a") == {"x": 1}
    assert cache.get_many(["a", "b", "c"]) == {"a": {"x": 1}, "b": b"bytes"}
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    cache.delete_many(["a", "b"])
    assert cache.get("a") is None


@pytest.mark.django_db
def test_sessions_and_users_through_redis(require_redis, client, world, settings):
    """The production combination: sessions read through Redis, users from it."""
    # A database of its own: clearing it must not touch the broker's (the e2e tests').
    location = require_redis.rsplit("/", 1)[0] + "/14"
    settings.CACHES = {
        "default": {
            "BACKEND": "duoplus.core.cache.ReusingRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "duoplus-test",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.USER_CACHE_SECONDS = 60
    from django.core.cache import cache

    cache.clear()
    client.force_login(world.editor)
    assert client.get("/mijn-werk/").status_code == 200
    assert client.get("/mijn-werk/").status_code == 200
    world.editor.is_active = False
    world.editor.save()
    assert client.get("/mijn-werk/").status_code == 302
    cache.clear()
