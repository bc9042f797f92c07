"""How fast search is at scale, on PostgreSQL: the demo and ten times the demo data.

    .venv/bin/python bench/search.py [--factors 1 10] [--repeat 200]

For each factor it builds a fresh database (``seed_scale --factor N``, the same data as
bench/pages.py; the search index is built as the data is saved), then in-process runs each
query as each role ``--repeat`` times through the whole results page (Django's test
client: view, selectors, template) and prints p50, p99 and max in milliseconds, the hits,
and the database queries one request makes. Target (issue 21): p99 under 100 ms at 10×.

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, or BENCH_PG_URL). The databases are
duoplus_bench_search_f<N>; nothing else is touched.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import PYTHON, ROOT, env_for, manage, recreate_database  # noqa: E402

QUERIES = [
    "inkoop",  # common: many hits
    "inkoopfunctie",
    "coordinatie",  # unaccented
    '"sociaal domein"',  # a phrase
    "informatiehuishouding -archief",  # an exclusion
    "aanbesteding of inkoop",  # either
    "informatiehuishoudnig",  # a typing error: the trigram fallback
]
USERS = ["coordinator", "raad-diemen", "dbr-diemen"]


def measure(repeat):
    """In-process, on the bench database: prints one JSON line per (user, query)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from duoplus.core.middleware import SESSION_STARTED
    from reports.search.models import SearchDocument

    rows = SearchDocument.objects.count()
    # Demo accounts are refused with DEBUG off; in this throw-away database they are people.
    get_user_model().objects.filter(username__in=USERS).update(is_demo=False)
    for username in USERS:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        session = client.session
        session[SESSION_STARTED] = time.time() + 3600  # the bench may run long
        session.save()
        for query in QUERIES:
            client.get("/zoeken/", {"q": query}, secure=True, HTTP_HOST="127.0.0.1")  # warm
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                response = client.get("/zoeken/", {"q": query}, secure=True, HTTP_HOST="127.0.0.1")
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.status_code
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/zoeken/", {"q": query}, secure=True, HTTP_HOST="127.0.0.1")
            times.sort()
            print(
                json.dumps(
                    {
                        "user": username,
                        "query": query,
                        "rows": rows,
                        "hits": response.content.decode().count('class="hit"'),
                        "p50": times[len(times) // 2],
                        "p99": times[min(len(times) - 1, int(len(times) * 0.99))],
                        "max": times[-1],
                        "queries": len(queries),
                    }
                ),
                flush=True,
            )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.repeat)
        return
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for factor in args.factors:
            database = f"duoplus_bench_search_f{factor}"
            env = env_for(database, Path(tmp) / f"f{factor}")
            print(f"\n== factor {factor}: building {database} …", flush=True)
            recreate_database(database)
            manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
            manage(env, "migrate", "--noinput")
            manage(env, "collectstatic", "--noinput")
            manage(env, "seed_scale", "--factor", str(factor))
            out = subprocess.run(
                [PYTHON, __file__, "--measure", "--repeat", str(args.repeat)],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            results = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
            print(f"index rows: {results[0]['rows']}")
            print(
                f"{'wie':<12} {'zoekopdracht':<34} {'hits':>4} {'p50':>7} {'p99':>7} "
                f"{'max':>7} {'queries':>7}"
            )
            for r in results:
                print(
                    f"{r['user']:<12} {r['query']:<34} {r['hits']:>4} {r['p50']:>6.1f}ms "
                    f"{r['p99']:>6.1f}ms {r['max']:>6.1f}ms {r['queries']:>7}"
                )
            factor_worst = max(r["p99"] for r in results)
            print(f"worst p99 at factor {factor}: {factor_worst:.1f} ms")
            worst = max(worst, factor_worst) if factor >= 10 else worst
    if 10 in args.factors:
        print(
            f"\ntarget p99 < 100 ms at 10×: {'met' if worst < 100 else 'NOT met'} ({worst:.1f} ms)"
        )


if __name__ == "__main__":
    main()
