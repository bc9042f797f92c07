"""200 council members open and download the same published report within a minute.

    .venv/bin/python bench/load.py [--members 200] [--concurrency 16]

Starts a stack of its own (tests/e2e/stack.py: PostgreSQL and Redis on free ports, gunicorn
with the production settings and a worker), makes ``--members`` council members spread over
the three councils, each with a real session (as a login makes it, in the database and its
cache), and lets them all, at once as far as ``--concurrency`` allows: open the council's
list, open the report and download their council's PDF. Prints the errors (must be 0), the
wall time and p50/p90/p99 per kind of request. Only 127.0.0.1 is addressed; the run stops
by itself. The fault suite runs the same (tests/e2e/test_faults.py).
"""

import argparse
import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAKE_MEMBERS = """
import json, time
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from duoplus.core.models import Membership, Organisation, Role, User
from duoplus.core.middleware import SESSION_STARTED
from reports.core.models import Report
store = import_module(settings.SESSION_ENGINE).SessionStore
report = Report.objects.get(title="Eerste voortgangsrapportage 2021")
councils = list(report.recipients.order_by("order"))
out = []
for n in range({members}):
    council = councils[n % len(councils)]
    user, _ = User.objects.get_or_create(username=f"raadslid-{{n}}", defaults={{
        "first_name": "Raadslid", "last_name": str(n), "email": f"raadslid-{{n}}@example.org"}})
    Membership.objects.get_or_create(user=user, organisation=council, role=Role.COUNCIL)
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "duoplus.core.auth.DemoAwareModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_STARTED] = time.time()
    session.create()
    out.append([session.session_key, council.slug])
print(json.dumps({{"report": report.pk, "members": out}}))
"""


def make_members(stack, members):
    output = stack.manage("shell", "-c", MAKE_MEMBERS.format(members=members))
    return json.loads(output.strip().splitlines()[-1])


def run(stack, *, members=200, concurrency=16):
    """The load on a running stack; returns the figures (and prints them)."""
    from tests.e2e.stack import Client

    made = make_members(stack, members)
    report = made["report"]
    base = f"http://127.0.0.1:{stack.web_port}"

    def member(session_key, council):
        client = Client(base)
        client.cookies["sessionid"] = session_key
        timings = []
        for kind, path in (
            ("lijst", "/raad/"),
            ("rapportage", f"/rapportages/{report}/"),
            ("pdf", f"/rapportages/{report}/pdf/{council}/"),
        ):
            start = time.perf_counter()
            status, content, _ = client.request(path)
            ok = status == 200 and (kind != "pdf" or content.startswith(b"%PDF"))
            timings.append((kind, time.perf_counter() - start, ok, status))
        return timings

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = [t for ts in pool.map(lambda m: member(*m), made["members"]) for t in ts]
    wall = time.perf_counter() - start
    errors = [(kind, status) for kind, _s, ok, status in results if not ok]
    figures = {"members": members, "requests": len(results), "errors": len(errors), "wall": wall}
    print(
        f"\n[belasting] {members} raadsleden, {len(results)} verzoeken in {wall:.1f} s "
        f"(gelijktijdig {concurrency}), fouten: {len(errors)}"
    )
    for kind in ("lijst", "rapportage", "pdf"):
        seconds = sorted(s for k, s, _ok, _st in results if k == kind)
        cuts = statistics.quantiles(seconds, n=100)
        figures[kind] = {"p50": cuts[49], "p90": cuts[89], "p99": cuts[98]}
        print(
            f"[belasting]   {kind:<11} p50 {cuts[49] * 1000:6.0f} ms   p90 {cuts[89] * 1000:6.0f} "
            f"ms   p99 {cuts[98] * 1000:6.0f} ms"
        )
    figures["error_list"] = errors[:10]
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    from tests.e2e.stack import start_stack

    stack = start_stack()
    try:
        run(stack, members=args.members, concurrency=args.concurrency)
    finally:
        stack.close()


if __name__ == "__main__":
    main()
