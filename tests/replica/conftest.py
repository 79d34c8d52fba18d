"""These tests need a second database alias, which settings make only from
DATABASE_REPLICA_URL at start-up; tests/test_read_replica.py runs them in a pytest
session of their own with it set (the replica mirroring the test database)."""

from django.conf import settings

if "replica" not in settings.DATABASES:
    collect_ignore_glob = ["test_*.py"]
