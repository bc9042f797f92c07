"""Servers of a test's (or a bench's) own: a PostgreSQL cluster and a Redis on free ports
(never the machine's shared ones), gunicorn with the production settings and a Celery
worker with beat, and an HTTP client that keeps its own cookies. Used by the fault suite
(test_faults.py) and the load bench (bench/load.py)."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPRedirectHandler, Request, build_opener

from tests.e2e.test_chain import free_port

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "storing-wachtwoord-42"


def pg_tool(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(candidates[-1]) if candidates else None


def _as_postgres(command):
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 comes back as it is, with its cookies


_OPENER = build_opener(_NoRedirect)


class Client:
    """Keeps its own cookies (the production session cookie is Secure; this is plain HTTP
    on 127.0.0.1) and fills in the CSRF token."""

    def __init__(self, base):
        self.base, self.cookies = base, {}

    def request(self, path, data=None):
        body = urlencode(data).encode() if data is not None else None
        request = Request(self.base + path, data=body)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        request.add_header("X-Forwarded-Proto", "https")  # as behind the TLS proxy
        request.add_header("Referer", self.base.replace("http://", "https://") + path)
        try:
            with _OPENER.open(request, timeout=30) as response:
                status, content, headers = response.status, response.read(), response.headers
        except HTTPError as exc:
            status, content, headers = exc.code, exc.read(), exc.headers
        for header in headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        location = headers.get("Location")
        if status in (301, 302) and location and data is not None:
            return self.request(location)
        return status, content, headers

    def post(self, page, action, data):
        status, content, _ = self.request(page)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        assert token, (page, status)
        return self.request(action, {**data, "csrfmiddlewaretoken": token[1].decode()})

    def login(self, username):
        status, content, _ = self.post(
            "/accounts/login/", "/accounts/login/", {"username": username, "password": PASSWORD}
        )
        assert status == 200 and b"Welkom" in content, (
            username,
            status,
            re.findall(rb'<p class="[^"]*(?:error|message)[^"]*">[^<]*', content),
            re.findall(rb"<h1>[^<]*", content),
        )


class Stack:
    def __init__(self, tmp):
        self.tmp = tmp
        self.pg_port, self.redis_port, self.web_port = free_port(), free_port(), free_port()
        self.pg_data = tmp / "pg"
        self.processes = {}
        self.logs = {}
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "duoplus.settings.production",
            "SECRET_KEY": "storingen-test-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/duoplus",
            "CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/1",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_VISIBILITY_TIMEOUT": "30",
            "SECURE_SSL_REDIRECT": "false",
            "TWO_FACTOR_REQUIRED_ROLES": "",
            "STATIC_ROOT": str(tmp / "static"),
            "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp / "mail"),
            "SWEEP_SECONDS": "4",
            "PDF_STUCK_SECONDS": "15",
            "MAIL_RESEND_SECONDS": "10",
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("DATABASE_URL_TEST", None)

    # -- servers ----------------------------------------------------------------------------

    def start_postgres(self, first=False):
        if first:
            self.pg_data.mkdir()
            if os.geteuid() == 0:
                shutil.chown(self.pg_data, "postgres", "postgres")
            subprocess.run(
                _as_postgres(
                    [
                        pg_tool("initdb"),
                        "-D",
                        str(self.pg_data),
                        "-U",
                        "postgres",
                        "--auth=trust",
                        "-E",
                        "UTF8",
                        "--locale=C.UTF-8",
                    ]
                ),
                check=True,
                capture_output=True,
            )
        subprocess.run(
            _as_postgres(
                [
                    pg_tool("pg_ctl"),
                    "-D",
                    str(self.pg_data),
                    "-w",
                    "-t",
                    "30",
                    "-o",
                    f"-p {self.pg_port} -c listen_addresses=127.0.0.1 "
                    f"-c unix_socket_directories={self.pg_data}",
                    "-l",
                    str(self.pg_data / "server.log"),
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        if first:
            subprocess.run(
                _as_postgres(
                    [
                        pg_tool("createdb"),
                        "-h",
                        "127.0.0.1",
                        "-p",
                        str(self.pg_port),
                        "-U",
                        "postgres",
                        "duoplus",
                    ]
                ),
                check=True,
                capture_output=True,
            )

    def stop_postgres(self):
        subprocess.run(
            _as_postgres([pg_tool("pg_ctl"), "-D", str(self.pg_data), "-m", "fast", "-w", "stop"]),
            check=False,
            capture_output=True,
        )

    def start_redis(self):
        self._spawn(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
        )
        self._wait_port(self.redis_port)

    def stop_redis(self):
        self._stop("redis")

    def start_web(self):
        self._spawn(
            "web",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "duoplus.wsgi",
                "-b",
                f"127.0.0.1:{self.web_port}",
                "-w",
                "2",
                "--timeout",
                "30",
            ],
        )
        self._wait_port(self.web_port)

    def start_worker(self):
        self._spawn(
            "worker",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "duoplus",
                "worker",
                "-B",
                "--loglevel=INFO",
                "--concurrency=1",
                "-s",
                str(self.tmp / "beat-schedule"),
                "--without-gossip",
                "--without-mingle",
            ],
        )

    def manage(self, *args, timeout=300):
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def _spawn(self, name, command):
        log = self.logs.get(name) or open(self.tmp / f"{name}.log", "a")
        self.logs[name] = log
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )

    def _stop(self, name):
        process = self.processes.pop(name, None)
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _wait_port(self, port, seconds=60):
        import socket

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.2)
        raise AssertionError(f"nothing listens on {port}")

    def log(self, name, tail=3000):
        path = self.tmp / f"{name}.log"
        return path.read_text()[-tail:] if path.exists() else ""

    def close(self):
        for name in list(self.processes):
            self._stop(name)
        self.stop_postgres()
        for log in self.logs.values():
            log.close()

    # -- the portal's state, read straight from its database --------------------------------

    def sql(self, query):
        done = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.pg_port),
                "-U",
                "postgres",
                "-d",
                "duoplus",
                "-At",
                "-F",
                "|",
                "-c",
                query,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        return [line.split("|") for line in done.stdout.splitlines() if line]


def start_stack(tmp=None):
    """A stack with the demo data, real (non-demo) accounts with PASSWORD, the worker and
    gunicorn running. The caller closes it (``stack.close()``)."""
    tmp = tmp or Path(tempfile.mkdtemp(prefix="duoplus-stack-"))
    os.chmod(tmp, 0o755)  # the postgres user must reach its data folder
    stack = Stack(tmp)
    try:
        stack.start_postgres(first=True)
        stack.start_redis()
        stack.manage("migrate", "--noinput")
        stack.manage("collectstatic", "--noinput")
        stack.manage("seed_demo")
        stack.manage(
            "shell",
            "-c",
            (
                "from duoplus.core.models import User\n"
                "for u in User.objects.all():\n"
                f"    u.is_demo = False; u.set_password({PASSWORD!r}); u.save()\n"
            ),
        )
        stack.start_worker()
        stack.start_web()
    except BaseException:
        stack.close()
        raise
    return stack
