"""The whole chain on real services, through HTTP.

A Django server and a Celery worker run as separate processes against the test database on
PostgreSQL and a Redis broker. Demo accounts walk the chain: an editor writes, the
coordinator submits, the four board members approve, the coordinator publishes, the worker
renders the PDFs with WeasyPrint, and a council member downloads the one for Diemen.
"""

import hashlib
import io
import re
import socket
import subprocess
import sys
import time
import uuid
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest
from pypdf import PdfReader

from reports.core.models import Report, ReportStatus
from reports.review.models import ReportPDF
from reports.writing.models import ProgressEntry
from tests.e2e.conftest import worker_command

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.services


def stop(process, log):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HttpSession:
    """A cookie-keeping HTTP client that fills in Django's CSRF token."""

    def __init__(self, base):
        self.base = base
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))

    def request(self, path, data=None):
        body = urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(Request(self.base + path, data=body), timeout=30) as resp:
                return resp.status, resp.read(), resp.headers
        except HTTPError as exc:
            return exc.code, exc.read(), exc.headers

    def form_post(self, page_path, action_path, data):
        status, body, _ = self.request(page_path)
        assert status == 200, (page_path, status)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert match, f"no CSRF token on {page_path}"
        return self.request(action_path, {**data, "csrfmiddlewaretoken": match[1].decode()})

    def login(self, username):
        status, body, _ = self.form_post(
            "/accounts/login/",
            "/accounts/login/",
            {"username": username, "password": "duoplus-demo"},
        )
        assert status == 200 and b"Welkom" in body, f"login {username} failed"


@pytest.fixture
def worker(services_env, tmp_path):
    log = open(tmp_path / "worker.log", "w")
    process = subprocess.Popen(
        worker_command(services_env),
        cwd=ROOT,
        env=services_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield process
    stop(process, log)


@pytest.fixture
def server(services_env, worker, tmp_path):
    seeded = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=ROOT,
        env=services_env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    port = free_port()
    log = open(tmp_path / "server.log", "w")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=services_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        status, body, _ = (
            HttpSession(base).request("/health/") if _listening(port) else (0, b"", {})
        )
        if status == 200:
            assert b'"broker": "ok"' in body, body
            break
        assert process.poll() is None, (tmp_path / "server.log").read_text()[-3000:]
        assert time.monotonic() < deadline, "server did not come up"
        time.sleep(0.5)
    yield base
    stop(process, log)


def _listening(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_whole_chain_through_http_with_a_real_worker(server, tmp_path):
    report = Report.objects.get(title="Eerste voortgangsrapportage 2022")
    entry = ProgressEntry.objects.get(report=report, programme__slug="informatiehuishouding")
    edit = f"/rapportages/{report.pk}/teksten/{entry.pk}/bewerken/"
    detail = f"/rapportages/{report.pk}/"
    marker = f"Zaakgericht werken loopt volgens plan ({uuid.uuid4().hex[:6]})."

    editor = HttpSession(server)
    editor.login("medewerker")
    status, body, _ = editor.form_post(
        edit, edit, {"progress": marker, "status": "on_track", "version": entry.version}
    )
    assert status == 200 and b"De tekst is opgeslagen" in body

    coordinator = HttpSession(server)
    coordinator.login("coordinator")
    # The portal asks first and lists what is unfinished (the other entries of the demo).
    status, body, _ = coordinator.form_post(detail, f"{detail}indienen/", {})
    assert b"Indienen bij het directieberaad?" in body and b"Nog niet af" in body
    status, body, _ = coordinator.form_post(
        detail, f"{detail}indienen/", {"bevestigd": "1", "akkoord": "1"}
    )
    assert b"ingediend bij het directieberaad" in body

    # The worker renders the council PDFs of the submitted content; the board approves
    # those very files, so the coordinator's page follows them until all three are ready.
    deadline = time.monotonic() + 180
    while True:
        status, body, _ = coordinator.request(detail)
        if body.count(b"pdf-status-ready") == 3:
            break
        assert b"pdf-status-failed" not in body, (tmp_path / "worker.log").read_text()[-3000:]
        assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()[-3000:]
        time.sleep(1)
    checksums = dict(ReportPDF.objects.filter(report=report).values_list("council__slug", "sha256"))

    for username in ("dbr-duoplus", "dbr-diemen", "dbr-ouder-amstel", "dbr-uithoorn"):
        board = HttpSession(server)
        board.login(username)
        status, body, _ = board.form_post(detail, f"{detail}goedkeuren/", {"bevestigd": "1"})
        assert b"Uw goedkeuring is vastgelegd" in body, username
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED

    status, body, _ = coordinator.form_post(detail, f"{detail}publiceren/", {"bevestigd": "1"})
    assert b"De rapportage is gepubliceerd" in body

    # Publishing only releases the approved files: the council downloads at once.
    council = HttpSession(server)
    council.login("raad-diemen")
    download = f"/rapportages/{report.pk}/pdf/diemen/".encode()
    status, body, _ = council.request("/raad/")
    assert download in body and checksums["diemen"].encode() in body
    assert f"/rapportages/{report.pk}/pdf/uithoorn/".encode() not in body

    status, data, headers = council.request(download.decode())
    assert status == 200
    assert hashlib.sha256(data).hexdigest() == checksums["diemen"]
    assert headers["Content-Type"] == "application/pdf"
    assert "Eerste-voortgangsrapportage-2022-Diemen.pdf" in headers["Content-Disposition"]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    flat = " ".join(text.split())
    assert "Eerste voortgangsrapportage 2022" in flat
    assert marker in flat
    assert "Voor de gemeenteraad van Diemen" in flat
    assert "CONCEPT" not in flat
    # Another council's file stays out of reach, even by guessing the URL.
    assert council.request(f"/rapportages/{report.pk}/pdf/uithoorn/")[0] == 404
    # The worker, not the web process, rendered it.
    assert "render_document" in (tmp_path / "worker.log").read_text()
