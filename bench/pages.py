"""How fast the key pages are at scale: gunicorn on PostgreSQL, loaded with wrk from loopback.

    make bench                    # or: .venv/bin/python bench/pages.py [--factors 1 10]

For each factor it builds a fresh PostgreSQL database (``seed_scale --factor N``: the demo
plus N-1 generated units of its size), starts the portal under gunicorn with the production
settings (plain HTTP on 127.0.0.1, bench/settings.py), and loads every key page as the role
that uses it with wrk. Per page it prints requests/s, p50 and p99 latency, the database
queries one request makes (counted in-process on the same data), and the throughput as a
share of two ceilings measured in the same run: a bare Django view returning a fixed
response, and a static file served by the same process (WhiteNoise).

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, or BENCH_PG_URL) and Debian's wrk.
Nothing of the portal's own data is touched: the databases are duoplus_bench_f<N>.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")

# (label, user, page, conditional): page names are resolved by --prepare.
PAGES = [
    ("Start (medewerker)", "medewerker", "home", False),
    ("Start (coördinator)", "coordinator", "home", False),
    ("Start (directeur)", "dbr-diemen", "home", False),
    ("Start (raadslid)", "raad-diemen", "home", False),
    ("Mijn werk (medewerker)", "medewerker", "my_work", False),
    ("Mijn werk (coördinator)", "coordinator", "my_work", False),
    ("Tekst bewerken", "medewerker", "entry_edit", False),
    ("Beoordelen (directeur)", "dbr-diemen", "review", False),
    ("Raad: rapportages", "raad-diemen", "council_list", False),
    ("Leesversie gepubliceerd", "raad-diemen", "reading", False),
    ("Leesversie, voorwaardelijk", "raad-diemen", "reading", True),
    ("Pdf downloaden", "raad-diemen", "pdf", False),
    ("Pdf, voorwaardelijk", "raad-diemen", "pdf", True),
]
USERS = sorted({user for _label, user, _page, _cond in PAGES})


def env_for(database, workdir):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"{PG_URL}/{database}",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "TWO_FACTOR_REQUIRED_ROLES": "",
        "CELERY_BROKER_URL": "memory://",
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "STATIC_ROOT": str(workdir / "static"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
    }


def recreate_database(name):
    import psycopg2

    connection = psycopg2.connect(f"{PG_URL}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def prepare():
    """In-process, on the bench database: a session per user, the URL of each page, its
    ETag or Last-Modified, and the queries one (warm) request makes. Prints JSON."""
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.db import connection
    from django.templatetags.static import static
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from duoplus.core.middleware import SESSION_STARTED
    from reports.core.models import Report, ReportStatus
    from reports.writing.models import ProgressEntry

    store = import_module(settings.SESSION_ENGINE).SessionStore
    # Demo accounts are refused with DEBUG off (production settings); in this throw-away
    # database they stand for real people.
    get_user_model().objects.filter(username__in=USERS).update(is_demo=False)
    sessions = {}
    for username in USERS:
        user = get_user_model().objects.get(username=username)
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[SESSION_STARTED] = time.time() + 3600  # the bench may run long
        session.create()
        sessions[username] = session.session_key

    published = Report.objects.get(title="Eerste voortgangsrapportage 2021")
    concept = Report.objects.get(title="Eerste voortgangsrapportage 2022")
    submitted = Report.objects.get(status=ReportStatus.SUBMITTED)
    entry = (
        ProgressEntry.objects.filter(report=concept, programme__editors__username="medewerker")
        .order_by("pk")
        .first()
    )
    urls = {
        "home": reverse("home"),
        "my_work": reverse("my_work"),
        "entry_edit": entry.get_absolute_url(),
        "review": submitted.get_absolute_url(),
        "council_list": reverse("council_list"),
        "reading": published.get_absolute_url(),
        "pdf": reverse("reports:pdf_download", args=[published.pk, "diemen"]),
    }
    pages = []
    for label, username, page, conditional in PAGES:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[username]
        client.get(urls["home"])  # as a browser: the CSRF cookie comes with the first page
        first = client.get(urls[page])
        assert first.status_code == 200, (label, first.status_code)
        headers = {}
        if conditional:
            if first.has_header("ETag"):
                headers["If-None-Match"] = first["ETag"]
            if first.has_header("Last-Modified"):
                headers["If-Modified-Since"] = first["Last-Modified"]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(urls[page], headers=headers)
        expected = 304 if conditional and headers else 200
        pages.append(
            {
                "label": label,
                "url": urls[page],
                "cookie": "; ".join(f"{k}={v.value}" for k, v in client.cookies.items()),
                "headers": headers,
                "status": response.status_code,
                "expected": expected,
                "queries": len(queries),
            }
        )
    print(
        json.dumps(
            {
                "pages": pages,
                "static_url": static("css/site.css"),
                "counts": {
                    "reports": Report.objects.count(),
                    "entries": ProgressEntry.objects.count(),
                },
            }
        )
    )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env, port, workers):
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "duoplus.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, *, headers=(), seconds, connections):
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(match.group(1)) * UNITS[match.group(2)]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency(50),
        "p99": latency(99),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def run_factor(factor, args, workdir):
    database = f"duoplus_bench_f{factor}"
    env = env_for(database, workdir / f"f{factor}")
    print(f"\n== factor {factor}: building {database} …", flush=True)
    recreate_database(database)
    # The cache outlives the database: cached users and pages of the previous build go.
    manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")  # the PDF templates use the manifest
    manage(env, "seed_scale", "--factor", str(factor))
    prepared = json.loads(
        subprocess.run(
            [PYTHON, __file__, "--prepare"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
    )
    port = free_port()
    server = start_gunicorn(env, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    rows = []
    try:

        def load(url, headers=()):
            wrk(url, headers=headers, seconds=1, connections=args.connections)  # warm-up
            return wrk(url, headers=headers, seconds=args.seconds, connections=args.connections)

        bare = load(base + "/bench/bare/")
        static = load(base + prepared["static_url"])
        for page in prepared["pages"]:
            headers = [f"Cookie: {page['cookie']}"] + [
                f"{name}: {value}" for name, value in page["headers"].items()
            ]
            result = load(base + page["url"], headers)
            rows.append({**page, **result})
    finally:
        stop(server)
    return {"factor": factor, "bare": bare, "static": static, "rows": rows, **prepared}


def print_table(result, target_p99):
    bare, static = result["bare"], result["static"]
    counts = result["counts"]
    print(f"\nFactor {result['factor']} ({counts['reports']} reports, {counts['entries']} entries)")
    header = f"{'page':<28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'queries':>8} {'× bare':>7}"
    print(header)
    print("-" * len(header))
    for name, row in (("bare Django view (ceiling)", bare), ("static file (WhiteNoise)", static)):
        print(
            f"{name:<28} {row['rps']:>8.0f} {row['p50']:>8.1f} {row['p99']:>8.1f} {'-':>8} "
            f"{row['rps'] / bare['rps']:>7.2f}"
        )
    for row in result["rows"]:
        flags = []
        if row["p99"] >= target_p99:
            flags.append(f"p99 ≥ {target_p99:.0f} ms")
        if row["errors"]:
            flags.append(f"{row['errors']} errors")
        if row["status"] != row["expected"]:
            flags.append(f"status {row['status']}")
        print(
            f"{row['label']:<28} {row['rps']:>8.0f} {row['p50']:>8.1f} {row['p99']:>8.1f} "
            f"{row['queries']:>8} {row['rps'] / bare['rps']:>7.2f}"
            + (f"  ← {', '.join(flags)}" if flags else "")
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--seconds", type=int, default=5)
    # As many connections as workers: the server busy all the time, nothing queued in front
    # of it (with more, latency measures the queue; try --connections 8).
    parser.add_argument("--connections", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2))
    parser.add_argument("--target-p99", type=float, default=100.0)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare()
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (make bench installs it)")
    print(
        f"gunicorn: {args.workers} sync workers · wrk: {min(2, args.connections)} threads, "
        f"{args.connections} "
        f"connections, {args.seconds} s per page after 1 s warm-up · cores: {os.cpu_count()}"
    )
    with tempfile.TemporaryDirectory(prefix="duoplus-bench-") as tmp:
        results = [run_factor(f, args, Path(tmp)) for f in args.factors]
    for result in results:
        print_table(result, args.target_p99)
    if len(results) > 1:
        first, last = results[0], results[-1]
        grown = [
            f"{a['label']}: {a['queries']} → {b['queries']}"
            for a, b in zip(first["rows"], last["rows"], strict=True)
            if b["queries"] > a["queries"]
        ]
        print(
            "\nQueries per request, factor "
            f"{first['factor']} → {last['factor']}: "
            + ("the same for every page" if not grown else "grew: " + "; ".join(grown))
        )


if __name__ == "__main__":
    main()
