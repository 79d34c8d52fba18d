"""The project's own settings, served with one extra address: the benchmark's floor."""

from solidarity.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
