"""Zoeken: the index follows every save, every role finds exactly what its pages show
(tempting data of every kind), the query syntax, the filters and the query count."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reports.consultation.models import Consultation, CouncilResponse, Reaction
from reports.questions import services as question_services
from reports.questions.models import Question
from reports.search import index, selectors
from reports.search.models import Kind, SearchDocument
from tests import factories as f
from tests.test_permission_matrix import ROLES, _user

pytestmark = pytest.mark.search_index

WORD = "lokwoord"


def found(user, query, **kwargs):
    return selectors.search(user=user, query=query, **kwargs).hits


def titles(user, query, **kwargs):
    return sorted(h.title for h in found(user, query, **kwargs))


def test_a_saved_entry_is_findable_once_committed(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world.e1.progress = "De inkoopfunctie van de gehele organisatie wordt doorgelicht."
        world.e1.save()
    hits = found(world.coordinator, "inkoopfunctie")
    assert [(h.title, h.kind) for h in hits] == [("1.1 Inkoop", Kind.ENTRY)]
    assert hits[0].url == f"{world.report.get_absolute_url()}#hoofdstuk-1"
    assert "<mark>" in hits[0].snippet and "inkoopfunctie" in hits[0].snippet.lower()
    # The goal (programme data) and the title are findable too.
    assert [h.kind for h in found(world.coordinator, "inkooporganisatie")] == [Kind.GOAL]
    assert Kind.REPORT in {h.kind for h in found(world.coordinator, "voortgangsrapportage")}


def test_a_rolled_back_save_leaves_the_index_as_it_was(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        index.reindex([world.report.pk])
    before = list(SearchDocument.objects.values_list("title", "body").order_by("pk"))
    world.e1.progress = "Nooit vastgelegd"
    world.e1.save()  # the test's transaction never commits: no rebuild
    assert list(SearchDocument.objects.values_list("title", "body").order_by("pk")) == before


def test_text_is_escaped_and_only_the_match_is_marked(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world.e1.progress = "Over <script>alert(1)</script> de aanbesteding."
        world.e1.save()
    (hit,) = found(world.coordinator, "aanbesteding")
    assert "<script>" not in hit.snippet
    assert "<mark>" in hit.snippet


def _tempt(w, callbacks):
    """The same word everywhere a reader could find it, in places each role must not."""
    with callbacks(execute=True):
        # A concept report for Noorddorp only.
        concept = f.ReportFactory(organisation=w.executing, title="Kaderbrief 2027")
        concept.recipients.set([w.noord])
        f.EntryFactory(report=concept, programme=w.p1, progress=f"{WORD} in concept")
        # A question of each council on the published report: Zuidstad's unanswered, and
        # Noorddorp's answered and released.
        zuid_q = question_services.ask_question(
            report=w.published,
            user=w.council_zuid,
            council=w.zuid,
            passage="letter",
            text=f"{WORD} vraag uit Zuidstad",
        )
        noord_q = question_services.ask_question(
            report=w.published,
            user=w.council_noord,
            council=w.noord,
            passage="letter",
            text="Een vraag uit Noorddorp",
        )
        question_services.save_draft(
            question=noord_q, user=w.coordinator, text=f"{WORD} antwoord", version=0
        )
        question_services.release(question=Question.objects.get(pk=noord_q.pk), user=w.coordinator)
        # Zienswijzen of both councils, Duo+'s reaction not yet approved.
        today = timezone.localdate()
        consultation = Consultation.objects.create(
            report=w.published,
            sent_on=today,
            sent_by=w.coordinator,
            term_end=today + datetime.timedelta(days=50),
            computed_term_end=today + datetime.timedelta(days=50),
        )
        for council, clerk in ((w.noord, w.clerk_noord), (w.zuid, w.clerk_zuid)):
            response = CouncilResponse.objects.create(
                consultation=consultation,
                council=council,
                kind="view",
                text=f"{WORD} zienswijze van {council.name}",
                recorded_by=clerk,
            )
            Reaction.objects.create(
                consultation=consultation,
                council=council,
                response=response,
                outcome="adopted",
                explanation=f"{WORD} reactie aan {council.name}",
                written_by=w.coordinator,
            )
    return concept, zuid_q, noord_q, consultation


@pytest.fixture
def tempting(published, django_capture_on_commit_callbacks):
    w = published
    w.concept, w.zuid_q, w.noord_q, w.consultation = _tempt(w, django_capture_on_commit_callbacks)
    return w


def test_search_never_shows_what_the_page_would_refuse(tempting, client):
    """Every role of the permission matrix (one world, built once): each hit's page opens
    for that role, and the results page lists the same."""
    w, wrong = tempting, []
    for role in ROLES:
        client.logout()
        user = _user(w, role)
        if user is None:  # anonymous: no search at all
            assert client.get(reverse("search"), {"q": WORD}).status_code == 302
            continue
        client.force_login(user)
        hits = found(user, WORD)
        for hit in hits:
            status = client.get(hit.url.split("#")[0]).status_code
            if status != 200:
                wrong.append(f"{role}: {hit.title} ({hit.url}) answers {status}")
        page = client.get(reverse("search"), {"q": WORD}).content.decode()
        wrong += [f"{role}: {h.url} not on the results page" for h in hits if h.url not in page]
    assert not wrong, "\n".join(wrong)


def test_each_role_finds_what_it_may(tempting):
    w = tempting
    kinds = lambda user: sorted(h.kind for h in found(user, WORD))  # noqa: E731
    # Internally: the concept, both questions, both zienswijzen and both reactions.
    assert kinds(w.coordinator) == sorted(
        [Kind.ENTRY, Kind.QUESTION, Kind.QUESTION] + [Kind.RESPONSE] * 2 + [Kind.REACTION] * 2
    )
    # Zuidstad's board works on the published report but not on Noorddorp's concept.
    assert kinds(w.board_zuid) == sorted(
        [Kind.QUESTION, Kind.QUESTION] + [Kind.RESPONSE] * 2 + [Kind.REACTION] * 2
    )
    # Noorddorp's council: the released answer and its own zienswijze, nothing else.
    assert sorted(h.title for h in found(w.council_noord, WORD)) == sorted(
        [
            "Vraag van Noorddorp over Raadsinformatiebrief",
            f"Zienswijze Noorddorp – {w.published.display_title}",
        ]
    )
    # Zuidstad's council: its own question, the released answer and its own zienswijze.
    assert sorted(h.kind for h in found(w.council_zuid, WORD)) == sorted(
        [Kind.QUESTION, Kind.QUESTION, Kind.RESPONSE]
    )
    assert found(w.outsider, WORD) == []
    # Once the reactions are approved every council reads every zienswijze and reaction.
    with_reactions = Consultation.objects.filter(pk=w.consultation.pk)
    with_reactions.update(reactions_approved_at=timezone.now())
    assert sorted(h.kind for h in found(w.council_noord, WORD)) == sorted(
        [Kind.QUESTION] + [Kind.RESPONSE] * 2 + [Kind.REACTION] * 2
    )


def test_a_council_member_reads_their_own_councils_variant(published):
    """Budget shares differ per council: a council member's rows are their variant's."""
    w = published
    variants = set(
        selectors.findable(user=w.council_noord)
        .filter(kind__in=[Kind.ENTRY, Kind.LETTER])
        .values_list("variant", flat=True)
    )
    assert variants == {"noorddorp"}
    assert set(selectors.findable(user=w.coordinator).values_list("variant", flat=True)) == {""}


def test_an_inactive_user_finds_nothing(published):
    w = published
    get_user_model().objects.filter(pk=w.coordinator.pk).update(is_active=False)
    w.coordinator.refresh_from_db()
    assert found(w.coordinator, "inkoop") == []


def test_filters_narrow_by_year_kind_programme_and_organisation(
    published, django_capture_on_commit_callbacks
):
    w = published
    assert {h.kind for h in found(w.coordinator, "inkoop", kind=Kind.GOAL)} == {Kind.GOAL}
    assert found(w.coordinator, "inkoop", year=1999) == []
    assert {h.title for h in found(w.coordinator, "tekst", programme=w.p2.pk)} == {"1.2 Governance"}
    assert found(w.coordinator, "inkoop", organisation=w.noord.pk)  # a recipient
    other = f.OrganisationFactory(name="Elders", slug="elders")
    assert found(w.coordinator, "inkoop", organisation=other.pk) == []


def test_sorting_by_date_puts_the_newest_first(published, django_capture_on_commit_callbacks):
    w = published
    with django_capture_on_commit_callbacks(execute=True):
        newer = f.ReportFactory(organisation=w.executing, title="Tweede voortgangsrapportage")
        newer.recipients.set([w.noord])
        f.EntryFactory(report=newer, programme=w.p1, progress="Tekst over inkoop, later.")
    hits = found(w.coordinator, "inkoop", sort=selectors.NEWEST, kind=Kind.ENTRY)
    assert [h.date for h in hits] == sorted((h.date for h in hits), reverse=True)


def test_the_results_page_keeps_the_query_and_explains_an_empty_result(published, client):
    client.force_login(published.coordinator)
    page = client.get(reverse("search"), {"q": "zzzqqqxxx"}).content.decode()
    assert 'value="zzzqqqxxx"' in page
    assert "Geen resultaten" in page
    page = client.get(reverse("search"), {"q": "inkoop", "jaar": "abc"}).content.decode()
    assert "Deze zoekopdracht kan niet worden uitgevoerd" in page
    assert 'value="inkoop"' in page
    assert client.get(reverse("search"), {"q": "x" * 5000}).status_code == 200


@pytest.mark.parametrize("reports", [1, 8])
def test_the_query_count_stays_flat(
    published, django_assert_max_num_queries, django_capture_on_commit_callbacks, client, reports
):
    w = published
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(reports):
            more = f.ReportFactory(organisation=w.executing, title=f"Rapportage {n}")
            more.recipients.set([w.noord, w.zuid])
            f.EntryFactory(report=more, programme=w.p1, progress=f"Inkoop deel {n}.")
    client.force_login(w.coordinator)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("search"), {"q": "inkoop"})
    assert page.status_code == 200
    assert page.content.decode().count('class="hit"') >= reports


# -- PostgreSQL: the Dutch configuration ---------------------------------------------------


@pytest.fixture
def seed_text(world, require_postgres, django_capture_on_commit_callbacks):
    """Sentences from the seed documents (the 2021 report)."""
    with django_capture_on_commit_callbacks(execute=True):
        world.e1.progress = (
            "De intentie is om dit jaar een inkoopadviseur/coördinator aan te stellen binnen "
            "de DUO-organisatie. De aanbestedingen voor de inkoopfunctie lopen."
        )
        world.e1.save()
        world.e2.progress = "Het programma Informatiehuishouding loopt op schema."
        world.e2.save()
    return world


def test_dutch_stemming_and_accents(seed_text):
    w = seed_text
    assert titles(w.coordinator, "coordinator") == ["1.1 Inkoop"]  # unaccent
    assert titles(w.coordinator, "coördinatoren") == ["1.1 Inkoop"]  # plural, accent
    assert titles(w.coordinator, "aanbesteding") == ["1.1 Inkoop"]  # stem of aanbestedingen
    assert titles(w.coordinator, "informatiehuishouding") == ["1.2 Governance"]


def test_websearch_syntax(seed_text):
    w = seed_text
    assert titles(w.coordinator, '"inkoopfunctie lopen"') == ["1.1 Inkoop"]
    assert titles(w.coordinator, '"lopen inkoopfunctie"') == []
    assert "1.2 Governance" in titles(w.coordinator, "schema")
    assert "1.2 Governance" not in titles(w.coordinator, "schema -informatiehuishouding")
    assert titles(w.coordinator, "aanbesteding of informatiehuishouding") == [
        "1.1 Inkoop",
        "1.2 Governance",
    ]


def test_titles_rank_above_body_text(seed_text):
    w = seed_text
    hits = found(w.coordinator, "governance")
    assert hits[0].title == "1.2 Governance"


def test_a_typing_error_finds_by_trigrams(seed_text):
    w = seed_text
    results = selectors.search(user=w.coordinator, query="informatiehuishoudnig")
    assert results.corrected == "informatiehuishoudnig"
    assert results.query == "informatiehuishouding"
    assert [h.title for h in results.hits] == ["1.2 Governance"]
    # A correction into a word only others may read (a concept) is not offered.
    theirs = selectors.search(user=w.council_noord, query="informatiehuishoudnig")
    assert (theirs.hits, theirs.query, theirs.corrected) == ([], "informatiehuishoudnig", "")


def test_the_index_uses_the_gin_index(seed_text):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM search_searchdocument WHERE vector @@ "
            "websearch_to_tsquery('duoplus_dutch', 'inkoop')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "search_vector_gin" in plan
