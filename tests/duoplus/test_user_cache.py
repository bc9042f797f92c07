"""With a shared cache the session's user comes from it; every change reaches the next
request at once (tested here with the in-process cache standing in for Redis)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duoplus.core.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached_users(settings):
    settings.USER_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx]


def test_user_and_roles_come_from_the_cache(client, world, cached_users):
    client.force_login(world.council_noord)
    url = reverse("council_list")
    client.get(url)
    response, sql = queries(client, url)
    assert response.status_code == 200
    assert not [q for q in sql if 'FROM "duoplus_user"' in q]
    assert not [q for q in sql if 'FROM "duoplus_membership"' in q]


def test_a_lost_role_counts_at_the_next_request(client, world, cached_users):
    client.force_login(world.council_noord)
    url = reverse("council_list")
    assert client.get(url).status_code == 200
    Membership.objects.get(user=world.council_noord, role=Role.COUNCIL).delete()
    assert client.get(url).status_code == 404


def test_a_deactivated_user_is_out_at_the_next_request(client, world, cached_users):
    client.force_login(world.editor)
    url = reverse("my_work")
    assert client.get(url).status_code == 200
    world.editor.is_active = False
    world.editor.save()
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_new_password_ends_other_sessions(client, world, cached_users):
    client.force_login(world.editor)
    url = reverse("my_work")
    assert client.get(url).status_code == 200
    world.editor.set_password("een-heel-nieuw-wachtwoord-2026")
    world.editor.save()
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]
