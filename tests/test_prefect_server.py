"""With PREFECT_API_URL set, a run is recorded by that server and shows in its UI; a deployment
that `qingxi deploy` serves runs on its schedule and takes options from the API."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import ROOT, prefect_server, run_qingxi


def _post(url: str, body: dict, attempts: int = 5) -> list:
    """POST to the server, again after a 503: its SQLite database answers "locked" while the
    scheduler and a run write to it, and Prefect's own client retries those too."""
    request = urllib.request.Request(url, json.dumps(body).encode(), {"content-type": "application/json"})
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.code != 503 or attempt == attempts - 1:
                raise
            time.sleep(1)


@pytest.fixture
def own_server(tmp_path, monkeypatch):
    # The scheduler looks for due deployments every 2 s, not every minute, so a test need not wait.
    with prefect_server(tmp_path / "prefect", PREFECT_API_SERVICES_SCHEDULER_LOOP_SECONDS="2") as api:
        monkeypatch.setenv("PREFECT_API_URL", api)
        monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
        yield api


def test_run_is_recorded_by_the_server(own_server, tmp_path):
    result = run_qingxi(str(ROOT / "seeds"), "--out", str(tmp_path / "out"), "--no-progress")
    assert result.returncode == 0, result.stderr
    [flow] = _post(f"{own_server}/flows/filter", {"flows": {"name": {"any_": ["clean_corpus"]}}})
    runs = _post(f"{own_server}/flow_runs/filter", {"flows": {"id": {"any_": [flow["id"]]}}})
    assert [r["state_type"] for r in runs] == ["COMPLETED"]
    # The batches run in an inner flow run (its task runner follows the workers option).
    [inner] = [r for r in _post(f"{own_server}/flow_runs/filter", {}) if r["id"] != runs[0]["id"]]
    assert inner["state_type"] == "COMPLETED"
    tasks = _post(f"{own_server}/task_runs/filter", {"flow_runs": {"id": {"any_": [inner["id"]]}}})
    artifacts = _post(f"{own_server}/artifacts/filter", {"flow_runs": {"id": {"any_": [inner["id"]]}}})
    assert {a["key"] for a in artifacts} == {"qingxi-report", "qingxi-contamination"}
    assert sorted({t["task_key"].split("-")[0] for t in tasks}) == ["apply_and_observe", "clean_and_spool",
                                                                    "observe_shard", "write_manifest",
                                                                    "write_outputs", "write_report"]


def _wait_for(condition, seconds: float, what: str):
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(1)
    pytest.fail(f"no {what() if callable(what) else what} in {seconds:g} s")


def test_deployment_runs_on_schedule_and_takes_options_from_the_api(own_server, tmp_path):
    scheduled, manual = tmp_path / "scheduled", tmp_path / "manual"
    env = dict(os.environ, PYTHONUTF8="1", PREFECT_RUNNER_POLL_FREQUENCY="2")
    serving = subprocess.Popen([sys.executable, "-m", "flows.cli", "deploy", "nightly", str(ROOT / "seeds"),
                                "--out", str(scheduled), "--interval", "5"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        [deployment] = _wait_for(lambda: _post(f"{own_server}/deployments/filter", {}), 60, "deployment")
        assert deployment["name"] == "nightly" and deployment["schedules"][0]["schedule"]["interval"] == 5
        runs = lambda: [r for r in _post(f"{own_server}/flow_runs/filter",
                                         {"deployments": {"id": {"any_": [deployment["id"]]}}})]
        _wait_for(lambda: [r for r in runs() if r["state_type"] == "COMPLETED"], 120,
                  lambda: f"completed scheduled run (runs: {[r['state_type'] for r in runs()]})")
        assert json.loads((scheduled / "manifest.json").read_text(encoding="utf-8"))["kept"] == 5

        options = {"script": "simplified", "clean": {"strip_pinyin_annotations": False}}
        run = _post(f"{own_server}/deployments/{deployment['id']}/create_flow_run",
                    {"parameters": {"out": str(manual), "options": options}})
        _wait_for(lambda: [r for r in runs() if r["id"] == run["id"] and r["state_type"] == "COMPLETED"], 120,
                  "completed run started through the API")
        manifest = json.loads((manual / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["options"]["script"] == "simplified"
        assert manifest["options"]["clean"] == {"strip_pinyin_annotations": False}
        rules = {e["rule"].split(".")[0] for line in (manual / "clean.jsonl").read_text(encoding="utf-8").splitlines()
                 for e in json.loads(line)["edits"]}
        assert "script" in rules and "pinyin" not in rules
    finally:
        os.killpg(serving.pid, signal.SIGINT)
        serving.wait(timeout=60)
