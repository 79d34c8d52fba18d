"""The database stops during requests: /readyz answers 503, public pages the friendly
503 page, the API a JSON 503; once the database runs again, the same processes serve
normally, without a restart."""

import threading
import time
from pathlib import Path

import pytest

from tests.service.conftest import Browser, manage, server_environment

pytestmark = pytest.mark.slow

FRIENDLY = "cannot reach its database"
# Addresses no cache keeps yet (the query string is new each time), so each request
# needs the database.
UNCACHED = ("/cities/?visit={n}", "/pledges/?visit={n}", "/api/v1/pledges/?visit={n}")
BACK_WITHIN_SECONDS = 10


@pytest.fixture(scope="module")
def site(postgres_cluster, shared_cache, static_root, start_servers):
    env = server_environment(
        database_url=postgres_cluster.url,
        redis_url=shared_cache,
        static_root=static_root,
    )
    manage(env, "migrate", "--noinput", "--verbosity=0")
    manage(env, "seed_synthetic", "--places=20", "--pledges=60", "--updates=60")
    (server,) = start_servers(env, 1, workers=2)
    return server


class Traffic:
    """Readers asking for uncached pages, one after another, in a thread of their own:
    every answer, and every request that got none."""

    def __init__(self, server):
        self.server = server
        self.answers = []
        self.failures = []
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stopping.set()
        self._thread.join(timeout=60)

    def _run(self):
        n = 0
        while not self._stopping.is_set():
            n += 1
            path = UNCACHED[n % len(UNCACHED)].format(n=f"traffic-{n}")
            try:
                self.answers.append((path, Browser().get(self.server, path)))
            except OSError as error:
                self.failures.append((path, error))


def worker_pids(server) -> set[int]:
    pid = server.process.pid
    return set(Path(f"/proc/{pid}/task/{pid}/children").read_text().split())


def test_the_site_answers_503_while_the_database_is_away_and_recovers_by_itself(
    site, postgres_cluster
):
    reader = Browser()
    for path in ("/", "/cities/", *(p.format(n="before") for p in UNCACHED)):
        assert reader.get(site, path).status == 200, path
    assert reader.get(site, "/readyz").status == 200
    workers = worker_pids(site)

    with Traffic(site) as traffic:
        time.sleep(0.5)
        postgres_cluster.stop("fast")

        ready = reader.get(site, "/readyz")
        assert ready.status == 503
        assert ready.json()["checks"]["database"] == "unavailable"
        assert reader.get(site, "/healthz").status == 200  # alive: no restart wanted

        page = reader.get(site, "/cities/?visit=outage")
        assert page.status == 503
        assert FRIENDLY in page.text
        assert "Traceback" not in page.text
        assert page.headers["Retry-After"] == "30"
        api = reader.get(site, "/api/v1/pledges/?visit=outage")
        assert api.status == 503
        assert "unavailable" in api.json()["detail"]
        # A page the shared cache kept needs no database.
        assert reader.get(site, "/cities/").status == 200

        postgres_cluster.start()
        deadline = time.monotonic() + BACK_WITHIN_SECONDS
        n = 0
        while reader.get(site, f"/pledges/?visit=after-{n}").status != 200:
            assert time.monotonic() < deadline, "not serving again after restart"
            n += 1
            time.sleep(0.2)

    assert reader.get(site, "/readyz").status == 200
    for path in ("/", *(p.format(n="after") for p in UNCACHED)):
        assert reader.get(site, path).status == 200, path
    assert site.process.poll() is None
    assert worker_pids(site) == workers
    # Every request during the stop got an answer: a page, or the outage's 503.
    assert not traffic.failures
    statuses = {page.status for _path, page in traffic.answers}
    assert statuses == {200, 503}
    for path, page in traffic.answers:
        if page.status == 503 and path.startswith("/api/"):
            assert "unavailable" in page.json()["detail"]
        elif page.status == 503:
            assert FRIENDLY in page.text
