"""A watchdog that takes a run's helper processes with it when the run is killed.

``qingxi run`` starts processes it does not own the code of: Prefect's temporary API server
(uvicorn, started by Prefect) and, through it, workers. Killed with SIGKILL, a run cannot stop
them, and they lived on with parent 1 (over a gigabyte). So the CLI starts this watchdog first:
it notes the run's descendants twice a second, and once the run is gone, kills those still alive
(each checked by its start time, so a reused process id is never hit).

    python -m flows.guard PID
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import psutil

POLL_SECONDS = 0.5


def guard(pid: int) -> None:
    """Start the watchdog for process ``pid`` (this process, usually)."""
    subprocess.Popen([sys.executable, "-m", "flows.guard", str(pid)], stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _watch(pid: int) -> None:
    try:
        run = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    me = os.getpid()
    seen: dict[int, float] = {}  # pid -> start time, of every descendant noted
    while run.is_running() and run.status() != psutil.STATUS_ZOMBIE:
        try:
            for child in run.children(recursive=True):
                if child.pid != me:
                    seen.setdefault(child.pid, child.create_time())
        except psutil.Error:
            pass
        time.sleep(POLL_SECONDS)
    for child_pid, started in seen.items():
        try:
            child = psutil.Process(child_pid)
            if child.create_time() == started:
                child.kill()
        except psutil.Error:
            pass


if __name__ == "__main__":
    _watch(int(sys.argv[1]))
