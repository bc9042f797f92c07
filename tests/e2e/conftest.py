"""Shared by the end-to-end tests: Debian's Chromium through Playwright, logging in, and the
environment for processes (server, worker) that run against the test database."""

import os
import sys
import uuid

import pytest
from django.db import connection, connections

PASSWORD = "geheim-wachtwoord-123"  # tests/factories.py


@pytest.fixture
def browser(require_chromium, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM is used from the
    # live server's thread and from the test itself, never concurrently with that loop.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=require_chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
        # ORM calls made while Playwright's loop runs get their own (context-local)
        # connections; close them here or they outlive the test database.
        connections.close_all()


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Welkom')")


@pytest.fixture
def services_env(require_postgres, require_redis, transactional_db, tmp_path):
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "duoplus.settings.dev",
        "DEBUG": "true",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CELERY_BROKER_URL": require_redis,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": f"e2e-{uuid.uuid4().hex[:8]}",
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "PYTHONUNBUFFERED": "1",
    }
    return env


def worker_command(env):
    """A Celery worker with one process on the test's own queue."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "duoplus",
        "worker",
        "--loglevel=INFO",
        "--concurrency=1",
        "-Q",
        env["CELERY_TASK_DEFAULT_QUEUE"],
        "--without-gossip",
        "--without-mingle",
    ]
