"""The site run as a service: gunicorn processes with production settings, a
PostgreSQL cluster of the tests' own, and a plain HTTP client that keeps cookies.

Every process started here is stopped when its fixture ends, the test passed or not;
gunicorn's output goes to the test's captured output.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http import client as http_client
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
HOST = "127.0.0.1"
START_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_environment(
    *, database_url: str, redis_url: str, static_root: Path
) -> dict[str, str]:
    """Production settings, as a deployment sets them, on plain HTTP."""
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "solidarity.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "service-tests-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # No TLS here: cookies marked Secure would never come back over plain HTTP.
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "MAP_TILES_URL": "",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> Path:
    """Static files collected once, as a deployment does (debug off needs them)."""
    folder = tmp_path_factory.mktemp("static")
    # No database is read: an in-memory one will do.
    env = server_environment(database_url="sqlite://", redis_url="", static_root=folder)
    manage(env, "collectstatic", "--noinput", "--verbosity=0")
    return folder


@pytest.fixture(scope="module")
def shared_cache(redis_url):
    """Database 1 of the tests' Redis server, empty: the servers' shared cache, apart
    from database 0, which in-process tests use."""
    url = redis_url.rsplit("/", 1)[0] + "/1"
    cache = redis.Redis.from_url(url)
    cache.flushdb()
    yield url
    cache.flushdb()
    cache.close()


class Server:
    """One gunicorn, set up by the project's gunicorn.conf.py and the environment."""

    def __init__(self, env: dict[str, str], *, workers: int = 1):
        self.port = free_port()
        self.process = subprocess.Popen(
            [GUNICORN, "solidarity.wsgi"],
            cwd=ROOT,
            env=env
            | {
                "GUNICORN_BIND": f"{HOST}:{self.port}",
                "GUNICORN_WORKERS": str(workers),
            },
        )

    def __repr__(self) -> str:
        return f"<gunicorn on port {self.port}>"

    def wait_until_live(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn stopped with code {self.process.returncode}")
            try:
                if Browser().get(self, "/healthz").status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"gunicorn did not answer /healthz within {START_SECONDS} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def start_servers():
    """start_servers(env, count, workers=1): gunicorns answering /healthz, stopped
    when the module's tests end."""
    started: list[Server] = []

    def start(env: dict[str, str], count: int, *, workers: int = 1) -> list[Server]:
        servers = [Server(env, workers=workers) for _ in range(count)]
        started.extend(servers)
        for server in servers:
            server.wait_until_live()
        return servers

    try:
        yield start
    finally:
        for server in started:
            server.stop()


@dataclass
class Page:
    status: int
    headers: http_client.HTTPMessage = field(repr=False)
    text: str = field(repr=False)

    def json(self):
        return json.loads(self.text)


class Browser:
    """A reader or editor: one cookie jar for every server on the host, as a browser
    keeps cookies by host whatever the port (behind a load balancer, one address)."""

    def __init__(self, cookies: dict[str, str] | None = None):
        self.cookies = dict(cookies or {})

    def get(self, server: Server, path: str) -> Page:
        return self._send(server, "GET", path)

    def post(self, server: Server, path: str, fields: dict) -> Page:
        return self._send(
            server,
            "POST",
            path,
            body=urlencode(fields, doseq=True),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def _send(self, server, method, path, body=None, headers=None) -> Page:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http_client.HTTPConnection(HOST, server.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie", []):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Page(response.status, response.headers, text)


_FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def form_token(page: Page) -> str:
    """The CSRF token of the form on `page`."""
    found = _FORM_TOKEN.search(page.text)
    assert found, f"no CSRF token in the page (status {page.status})"
    return found[1]


def log_in(browser: Browser, server: Server, username: str, password: str) -> None:
    """Log in through the admin's login form, as an editor does."""
    form = browser.get(server, "/admin/login/?next=/admin/")
    page = browser.post(
        server,
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": form_token(form),
            "username": username,
            "password": password,
            "next": "/admin/",
        },
    )
    assert page.status == 302, f"login refused (status {page.status})"
    assert "sessionid" in browser.cookies


def postgres_programs() -> Path | None:
    """The folder of the newest PostgreSQL's initdb and pg_ctl, if installed."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


class Cluster:
    """A throwaway PostgreSQL cluster on a free port of 127.0.0.1, as .ci/run starts
    one: PostgreSQL refuses to run as root, so root runs it as the postgres user."""

    def __init__(self, programs: Path, folder: Path):
        self.programs = programs
        self.data = folder / "data"
        self.folder = folder
        self.port = free_port()
        self.url = f"postgres://postgres@{HOST}:{self.port}/postgres"

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        command = [str(self.programs / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=check, stdout=subprocess.DEVNULL)

    def create(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses={HOST} -c fsync=off"
        )
        log = str(self.folder / "log")
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start"
        )

    def stop(self, mode: str = "fast", *, check: bool = True) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=check)


@pytest.fixture(scope="module")
def postgres_cluster():
    """A PostgreSQL server of the module's own, started; stopped and deleted after."""
    programs = postgres_programs()
    if programs is None:
        pytest.skip("initdb is not installed (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="service-postgres-"))
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        cluster = Cluster(programs, folder)
        cluster.create()
        cluster.start()
        try:
            yield cluster
        finally:
            # Stopped already if the test failed during the outage: nothing to do.
            cluster.stop("immediate", check=False)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
