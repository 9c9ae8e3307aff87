"""Imported once by the worker pool's fork server (:func:`flows.workers.worker_pool`): it imports
what the batch steps need and builds the cleaners' tables before the server forks the workers,
which then share them (copy on write) instead of each spending seconds on its own."""

import flows.dedup  # noqa: F401  (the near-duplicates pass: datasketch)
import flows.steps  # noqa: F401
from cleaners import warm_up

warm_up()
