"""With PREFECT_API_URL set, a run is recorded by that server and shows in its UI."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT, run_qingxi


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(url: str, body: dict) -> list:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


@pytest.fixture
def prefect_server(tmp_path, monkeypatch):
    port = _free_port()
    env = dict(os.environ, PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    api = f"http://127.0.0.1:{port}/api"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{api}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("prefect server did not start in 60 s")
        monkeypatch.setenv("PREFECT_API_URL", api)
        monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
        yield api
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_run_is_recorded_by_the_server(prefect_server, tmp_path):
    result = run_qingxi(str(ROOT / "seeds"), "--out", str(tmp_path / "out"), "--no-progress")
    assert result.returncode == 0, result.stderr
    [flow] = _post(f"{prefect_server}/flows/filter", {"flows": {"name": {"any_": ["clean_corpus"]}}})
    runs = _post(f"{prefect_server}/flow_runs/filter", {"flows": {"id": {"any_": [flow["id"]]}}})
    assert [r["state_type"] for r in runs] == ["COMPLETED"]
    tasks = _post(f"{prefect_server}/task_runs/filter", {"flow_runs": {"id": {"any_": [runs[0]["id"]]}}})
    artifacts = _post(f"{prefect_server}/artifacts/filter", {"flow_runs": {"id": {"any_": [runs[0]["id"]]}}})
    assert {a["key"] for a in artifacts} == {"qingxi-report", "qingxi-contamination"}
    assert sorted({t["task_key"].split("-")[0] for t in tasks}) == ["apply_and_observe", "clean_and_spool",
                                                                    "observe_shard", "write_manifest",
                                                                    "write_outputs", "write_report"]
