"""Settings for the benchmark: the portal's own, with the collected static files elsewhere.

Everything else (DEBUG, database, cache directory, hosts) comes from the
environment that bench/run sets, exactly as in production. Only STATIC_ROOT
moves to the benchmark's scratch directory, so `collectstatic` for the
manifest storage never writes into the working tree.
"""

import os
from pathlib import Path

from koers.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ.get("BENCH_MAP", "/tmp/koers_bench")) / "static"
