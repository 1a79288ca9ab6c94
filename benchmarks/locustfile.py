"""The load benchmark's users: log in once, then browse as their role would.

Run by benchmarks/bench_load.py in its own venv (benchmarks/.locust-venv); not imported by
WhiteCoat. LOAD_PLAN names a JSON file: {"password": …, "users": [[username, role], …],
"ambassador_ids": […], "chair_ambassador_ids": […], "own_ambassador_id": …}.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from pathlib import Path

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
_next_user = itertools.cycle(PLAN["users"])
_lock = threading.Lock()
_logged_in = 0
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WINDOWS = ("7d", "30d", "90d", "365d", "ytd")
GROUPS = ("ambassador", "account", "department", "platform")


# FastHttpUser (geventhttpclient) rather than HttpUser (requests): the load generator shares
# the machine's two cores with the server and PostgreSQL, and this one needs a fraction of
# the CPU per request, so the figures are the server's rather than the generator's.
class ProgramUser(FastHttpUser):
    # A person reading pages: one to three seconds between clicks.
    wait_time = between(1, 3)

    def on_start(self) -> None:
        with _lock:
            self.username, self.role = next(_next_user)
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text)
        with self.client.post(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                # Django's form reads `username`, allauth's reads `login`: send both.
                "username": self.username,
                "login": self.username,
                "password": PLAN["password"],
            },
            name="login",
            catch_response=True,
        ) as response:
            if "sessionid" not in {cookie.name for cookie in self.client.cookiejar}:
                response.failure(f"login as {self.username} failed ({response.status_code})")
        # Logging in (Argon2, on purpose slow) is not browsing: once every user is in, the
        # statistics start again, so the figures are those of the browsing alone.
        global _logged_in
        with _lock:
            _logged_in += 1
            if _logged_in == self.environment.runner.target_user_count:
                self.environment.runner.stats.reset_all()

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(4)
    def leaderboard(self) -> None:
        window = random.choice(WINDOWS)
        group = random.choice(GROUPS)
        page = random.randint(1, 3)
        self.client.get(
            f"/leaderboard/?window={window}&group={group}&page={page}",
            name="leaderboard",
        )

    @task(3)
    def ambassador_page(self) -> None:
        if self.role in ("program_admin", "leadership"):
            ambassador_id = random.choice(PLAN["ambassador_ids"])
        elif self.role == "nominator":
            ambassador_id = random.choice(PLAN["chair_ambassador_ids"])
        else:
            ambassador_id = PLAN["own_ambassador_id"]
        self.client.get(f"/ambassadors/{ambassador_id}/", name="ambassador page")

    @task(2)
    def report(self) -> None:
        # Reports are for admins and leadership; the others read the program dashboard's
        # public counterpart, their home page.
        if self.role in ("program_admin", "leadership"):
            self.client.get(PLAN["report_path"], name="report")
        else:
            self.client.get("/", name="home")
