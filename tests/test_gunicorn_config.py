"""gunicorn.conf.py: settings from the environment, and a clear stop on nonsense."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def print_config(**env) -> subprocess.CompletedProcess:
    """gunicorn's own reading of the file (--print-config), without starting it."""
    return subprocess.run(
        [str(GUNICORN), "--print-config", "solidarity.wsgi"],
        cwd=ROOT,
        env=os.environ | {"DJANGO_DEBUG": "true"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def setting(output: str, name: str) -> str:
    line = next(line for line in output.splitlines() if line.startswith(f"{name} "))
    return line.split("=", 1)[1].strip()


def test_gunicorn_reads_its_settings_from_the_environment():
    result = print_config(
        GUNICORN_WORKERS="5", GUNICORN_TIMEOUT="45", GUNICORN_BIND="0.0.0.0:9000"
    )

    assert result.returncode == 0, result.stderr
    assert setting(result.stdout, "workers") == "5"
    assert setting(result.stdout, "timeout") == "45"
    assert setting(result.stdout, "bind") == "['0.0.0.0:9000']"
    assert setting(result.stdout, "accesslog") == "-"


@pytest.mark.parametrize("value", ["two", "0", "-3", ""])
def test_a_worker_count_that_is_not_a_positive_number_stops_the_start(value):
    result = print_config(GUNICORN_WORKERS=value)

    assert result.returncode != 0
    assert "GUNICORN_WORKERS must be a positive whole number" in result.stderr
