"""The questions beside the passages of the reading view, and the pages' query counts as
questions grow."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.questions import services
from reports.review.passages import with_asides

pytestmark = pytest.mark.django_db


def _section(page, anchor, following):
    start = page.index(f'id="{anchor}"')
    return page[start : page.index(f'id="{following}"', start)]


def _answered(w, count, text="Waarop rust dit bedrag?"):
    for i in range(count):
        asker = w.council_zuid if i % 2 else w.council_noord
        q = services.ask_question(
            report=w.published, user=asker, passage=w.entry_passage, text=f"{text} ({i})"
        )
        services.save_draft(question=q, user=w.coordinator, text=f"Antwoord **{i}**.", version=0)
        services.release(question=q, user=w.coordinator)


def test_with_asides_puts_html_after_the_passage_heading():
    html = '<section id="hoofdstuk-1"><h3 id="kop-1">1.1 Inkoop</h3><p>Tekst</p></section>'
    out = with_asides(html, {"hoofdstuk-1": "<aside>Q</aside>", "hoofdstuk-9": "<aside>X</aside>"})
    assert out == (
        '<section id="hoofdstuk-1"><h3 id="kop-1">1.1 Inkoop</h3><aside>Q</aside>'
        "<p>Tekst</p></section>"
    )


def test_every_council_reads_the_answer_beside_the_passage(
    published, client, django_capture_on_commit_callbacks
):
    w = published
    url = w.published.get_absolute_url()
    client.force_login(w.council_zuid)
    before = client.get(url).content.decode()
    assert "Vraag stellen over dit deel" in _section(before, "hoofdstuk-1", "hoofdstuk-2")
    with django_capture_on_commit_callbacks(execute=True):
        _answered(w, 1)
    # The cached page knows the answer came (the questions' generation is in its key).
    page = client.get(url).content.decode()
    chapter = _section(page, "hoofdstuk-1", "hoofdstuk-2")
    assert "Waarop rust dit bedrag? (0)" in chapter and "<strong>0</strong>" in chapter
    assert "Noorddorp" in chapter  # who asked: the council
    assert "Waarop rust" not in page[page.index('id="hoofdstuk-2"') :]


def test_a_note_shows_beside_the_passage_for_its_owner_only(
    published, client, django_capture_on_commit_callbacks
):
    w = published
    with django_capture_on_commit_callbacks(execute=True):
        services.save_note(
            report=w.published,
            user=w.council_noord,
            passage=w.entry_passage,
            text="Alleen voor mij",
        )
    url = w.published.get_absolute_url()
    client.force_login(w.council_noord)
    assert "Alleen voor mij" in client.get(url).content.decode()
    for user in (w.council_zuid, w.clerk_noord, w.coordinator):
        client.force_login(user)
        assert "Alleen voor mij" not in client.get(url).content.decode()


def _count(client, url):
    cache.clear()  # rendered, not from the page cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["reports:detail", "reports:questions"])
def test_query_counts_stay_flat_as_questions_grow(published, client, name):
    w = published
    url = reverse(name, args=[w.published.pk])
    client.force_login(w.council_zuid)
    client.get(url)  # the first request after logging in does more (the session)
    _answered(w, 2)
    services.save_note(report=w.published, user=w.council_zuid, passage=w.entry_passage, text="n")
    few = _count(client, url)
    _answered(w, 20, text="Nog een vraag")
    many = _count(client, url)
    assert many == few, f"{name}: {few} queries with 2 questions, {many} with 22"
