import contextlib
import copy
import os
import shutil
import socket
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import urlsplit

import factory.random
import pytest
from django.core.files.storage import InMemoryStorage, storages
from django.db import transaction

from budget.models import AllocationKey, AllocationShare, BudgetCategory
from duoplus.core import pdf as pdf_module
from duoplus.core.models import Role
from programmes.models import Programme
from reports.review.rendering import pdf_storage

from . import factories as f
from . import fastpdf

IN_CI = os.environ.get("CI") == "true"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def pytest_collection_modifyitems(items):
    """The long files first, so that pytest-xdist (``--dist loadfile --no-loadscope-reorder``)
    hands them out before the short ones and no worker ends the run alone with a long one:
    the files marked long, then those with their own servers, then those driving a browser,
    then the rest, each in the order collected."""

    def weight(item):
        for rank, marker in enumerate(("long", "services", "browser")):
            if item.get_closest_marker(marker):
                return rank
        return 3

    # By file, so that a file's tests stay together (its module fixtures are built once).
    by_file: dict[str, int] = {}
    for item in items:
        name = item.nodeid.split("::")[0]
        by_file[name] = min(weight(item), by_file.get(name, 3))
    items.sort(key=lambda item: by_file[item.nodeid.split("::")[0]])


@contextlib.contextmanager
def _private_storage_rolled_back():
    in_memory = [
        s
        for s in {id(s): s for s in (storages["private"], pdf_storage())}.values()
        if isinstance(s, InMemoryStorage)
    ]
    saved = [copy.deepcopy(s._root) for s in in_memory]
    try:
        yield
    finally:
        for storage, root in zip(in_memory, saved, strict=True):
            storage._root = root


@pytest.fixture(autouse=True)
def _fresh_private_storage():
    """The private storage is rolled back with the database: an in-memory storage (the test
    settings) would otherwise keep the PDFs of a rolled-back test for the next one. Files of
    a module's world (``built_once``) stay for that module's tests."""
    with _private_storage_rolled_back():
        yield


@contextlib.contextmanager
def built_once(django_db_blocker, name):
    """Data for all the tests of one module, built once: in a transaction that each test's
    own transaction nests in (a savepoint, rolled back after the test), itself rolled back
    after the module, with the files it stored. On-commit jobs do not run inside it, as in
    any test; ``TestCase.captureOnCommitCallbacks(execute=True)`` runs them where needed."""
    with _private_storage_rolled_back(), django_db_blocker.unblock(), transaction.atomic():
        factory.random.reseed_random(name)
        try:
            yield
        finally:
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _same_data_every_run(request):
    """Generated names (Faker) are the same for a test at every run and on every xdist
    worker: a failure can be repeated, and no assertion depends on chance."""
    factory.random.reseed_random(request.node.nodeid)


@pytest.fixture(autouse=True)
def _pdf_renderer(request, monkeypatch):
    """WeasyPrint renders only in the tests about a PDF (marker ``pdf``); elsewhere the same
    HTML becomes a small valid PDF of its text (tests/fastpdf.py) in milliseconds, through
    the same storage, checksum and status path."""
    if not request.node.get_closest_marker("pdf"):
        monkeypatch.setattr(pdf_module, "html_to_pdf", fastpdf.html_to_pdf)


@pytest.fixture(autouse=True)
def _search_index(request, settings):
    """The index follows saves only in the tests about it (settings/test.py)."""
    if request.node.get_closest_marker("search_index"):
        settings.SEARCH_INDEX_ON_SAVE = True


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: cached pages and access answers are keyed on
    primary keys, which a database rolled back between tests may hand out again."""
    from django.core.cache import cache

    cache.clear()
    yield


def reachable(host, port, timeout=1.0):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def need(condition, reason):
    """Skip with ``reason`` when ``condition`` is false; under CI fail instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI needs this but it is missing: {reason}")
    pytest.skip(reason)


@pytest.fixture
def require_postgres(django_db_blocker):
    from django.db import connection

    need(
        connection.vendor == "postgresql",
        "needs PostgreSQL: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/duoplus",
    )


@pytest.fixture
def require_redis():
    parts = urlsplit(REDIS_URL)
    need(reachable(parts.hostname, parts.port or 6379), f"needs a Redis server at {REDIS_URL}")
    return REDIS_URL


@pytest.fixture
def require_chromium():
    need(shutil.which("chromium") is not None, "needs Debian's chromium (apt-get install chromium)")
    return "/usr/bin/chromium"


def _member(role, organisation, username, **extra):
    user = f.UserFactory(username=username, **extra)
    f.MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def world(db):
    """A small arrangement: one executing organisation, two municipalities, every role,
    and a concept report with two entries addressed to both councils."""
    return build_world()


def build_world():
    executing = f.ExecutingOrganisationFactory(name="Uitvoerder", slug="uitvoerder")
    noord = f.OrganisationFactory(name="Noorddorp", slug="noorddorp")
    zuid = f.OrganisationFactory(name="Zuidstad", slug="zuidstad")
    w = SimpleNamespace(executing=executing, noord=noord, zuid=zuid)
    w.coordinator = _member(Role.COORDINATOR, executing, "coord")
    w.editor = _member(Role.EDITOR, executing, "editor")
    w.other_editor = _member(Role.EDITOR, executing, "editor2")
    w.admin = _member(Role.ADMIN, executing, "fb")
    w.board_exec = _member(Role.BOARD, executing, "dbr-exec")
    w.board_noord = _member(Role.BOARD, noord, "dbr-noord")
    w.board_zuid = _member(Role.BOARD, zuid, "dbr-zuid")
    w.council_noord = _member(Role.COUNCIL, noord, "raad-noord")
    w.council_zuid = _member(Role.COUNCIL, zuid, "raad-zuid")
    w.clerk_noord = _member(Role.CLERK, noord, "griffie-noord")
    w.clerk_zuid = _member(Role.CLERK, zuid, "griffie-zuid")
    w.outsider = f.UserFactory(username="buitenstaander")
    w.p1 = f.ProgrammeFactory(organisation=executing, name="Inkoop", slug="inkoop", order=1)
    w.p2 = f.ProgrammeFactory(organisation=executing, name="Governance", slug="governance", order=2)
    f.GoalFactory(programme=w.p1, text="Eén inkooporganisatie")
    w.p1.editors.add(w.editor)
    w.p2.editors.add(w.other_editor)
    w.report = f.ReportFactory(organisation=executing, title="Eerste voortgangsrapportage 2022")
    w.report.recipients.set([noord, zuid])
    w.e1 = f.EntryFactory(report=w.report, programme=w.p1, progress="Tekst over inkoop.")
    w.e2 = f.EntryFactory(report=w.report, programme=w.p2, progress="Tekst over governance.")
    w.board = [w.board_exec, w.board_noord, w.board_zuid]
    return w


@pytest.fixture
def budget_world(world):
    """``world`` plus what the budget chapter needs: the two categories of seed 004, the
    programmes the sample file names, a default key (Noorddorp 60 %, Zuidstad 40 %) and a
    concept budget report for 2024 addressed to both municipalities."""
    return add_budget(world)


def add_budget(w):
    w.autonomous = BudgetCategory.objects.create(
        code="7.1.2", name="Autonome ontwikkelingen", order=1
    )
    w.policy = BudgetCategory.objects.create(code="7.1.3", name="Beleidskeuze", order=2)
    for order, (slug, name) in enumerate(
        [
            ("informatiehuishouding", "Informatiehuishouding"),
            ("inclusief-werkgeverschap", "Inclusief werkgeverschap"),
            ("informatisering-automatisering", "Informatisering & Automatisering"),
        ]
    ):
        Programme.objects.create(organisation=w.executing, slug=slug, name=name, order=order)
    w.key = AllocationKey.objects.create(
        name="Verdeelsleutel bedrijfsvoering", valid_from_year=2021, is_default=True
    )
    AllocationShare.objects.create(key=w.key, organisation=w.noord, percentage=Decimal("60"))
    AllocationShare.objects.create(key=w.key, organisation=w.zuid, percentage=Decimal("40"))
    w.budget_report = f.ReportFactory(
        organisation=w.executing, title="Begroting 2024", kind="budget", year=2024
    )
    w.budget_report.recipients.set([w.noord, w.zuid])
    return w
