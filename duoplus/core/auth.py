"""Authentication backend: demo accounts may log in only while DEBUG is on; the user of a
session (with their memberships) is read from the shared cache, not the database, on every
request."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from . import roles


def user_cache_key(user_id):
    return f"auth:user:{user_id}"


def forget_user(user_id):
    """Called whenever a user or one of their memberships changes (duoplus.core.signals)."""
    if settings.USER_CACHE_SECONDS:
        cache.delete(user_cache_key(user_id))


class DemoAwareModelBackend(ModelBackend):
    def user_can_authenticate(self, user):
        if getattr(user, "is_demo", False) and not settings.DEBUG:
            return False
        return super().user_can_authenticate(user)

    def get_user(self, user_id):
        """The session's user. With a shared cache (USER_CACHE_SECONDS, only set with
        CACHE_URL) the user and their memberships come from it: two queries less on every
        request. Any save of the user (password, deactivation) or of a membership removes
        the entry at once, so the session check (the password hash) and every permission
        use the current data; USER_CACHE_SECONDS bounds what a bulk update could leave."""
        seconds = settings.USER_CACHE_SECONDS
        if not seconds:
            return super().get_user(user_id)
        key = user_cache_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            roles.memberships(user)  # loaded now, kept with the user
            cache.set(key, user, seconds)
            return user
        return user if self.user_can_authenticate(user) else None
