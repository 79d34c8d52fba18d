"""gunicorn's settings, for `make serve` and the deployment: read from the environment.

    gunicorn solidarity.wsgi            # gunicorn reads this file from the folder

Sync workers: each serves one request at a time, so the number of workers is the
number of requests served at once; the README lists the variables.
"""

import os


def _whole_number(name: str, default: int) -> int:
    """A positive whole number from the environment; anything else stops the start."""
    text = os.environ.get(name, str(default))
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise SystemExit(f"{name} must be a positive whole number, not {text!r}.")
    return value


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _whole_number("GUNICORN_WORKERS", 2)
# A full export to a slow reader streams for longer than a page takes; a worker
# silent for this long is stopped and replaced.
timeout = _whole_number("GUNICORN_TIMEOUT", 120)
graceful_timeout = _whole_number("GUNICORN_GRACEFUL_TIMEOUT", 30)
# A worker is replaced after this many requests (and a few more, at random, so the
# workers are not all replaced at once): what one leaks cannot grow for ever.
max_requests = _whole_number("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# One line per request on standard output: client, request, status, bytes, seconds,
# and the request's id, which the application's own log lines carry too.
accesslog = "-"
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(B)s %(L)ss "%(f)s" "%(a)s" %({x-request-id}o)s'
)
errorlog = "-"
# Behind the proxy that deploy/ configures, on this machine.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
