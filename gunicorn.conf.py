"""gunicorn settings for production; every value can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# A worker silent for this many seconds is restarted, its request lost. The longest allowed
# requests are admin imports, which run in the request (preview, then confirmation): at the
# import limits (IMPORT_MAX_ROWS 10,000 rows, IMPORT_MAX_CELLS 200,000 cells, refused above
# before the file is read whole) the slowest, a 10,000-service catalogue with its channels,
# takes ~15 s to confirm on the 2-core benchmark machine and 10,000 agencies under 10 s
# (docs/benchmarks.md, "Imports"). 60 s leaves four times that for a slower or busier
# server. Raise the limits and this together, and keep nginx's proxy_read_timeout above it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
