"""Imported once by each process that will run batch steps, before it runs any: the worker
pool's fork server (:func:`flows.workers.start_fork_server`), whose forked workers then share
what it built (copy on write), and Dask workers (``--preload flows.warm_workers``). It imports
the steps and builds the cleaners' tables, seconds of work that no batch should wait on, then
freezes them (:func:`flows.steps.freeze_tables`)."""

import flows.dedup  # noqa: F401  (the near-duplicates pass: datasketch)
import flows.steps
from cleaners import warm_up

warm_up()
flows.steps.freeze_tables()
