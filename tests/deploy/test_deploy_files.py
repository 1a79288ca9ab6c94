"""The deploy/ folder: the compose file, the container build, the systemd units and the
settings example say what docs/operators.md says, and stay in step with settings.py."""

from __future__ import annotations

import configparser
import importlib
import json
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"
APP_SERVICES = ("migrate", "web", "worker", "periodic")


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keep the keys' case
    parser.read_string((SYSTEMD / name).read_text().replace("\\\n", " "))
    return parser


@pytest.fixture(scope="module")
def compose() -> dict:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_file_runs_postgres_migrate_web_workers_and_periodic(compose):
    services = compose["services"]

    assert set(services) == {"db", *APP_SERVICES}
    assert services["db"]["image"].startswith("docker.io/library/postgres:")
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "migrate" in " ".join(services["migrate"]["command"])
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "periodic"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert "db_worker" in services["worker"]["command"]
    assert services["worker"]["deploy"]["replicas"] >= 2
    assert "run_periodic" in " ".join(services["periodic"]["command"])


def test_compose_services_share_one_image_and_no_password_is_written_in(compose):
    services = compose["services"]

    for name in APP_SERVICES:
        assert services[name]["build"]["dockerfile"] == "deploy/Containerfile"
        assert services[name]["image"] == services["web"]["image"]
        assert services[name]["environment"]["DATABASE_URL"].startswith(
            "postgres://whitecoat:${POSTGRES_PASSWORD:?"
        )
        assert services[name]["env_file"] == [{"path": "whitecoat.env", "required": True}]
    assert services["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")


def test_container_build_installs_the_hashed_lock_and_runs_as_a_user():
    text = (DEPLOY / "Containerfile").read_text()
    instructions = [
        line.split(maxsplit=1)
        for line in text.replace("\\\n", " ").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    keywords = [words[0] for words in instructions]

    assert "pip install --require-hashes --no-deps -r requirements.lock" in text
    assert "collectstatic --no-input" in text
    user = [words[1].strip() for words in instructions if words[0] == "USER"]
    assert user and user[-1] not in {"root", "0"}
    assert keywords.index("USER") < keywords.index("CMD")
    cmd = json.loads(next(words[1] for words in instructions if words[0] == "CMD"))
    assert cmd[0] == "granian" and "wsgi" in cmd and cmd[-1] == "whitecoat.wsgi:application"
    for words in instructions:
        if words[0] == "COPY":
            for source in words[1].split()[:-1]:
                assert (ROOT / source).exists(), f"COPY {source}: not in the repository"


def test_systemd_units_run_granian_workers_and_the_periodic_timer():
    web = unit("whitecoat-web.service")["Service"]
    worker = unit("whitecoat-worker@.service")["Service"]
    periodic = unit("whitecoat-periodic.service")["Service"]
    timer = unit("whitecoat-periodic.timer")["Timer"]
    target = unit("whitecoat.target")["Unit"]

    assert "granian --interface wsgi" in web["ExecStart"]
    assert web["ExecStart"].rstrip().endswith("whitecoat.wsgi:application")
    assert "--workers 2" in web["ExecStart"]
    assert "db_worker --no-reload" in worker["ExecStart"]
    assert "%i" in worker["ExecStart"]
    assert periodic["ExecStart"].endswith("manage.py run_periodic")
    assert periodic["Type"] == "oneshot"
    assert timer["OnUnitActiveSec"] == "10min"
    assert "whitecoat-worker@2.service" in target["Wants"]
    for name in ("web", "worker@", "periodic", "migrate"):
        service = unit(f"whitecoat-{name}.service")["Service"]
        assert service["EnvironmentFile"] == "/etc/whitecoat/whitecoat.env"
        assert service["User"] == "whitecoat"


def _settings_read_from_environment() -> set[str]:
    source = (ROOT / "src" / "whitecoat" / "settings.py").read_text()
    return set(re.findall(r"env_(?:str|bool|int|list)\(\s*\"([A-Z][A-Z0-9_]*)\"", source))


def test_settings_example_documents_every_setting():
    example = (DEPLOY / "whitecoat.env.example").read_text()
    documented = set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", example, flags=re.MULTILINE))
    read = _settings_read_from_environment()

    assert read, "no env_* calls found in settings.py"
    assert sorted(read - documented) == [], "settings.py reads these; document them"
    assert sorted(documented - read - {"GRANIAN_LOG_CONFIG"}) == [], "no longer read"


def test_granian_log_config_uses_the_json_formatter():
    config = json.loads((DEPLOY / "granian-logging.json").read_text())
    module, _, name = config["formatters"]["json"]["()"].rpartition(".")

    assert issubclass(getattr(importlib.import_module(module), name), logging.Formatter)
    assert (module, name) == ("whitecoat.core.logs", "JsonFormatter")
    assert config["loggers"]["_granian"]["handlers"] == ["console"]


def test_systemd_analyze_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (the units are checked when it is)")
    # The units name /srv/whitecoat; point them at this checkout's interpreter and granian.
    app = tmp_path / "srv"
    (app / ".venv" / "bin").mkdir(parents=True)
    for tool in ("python", "granian"):
        (app / ".venv" / "bin" / tool).symlink_to(Path(sys.executable).parent / tool)
    units = tmp_path / "units"
    units.mkdir()
    for path in SYSTEMD.iterdir():
        (units / path.name).write_text(path.read_text().replace("/srv/whitecoat", str(app)))
    names = [
        "whitecoat-web.service",
        "whitecoat-worker@1.service",
        "whitecoat-periodic.service",
        "whitecoat-periodic.timer",
        "whitecoat-migrate.service",
        "whitecoat.target",
    ]

    result = subprocess.run(
        [analyze, "verify", "--man=no", *(f"./{name}" for name in names)],
        cwd=units,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
