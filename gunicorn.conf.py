"""gunicorn settings for Koersportaal (`gunicorn -c gunicorn.conf.py koers.wsgi`).

PDF reports take seconds of CPU; threads per worker keep one render from
blocking everyone else's pages, and several workers use both cores.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Workers are not recycled unless asked (0 is off): what grows with use, WeasyPrint's
# memory, lives in the render process that koers/pdf.py replaces after 100 reports, and
# a recycled worker drops its keep-alive connections, which clients see as errors.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
# No query strings in the access log: they can hold search terms.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
