"""deploy/: the nginx site passes `nginx -t` and does what it says when it runs, the
systemd units start what the repository has, and the pieces agree with each other
(nginx's upstream is gunicorn's bind, the environment file lists the README's
variables)."""

import grp
import http.client
import os
import pwd
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from tests.test_gunicorn_config import print_config, setting
from tests.test_settings import run_python

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SITE = DEPLOY / "nginx" / "solidarity.conf"
WEB_UNIT = DEPLOY / "systemd" / "solidarity-web.service"
WORKER_UNIT = DEPLOY / "systemd" / "solidarity-worker.service"
ENV_EXAMPLE = DEPLOY / "env.example"

SERVER_NAME = "solidarity.example.org"
CERTIFICATE = f"/etc/letsencrypt/live/{SERVER_NAME}/fullchain.pem"
CERTIFICATE_KEY = f"/etc/letsencrypt/live/{SERVER_NAME}/privkey.pem"
LOG_FOLDER = "/var/log/nginx/"
HASHED_NAME = "app.3f2a1b9c8d7e.css"


# Reading the files


def without_comments(text: str) -> str:
    return re.sub(r"#[^\n]*", "", text)


def site_directive(name: str) -> list[str]:
    """Every value of one nginx directive in the site, comments left out."""
    return re.findall(rf"\b{name}\s+([^;{{}}]+);", without_comments(SITE.read_text()))


def unit(path: Path) -> dict[str, str]:
    """A systemd unit's keys; a key written twice keeps its last value, as systemd."""
    keys = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")):
            key, _, value = line.partition("=")
            keys[key.strip()] = value.strip()
    return keys


def env_example() -> dict[str, str]:
    """The variables set in env.example, quotes removed as systemd removes them."""
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value.strip('"')
    return values


def gunicorn_as_deployed() -> tuple[str, int]:
    """gunicorn's bind and timeout with the environment file's GUNICORN_* values."""
    gunicorn_env = {k: v for k, v in env_example().items() if k.startswith("GUNICORN_")}
    result = print_config(**gunicorn_env)
    assert result.returncode == 0, result.stderr
    bind = setting(result.stdout, "bind")
    return bind.strip("[]'"), int(setting(result.stdout, "timeout"))


def seconds(nginx_time: str) -> int:
    assert nginx_time.endswith("s"), nginx_time
    return int(nginx_time[:-1])


# nginx, for real


def nginx_binary() -> str:
    # Debian puts it in /usr/sbin, which is not on every user's PATH.
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if binary is None:
        pytest.skip("No nginx here (apt-get install nginx)")
    return binary


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    certificate, key = folder / "cert.pem", folder / "key.pem"
    if shutil.which("openssl") is None:
        pytest.skip("No openssl here to make a certificate (apt-get install openssl)")
    command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN={name}"
    subprocess.run(
        shlex.split(command.format(name=SERVER_NAME))
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return certificate, key


def site_with(replacements: dict[str, str]) -> str:
    """The site file with its machine-specific parts replaced; each must be there."""
    text = SITE.read_text()
    for old, new in replacements.items():
        assert old in text, f"{old!r} is no longer in {SITE.name}"
        text = text.replace(old, new)
    return text


def nginx_conf(folder: Path, site: str) -> Path:
    """A main configuration of our own, every file it writes inside `folder`."""
    (folder / "solidarity.conf").write_text(site)
    user = pwd.getpwuid(os.getuid()).pw_name
    group = grp.getgrgid(os.getgid()).gr_name
    temp_paths = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    mime_types = Path("/etc/nginx/mime.types")
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""
# Ignored, with a warning, unless nginx starts as root; then its workers can read
# the test's private folder.
user {user} {group};
pid {folder / "nginx.pid"};
error_log {folder / "error.log"};
events {{}}
http {{
{f"    include {mime_types};" if mime_types.exists() else ""}
{temp_paths}
    access_log {folder / "access.log"};
    include {folder / "solidarity.conf"};
}}
"""
    )
    return conf


def run_nginx(binary: str, folder: Path, *arguments: str) -> subprocess.Popen:
    return subprocess.Popen(
        [binary, "-p", str(folder), "-e", str(folder / "error.log")]
        + ["-c", str(folder / "nginx.conf"), *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_site_passes_nginx_own_test(tmp_path):
    binary = nginx_binary()
    certificate, key = self_signed_certificate(tmp_path)
    site = site_with(
        {
            CERTIFICATE: str(certificate),
            CERTIFICATE_KEY: str(key),
            LOG_FOLDER: f"{tmp_path}/",
        }
    )
    nginx_conf(tmp_path, site)

    checked = run_nginx(binary, tmp_path, "-t")
    _, stderr = checked.communicate(timeout=60)

    assert checked.returncode == 0, stderr
    assert "test is successful" in stderr


class Gunicorn(BaseHTTPRequestHandler):
    """Stands in for gunicorn: answers, and keeps each request's headers."""

    def do_GET(self):
        self.server.seen.append(self.headers)
        body = b"from the application"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def live_site(tmp_path_factory):
    """The site served by a real nginx on free ports, in front of a fake gunicorn."""
    binary = nginx_binary()
    folder = tmp_path_factory.mktemp("nginx")
    static = folder / "staticfiles"
    static.mkdir()
    (static / "app.css").write_text("body {}")
    (static / HASHED_NAME).write_text("body {}")
    certificate, key = self_signed_certificate(folder)
    http_port, https_port = free_port(), free_port()
    gunicorn = ThreadingHTTPServer(("127.0.0.1", 0), Gunicorn)
    gunicorn.seen = []
    threading.Thread(target=gunicorn.serve_forever, daemon=True).start()
    bind, _ = gunicorn_as_deployed()
    site = site_with(
        {
            CERTIFICATE: str(certificate),
            CERTIFICATE_KEY: str(key),
            LOG_FOLDER: f"{folder}/",
            # IPv6 may be missing here; the IPv4 lines stand for both.
            "    listen [::]:80;\n": "",
            "    listen [::]:443 ssl http2;\n": "",
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen 443 ssl": f"listen 127.0.0.1:{https_port} ssl",
            f"server {bind};": f"server 127.0.0.1:{gunicorn.server_port};",
            f"alias {env_example()['DJANGO_STATIC_ROOT']}/;": f"alias {static}/;",
        }
    )
    nginx_conf(folder, site)
    nginx = run_nginx(binary, folder, "-g", "daemon off;")
    try:
        wait_for_port(https_port, nginx)
        yield {
            "http_port": http_port,
            "https_port": https_port,
            "seen": gunicorn.seen,
            "access_log": folder / "solidarity.access.log",
        }
    finally:
        nginx.terminate()
        nginx.communicate(timeout=30)
        gunicorn.shutdown()


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    for _ in range(100):
        if process.poll() is not None:
            pytest.fail(f"nginx stopped: {process.communicate()[1]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail("nginx did not start listening")


def https_request(site, method, path, *, headers=None, body=None):
    connection = http.client.HTTPSConnection(
        "127.0.0.1",
        site["https_port"],
        context=ssl._create_unverified_context(),  # our own self-signed certificate
        timeout=10,
    )
    connection.request(
        method, path, body=body, headers={"Host": SERVER_NAME, **(headers or {})}
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_plain_http_is_redirected_to_https(live_site):
    connection = http.client.HTTPConnection("127.0.0.1", live_site["http_port"])
    connection.request("GET", "/pledges/?country=DE", headers={"Host": SERVER_NAME})
    response = connection.getresponse()

    assert response.status == 301
    assert response.headers["Location"] == f"https://{SERVER_NAME}/pledges/?country=DE"


def test_gunicorn_learns_host_scheme_client_and_request_id(live_site):
    request_id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    response = https_request(
        live_site,
        "GET",
        "/pledges/",
        headers={"X-Forwarded-For": "192.0.2.66", "X-Request-ID": request_id},
    )

    assert response.status == 200
    seen = live_site["seen"][-1]
    assert seen["Host"] == SERVER_NAME
    assert seen["X-Forwarded-Proto"] == "https"
    assert seen["X-Real-IP"] == "127.0.0.1"
    # What the client wrote first, nginx's peer appended: accounts/client_ip.py
    # reads from the right.
    assert seen["X-Forwarded-For"] == "192.0.2.66, 127.0.0.1"
    assert seen["X-Request-ID"] == request_id


def test_a_request_without_an_id_gets_one_that_nginx_logs_too(live_site):
    https_request(live_site, "GET", "/about/")

    request_id = live_site["seen"][-1]["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert logged(request_id, live_site["access_log"])


def logged(text: str, log: Path) -> bool:
    # nginx writes the line once the response is sent: just after the client has it.
    for _ in range(50):
        if text in log.read_text():
            return True
        time.sleep(0.02)
    return False


def test_static_files_are_served_by_nginx_hashed_ones_for_good(live_site):
    hashed = https_request(live_site, "GET", f"/static/{HASHED_NAME}")
    plain = https_request(live_site, "GET", "/static/app.css")

    assert hashed.status == 200
    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert plain.status == 200
    assert plain.headers["Cache-Control"] == "public, max-age=60"
    assert not any("/static/" in str(seen) for seen in live_site["seen"])


def test_a_csv_import_of_a_few_megabytes_reaches_the_admin(live_site):
    # nginx's own limit, 1 MB, would refuse it.
    two_megabytes = b"x" * (2 * 1024 * 1024)
    accepted = https_request(live_site, "POST", "/admin/import/", body=two_megabytes)
    too_big = https_request(live_site, "POST", "/admin/import/", body=b"x" * 11**7)

    assert accepted.status == 200
    assert too_big.status == 413


# How the pieces fit


def test_nginx_proxies_to_the_address_gunicorn_binds_in_production():
    bind, _ = gunicorn_as_deployed()

    assert site_directive("server") == [bind]


def test_nginx_waits_a_little_longer_than_gunicorn_lets_a_request_run():
    _, timeout = gunicorn_as_deployed()

    (read_timeout,) = site_directive("proxy_read_timeout")
    assert timeout < seconds(read_timeout) <= timeout + 30


def test_nginx_serves_static_files_from_where_collectstatic_writes_them():
    static_root = env_example()["DJANGO_STATIC_ROOT"]

    assert site_directive("alias") == [f"{static_root}/"]


def test_nginx_sends_every_header_the_application_reads():
    sent = {value.split()[0] for value in site_directive("proxy_set_header")}

    assert sent == {
        "Host",
        "X-Forwarded-Proto",  # SECURE_PROXY_SSL_HEADER
        "X-Real-IP",
        "X-Forwarded-For",  # accounts/client_ip.py
        "X-Request-ID",  # django-guid
    }


def test_the_web_unit_runs_gunicorn_with_the_repository_config():
    web = unit(WEB_UNIT)
    folder = Path(web["WorkingDirectory"])
    command = shlex.split(web["ExecStart"])

    assert command[0] == str(folder / ".venv" / "bin" / "gunicorn")
    config = Path(command[command.index("--config") + 1])
    assert config.parent == folder
    assert (ROOT / config.name).is_file()
    assert command[-1] == "solidarity.wsgi"
    assert (ROOT / "solidarity" / "wsgi.py").is_file()


def test_the_web_unit_reloads_gracefully_and_restarts_on_failure():
    web = unit(WEB_UNIT)

    assert web["ExecReload"] == "/bin/kill -s HUP $MAINPID"
    assert web["Restart"] == "on-failure"
    assert web["KillMode"] == "mixed"


def test_the_web_unit_leaves_its_workers_time_to_finish_their_requests():
    result = print_config()
    graceful = int(setting(result.stdout, "graceful_timeout"))

    assert int(unit(WEB_UNIT)["TimeoutStopSec"]) > graceful


def test_the_worker_unit_runs_db_worker_with_options_it_accepts():
    worker = unit(WORKER_UNIT)
    folder = Path(worker["WorkingDirectory"])
    python, manage, name, *options = shlex.split(worker["ExecStart"])

    assert python == str(folder / ".venv" / "bin" / "python")
    assert manage == str(folder / "manage.py")
    assert name == "db_worker"
    command = load_command_class(get_commands()[name], name)
    parsed = command.create_parser("manage.py", name).parse_args(options)
    assert parsed.queue_name == "*"
    assert parsed.reload is False


def test_the_worker_gets_longer_than_one_delivery_to_stop(settings):
    worker = unit(WORKER_UNIT)

    assert worker.get("KillSignal", "SIGTERM") == "SIGTERM"
    assert int(worker["TimeoutStopSec"]) > settings.EMAIL_TIMEOUT
    assert worker["Restart"] == "on-failure"


@pytest.mark.parametrize("path", [WEB_UNIT, WORKER_UNIT], ids=["web", "worker"])
def test_both_units_read_the_environment_file_as_their_own_user(path):
    service = unit(path)

    assert service["EnvironmentFile"] == "/etc/solidarity/env"
    assert service["User"] not in {"", "root"}
    assert service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict"
    assert service["PrivateTmp"] == "yes"


def test_systemd_reads_every_line_of_both_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("No systemd-analyze here (apt-get install systemd)")
    folder = Path(unit(WEB_UNIT)["WorkingDirectory"])
    for path in (WEB_UNIT, WORKER_UNIT):
        # The programs must exist: this checkout's stand in for the installed ones.
        (tmp_path / path.name).write_text(
            path.read_text().replace(str(folder), str(ROOT))
        )

    result = subprocess.run(
        [analyze, "verify", "--man=no", *map(str, tmp_path.glob("*.service"))],
        capture_output=True,
        text=True,
        timeout=60,
    )

    # A misspelt key or a bad value is only a warning, but a warning all the same.
    assert (result.returncode, result.stderr) == (0, "")


# The environment file


def readme_variables() -> set[str]:
    """The names in the first column of the README's table of variables."""
    section = (ROOT / "README.md").read_text().split("## Configuration", 1)[1]
    section = section.split("\n## ", 1)[0]
    names = set()
    for row in section.splitlines():
        if row.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1]))
    return names


def test_the_environment_file_shows_every_variable_the_readme_lists():
    listed = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", ENV_EXAMPLE.read_text(), re.M))

    assert listed == readme_variables()


def test_the_environment_file_is_a_configuration_django_accepts():
    result = run_python(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.TRUSTED_PROXIES, settings.DEBUG)",
        **env_example(),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[IPv4Network('127.0.0.1/32')]", "False"]


def test_the_environment_file_holds_no_secret():
    values = env_example()

    assert values["DJANGO_SECRET_KEY"] == "CHANGE-ME"
    assert values["EMAIL_HOST_PASSWORD"] == "CHANGE-ME"
    assert ":CHANGE-ME@" in values["DATABASE_URL"]
