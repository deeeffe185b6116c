"""gunicorn for one app node (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`).

Bind where only the shared cache / proxy reaches the node: the client address the app trusts
comes from the proxy's X-Forwarded-For (docs/operations.md), so nobody else may talk to it.
"""

import multiprocessing
import os

chdir = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "site")
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Feeds, pages and files are answered in well under a second; a slow import gets 60 s.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 20
keepalive = 5  # behind Varnish, which keeps connections to the backends open
max_requests = 2000  # recycle workers now and then, with jitter so they do not all restart
max_requests_jitter = 200
accesslog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
