"""gunicorn settings for widunetz, used by `make run` and in production.

gunicorn, not Django, decides whether a request came over HTTPS: it believes
X-Forwarded-Proto only from forwarded_allow_ips and sets the request's scheme.
Behind a TLS-terminating reverse proxy on the same host the default (127.0.0.1)
is right; set GUNICORN_FORWARDED_ALLOW_IPS to the proxy's address when it runs
elsewhere.
"""

import multiprocessing
import os

workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
# (At 2,000 the benchmark saw workers restart every few seconds under load.)
max_requests = 20000
max_requests_jitter = 5000
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket: gunicorn 27 puts every instance's at the same
# $HOME/.gunicorn/gunicorn.ctl, so a second instance (make scaleout, make bench, two
# sites on one host) takes it over and removes it when it stops. Signals do the
# same work (HUP reloads, TTIN/TTOU change the workers).
control_socket_disable = True
