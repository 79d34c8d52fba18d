"""Settings from the environment: helpers refusing typos, safe production defaults."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from solidarity.settings import env_bool, env_int, env_list

STRONG_KEY = "k" * 20 + "-a-long-random-looking-key-for-tests-only-0123456789"


def run_python(code: str, **environ: str) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter that sees only the given variables."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "solidarity.settings",
    }
    env.update(environ)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def load_settings(**environ: str) -> subprocess.CompletedProcess:
    return run_python(
        "import solidarity.settings as s; "
        "print(s.DEBUG, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_REFERRER_POLICY, repr(s.SITE_PUBLISHER_NAME), s.ALLOWED_HOSTS)",
        **environ,
    )


# The helpers


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on"])
def test_env_bool_reads_yes(monkeypatch, raw):
    monkeypatch.setenv("EXAMPLE_FLAG", raw)

    assert env_bool("EXAMPLE_FLAG") is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_reads_no(monkeypatch, raw):
    monkeypatch.setenv("EXAMPLE_FLAG", raw)

    assert env_bool("EXAMPLE_FLAG", default=True) is False


def test_env_bool_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("EXAMPLE_FLAG", raising=False)

    assert env_bool("EXAMPLE_FLAG", default=True) is True
    assert env_bool("EXAMPLE_FLAG") is False


@pytest.mark.parametrize("raw", ["maybe", "2", "tru", "y", "enabled", "-1"])
def test_env_bool_refuses_what_it_does_not_understand(monkeypatch, raw):
    monkeypatch.setenv("EXAMPLE_FLAG", raw)

    with pytest.raises(ImproperlyConfigured, match="EXAMPLE_FLAG"):
        env_bool("EXAMPLE_FLAG")


def test_env_list_splits_on_commas_and_ignores_blanks(monkeypatch):
    monkeypatch.setenv("EXAMPLE_LIST", " example.org, ,www.example.org ,")

    assert env_list("EXAMPLE_LIST", []) == ["example.org", "www.example.org"]


def test_env_list_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("EXAMPLE_LIST", raising=False)

    assert env_list("EXAMPLE_LIST", ["localhost"]) == ["localhost"]


@pytest.mark.parametrize(
    "raw", ["example.org www.example.org", "example.org;www.example.org", "a,b\tc"]
)
def test_env_list_refuses_items_written_with_the_wrong_separator(monkeypatch, raw):
    monkeypatch.setenv("EXAMPLE_LIST", raw)

    with pytest.raises(ImproperlyConfigured, match="EXAMPLE_LIST"):
        env_list("EXAMPLE_LIST", [])


@pytest.mark.parametrize(("raw", "value"), [("0", 0), (" 31536000 ", 31536000)])
def test_env_int_reads_whole_numbers(monkeypatch, raw, value):
    monkeypatch.setenv("EXAMPLE_NUMBER", raw)

    assert env_int("EXAMPLE_NUMBER", 5) == value


@pytest.mark.parametrize("raw", ["-1", "abc", "1.5", "", "1e6"])
def test_env_int_refuses_anything_but_a_whole_number(monkeypatch, raw):
    monkeypatch.setenv("EXAMPLE_NUMBER", raw)

    with pytest.raises(ImproperlyConfigured, match="EXAMPLE_NUMBER"):
        env_int("EXAMPLE_NUMBER", 0)


# The settings module, loaded in a fresh process with a controlled environment


def test_missing_secret_key_with_debug_off_stops_the_start():
    result = load_settings(DJANGO_DEBUG="false")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = load_settings()

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_without_a_secret_key_starts_for_development():
    result = load_settings(DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True ")


def test_production_defaults_leave_https_redirects_and_hsts_to_the_operator():
    result = load_settings(DJANGO_SECRET_KEY=STRONG_KEY)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "0", "False", "same-origin", "''", "[]"]


def test_operator_switches_on_hsts_https_redirects_and_names_the_publisher():
    result = load_settings(
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_HSTS_SECONDS="31536000",
        DJANGO_SSL_REDIRECT="yes",
        SITE_PUBLISHER_NAME=" Example Publisher ",
        DJANGO_ALLOWED_HOSTS="example.org,www.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False 31536000 True same-origin 'Example Publisher' "
        "['example.org', 'www.example.org']"
    )


@pytest.mark.parametrize(
    "environ",
    [
        {"DJANGO_DEBUG": "maybe"},
        {"DJANGO_SSL_REDIRECT": "sometimes"},
        {"DJANGO_HSTS_SECONDS": "a year"},
        {"DJANGO_HSTS_PRELOAD": "please"},
        {"DJANGO_ALLOWED_HOSTS": "example.org www.example.org"},
    ],
    ids=lambda environ: next(iter(environ)),
)
def test_a_mistyped_variable_stops_the_start(environ):
    result = load_settings(DJANGO_SECRET_KEY=STRONG_KEY, **environ)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert next(iter(environ)) in result.stderr


def test_deploy_check_leaves_only_the_operators_https_choices():
    result = run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy'])",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    warnings = {
        word.strip("():") for word in output.split() if word.startswith("(security.")
    }
    assert warnings == {"security.W004", "security.W008"}


def test_deploy_check_is_clean_with_the_readmes_production_settings():
    """The README's production environment passes every deployment check, the API
    schema's included: nothing silenced."""
    result = run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', "
        "'WARNING'])",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
        DJANGO_HSTS_SECONDS="31536000",
        DJANGO_HSTS_INCLUDE_SUBDOMAINS="true",
        DJANGO_HSTS_PRELOAD="true",
        DJANGO_SSL_REDIRECT="true",
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)" in output
