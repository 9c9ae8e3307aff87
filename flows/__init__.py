"""Orchestration: readers, the Prefect flow, writers and the ``qingxi`` CLI."""
