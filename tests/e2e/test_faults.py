"""Faults injected into the production setup, on servers of this test's own.

A PostgreSQL cluster and a Redis of its own on free ports (never the machine's shared ones),
gunicorn with the production settings, and a Celery worker with beat (short sweep
intervals). Then: PostgreSQL stopped during rendering and started again; Redis restarted
during rendering (it keeps nothing on disk); Redis stopped while logged-in people request
pages; PostgreSQL stopped while they do. After each: no 500, /health/ honest, and every
council PDF ready, with the checksum an undisturbed rendering of the same frozen content
gives, without anybody doing anything.
The figures (faults, jobs lost, seconds to recover) are printed.
"""

import hashlib
import json
import shutil
import time

import pytest

from tests.conftest import need
from tests.e2e.stack import Client, pg_tool, start_stack

pytestmark = [pytest.mark.services, pytest.mark.long]
RECOVER_SECONDS = 150
EXPECTED = """
import json
from duoplus.core import pdf
from reports.review.rendering import PDF_TEMPLATE
from reports.review.selectors import report_document
from reports.core.models import Report
report = Report.objects.get(pk={report})
print(json.dumps({{
    council.slug: pdf.sha256(pdf.render_pdf(
        PDF_TEMPLATE, report_document(report=report, council=council, in_pdf=True))[1])
    for council in report.recipients.all()
}}))
"""


@pytest.fixture(scope="module")
def stack():
    need(
        pg_tool("initdb") and pg_tool("pg_ctl") and shutil.which("psql"),
        "needs PostgreSQL's server programs (initdb, pg_ctl)",
    )
    need(shutil.which("redis-server"), "needs redis-server")
    stack = start_stack()
    yield stack
    stack.close()
    shutil.rmtree(stack.tmp, ignore_errors=True)


def _report_id(stack, title):
    (row,) = stack.sql(f"select id from writing_report where title = '{title}'")
    return int(row[0])


def _submit(stack, report_id):
    coordinator = Client(f"http://127.0.0.1:{stack.web_port}")
    coordinator.login("coordinator")
    page = f"/rapportages/{report_id}/"
    status, content, _ = coordinator.post(
        page, f"{page}indienen/", {"bevestigd": "1", "akkoord": "1"}
    )
    assert status == 200 and b"ingediend bij het directieberaad" in content, content[:500]


def _all_ready(stack, report_id, started, fault):
    """Wait until every council PDF of the report is ready with a file whose SHA-256 is its
    row's; print the time it took since ``started``."""
    deadline = time.monotonic() + RECOVER_SECONDS
    while True:
        rows = stack.sql(
            "select p.status, p.file, p.sha256 from review_reportpdf p join writing_report r "
            f"on r.id = p.report_id where r.id = {report_id} and p.submission = r.submission"
        )
        if len(rows) == 3 and all(r[0] == "ready" for r in rows):
            break
        assert time.monotonic() < deadline, (
            f"{fault}: not ready after {RECOVER_SECONDS} s: {rows}\n{stack.log('worker')}"
        )
        time.sleep(1)
    seconds = time.monotonic() - started
    for _status, name, sha in rows:
        data = (stack.tmp / "private" / name).read_bytes()
        assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == sha
    # The checksum it would have had: the same frozen content rendered again, undisturbed.
    output = stack.manage("shell", "-c", EXPECTED.format(report=report_id))
    expected = json.loads(output.strip().splitlines()[-1])
    assert sorted(r[2] for r in rows) == sorted(expected.values()), (rows, expected)
    log = stack.log("worker", tail=10**8)
    print(
        f"\n[storing] {fault}: 3 van 3 pdf's klaar na {seconds:.0f} s, 0 taken kwijt "
        f"(tot nu toe {log.count('was stuck; queued again')} door de sweep opnieuw in de "
        f"wachtrij gezet, {log.count('Retry in')} keer opnieuw geprobeerd)"
    )
    return seconds


def _pages_without_500(stack, who, paths):
    client = Client(f"http://127.0.0.1:{stack.web_port}")
    client.cookies = who.cookies
    statuses = {path: client.request(path)[0] for path in paths}
    assert 500 not in statuses.values(), statuses
    return statuses


def _health(stack):
    status, content, _ = Client(f"http://127.0.0.1:{stack.web_port}").request("/health/")
    return status, json.loads(content)


def test_postgres_stopped_during_rendering(stack):
    report_id = _report_id(stack, "Eerste voortgangsrapportage 2022")
    reader = Client(f"http://127.0.0.1:{stack.web_port}")
    reader.login("raad-diemen")
    started = time.monotonic()
    _submit(stack, report_id)
    time.sleep(1)
    stack.stop_postgres()
    try:
        statuses = _pages_without_500(stack, reader, ["/", "/raad/", "/toegankelijkheid/"])
        assert statuses["/"] == 503
        status, body = _health(stack)
        assert status == 503 and body["database"] == "down"
        time.sleep(10)
    finally:
        stack.start_postgres()
    _all_ready(stack, report_id, started, "PostgreSQL 10 s weg tijdens het maken")
    assert _health(stack)[0] == 200


def test_redis_restarted_during_rendering(stack):
    report_id = _report_id(stack, "Begroting 2024 – begrotingswijzigingen")
    started = time.monotonic()
    _submit(stack, report_id)
    stack.stop_redis()  # keeps nothing on disk: queued and unacknowledged jobs are gone
    time.sleep(2)
    stack.start_redis()
    _all_ready(stack, report_id, started, "Redis herstart tijdens het maken")
    assert _health(stack)[0] == 200


def test_redis_stopped_while_people_read(stack):
    published = _report_id(stack, "Eerste voortgangsrapportage 2021")
    council = Client(f"http://127.0.0.1:{stack.web_port}")
    council.login("raad-diemen")
    coordinator = Client(f"http://127.0.0.1:{stack.web_port}")
    coordinator.login("coordinator")
    stack.stop_redis()
    try:
        paths = [
            "/",
            "/raad/",
            f"/rapportages/{published}/",
            "/accounts/login/",
            "/toegankelijkheid/",
        ]
        assert set(_pages_without_500(stack, council, paths).values()) == {200}
        assert set(_pages_without_500(stack, coordinator, ["/", "/mijn-werk/"]).values()) == {200}
        download = f"/rapportages/{published}/pdf/diemen/"
        status, content, _ = council.request(download)
        assert status == 200 and content.startswith(b"%PDF")
        status, body = _health(stack)
        assert status == 503 and body["cache"] == "down" and body["broker"] == "down"
        assert body["database"] == "ok"
    finally:
        stack.start_redis()
    deadline = time.monotonic() + 30
    while _health(stack)[0] != 200:
        assert time.monotonic() < deadline, _health(stack)
        time.sleep(1)
    print(
        "\n[storing] Redis weg terwijl mensen lezen: 0 keer 500, /health/ 503 met cache en broker"
    )


def test_postgres_stopped_while_people_read(stack):
    council = Client(f"http://127.0.0.1:{stack.web_port}")
    council.login("raad-diemen")
    stack.stop_postgres()
    try:
        statuses = _pages_without_500(stack, council, ["/", "/raad/", "/mijn-werk/"])
        assert set(statuses.values()) == {503}, statuses
        status, content, _ = council.request("/raad/")
        assert "even niet bereikbaar" in content.decode()
        status, body = _health(stack)
        assert status == 503 and body["database"] == "down"
        anonymous = Client(f"http://127.0.0.1:{stack.web_port}")
        assert anonymous.request("/health/")[0] == 503
    finally:
        stack.start_postgres()
    deadline = time.monotonic() + 30
    while _health(stack)[0] != 200:
        assert time.monotonic() < deadline, _health(stack)
        time.sleep(1)
    assert council.request("/raad/")[0] == 200
    print("\n[storing] PostgreSQL weg terwijl mensen lezen: 0 keer 500, Nederlandse 503")


def test_200_council_members_open_and_download_within_a_minute(stack):
    """The load bench (bench/load.py) on the same stack: 0 errors, figures printed."""
    from bench import load

    figures = load.run(stack, members=200, concurrency=16)
    assert figures["requests"] == 600
    assert figures["errors"] == 0, figures["error_list"]
