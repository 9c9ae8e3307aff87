"""--dask: the batch tasks run on a real Dask cluster (a scheduler and two worker processes, started
here by command as a user would), and the output is the same as a one-process run's."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, SEEDS, free_port, read_jsonl, run_qingxi

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def dask_cluster():
    dask = shutil.which("dask", path=os.path.dirname(sys.executable)) or shutil.which("dask")
    address = f"tcp://127.0.0.1:{free_port()}"
    host, port = address.removeprefix("tcp://").split(":")
    started = [subprocess.Popen([dask, "scheduler", "--host", host, "--port", port, "--no-dashboard",
                                "--dashboard-address", ":0"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)]
    try:
        started.append(subprocess.Popen([dask, "worker", address, "--nworkers", "2", "--nthreads", "1",
                                         "--no-dashboard"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True))
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            yield address, client
    finally:
        for process in reversed(started):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)


def test_a_run_on_a_dask_cluster_matches_one_process(dask_cluster, pieces_run, tmp_path):
    address, client = dask_cluster

    def cleaned_a_batch() -> bool:  # defined here, so that it travels by value: workers cannot import tests
        import sys

        document = sys.modules.get("cleaners.document")
        return bool(document and document.warm_up.cache_info().currsize)

    def imported_prefect() -> bool:
        import sys

        return "prefect" in sys.modules

    _, one, args = pieces_run
    cluster = tmp_path / "cluster"
    started = time.time()
    result = run_qingxi(*args, "--out", str(cluster), "--dask", address)
    assert result.returncode == 0, result.stderr
    assert all(client.run(cleaned_a_batch).values()), "a worker cleaned no batch"
    # The Prefect task runs stay on the driver: workers need neither Prefect nor its API.
    assert not any(client.run(imported_prefect).values())
    for name in ("clean.jsonl", "rejected.jsonl"):
        assert read_jsonl(cluster / name) == read_jsonl(one / name), name
    manifest = json.loads((cluster / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"]["dask"] == address and manifest["reconciles"]
    assert time.time() - started < 300


def test_a_worker_killed_mid_run_costs_nothing_but_time(dask_cluster, pieces_run, tmp_path):
    """kill -9 of a Dask worker while batches are in flight: Dask runs its steps again on a worker
    (its nanny starts it anew), and the output is still the one-process run's."""
    address, client = dask_cluster
    _, one, args = pieces_run
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", *args, "--out", str(out), "--dask", address],
                           cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while len(list((out / ".qingxi-work").glob("batch-*.done"))) < 2:
        assert run.poll() is None and time.time() < deadline, "no batches checkpointed"
        time.sleep(0.05)
    victim, pid = sorted(client.run(os.getpid).items())[0]
    os.kill(pid, signal.SIGKILL)
    _, stderr = run.communicate(timeout=300)
    assert run.returncode == 0, stderr
    assert victim not in client.run(os.getpid) or client.run(os.getpid)[victim] != pid  # it did die
    for name in ("clean.jsonl", "rejected.jsonl"):
        assert read_jsonl(out / name) == read_jsonl(one / name), name
    client.wait_for_workers(2, timeout=120)  # the nanny's new worker, for the tests after this one


def test_a_cluster_that_runs_other_code_is_refused_before_any_batch(dask_cluster):
    from flows.workers import ClusterError, check_cluster, code_fingerprint

    address, client = dask_cluster
    check_cluster(client, address)  # the workers run this checkout, as the driver does
    with pytest.raises(ClusterError, match="2 of 2 Dask workers .* run other qingxi code"):
        check_cluster(client, address, ours="0" * len(code_fingerprint()))


def test_a_scheduler_without_workers_is_a_clear_error():
    from flows.workers import ClusterError, check_cluster

    dask = shutil.which("dask", path=os.path.dirname(sys.executable)) or shutil.which("dask")
    port = free_port()
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                  "--no-dashboard", "--dashboard-address", ":0"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        with distributed.Client(f"tcp://127.0.0.1:{port}", timeout=60) as client:
            with pytest.raises(ClusterError, match="no Dask worker joined"):
                check_cluster(client, f"tcp://127.0.0.1:{port}", wait=1)
    finally:
        os.killpg(scheduler.pid, signal.SIGTERM)
        scheduler.wait(timeout=60)


def test_without_workers_the_driver_keeps_as_many_batches_busy_as_the_cluster_has_threads():
    from flows.cli import _dask_workers
    from flows.workers import cluster_threads

    with distributed.LocalCluster(n_workers=3, threads_per_worker=1, processes=False, protocol="tcp",
                                  dashboard_address=":0") as cluster:
        assert _dask_workers(cluster.scheduler_address) == 3
    assert cluster_threads(f"tcp://127.0.0.1:{free_port()}", timeout=1) == 0  # nothing there: the default, 2
    assert _dask_workers("local:4") == 4 and _dask_workers(None) == 0


def test_a_bad_dask_address_is_a_clear_error(tmp_path):
    result = run_qingxi(str(SEEDS), "--out", str(tmp_path / "out"), "--dask", "localhost:8786")
    assert result.returncode == 2 and "dask" in result.stderr


def test_a_local_cluster_forks_its_workers_from_the_warm_fork_server():
    """--dask local:N workers are forked from the fork server that built the cleaners' tables, as
    the pool's are, so they share them; spawned, each built its own as the cluster started."""
    from multiprocessing import forkserver

    from flows.workers import dask_cluster

    def warm() -> bool:
        import sys

        document = sys.modules.get("cleaners.document")
        return bool(document and document.warm_up.cache_info().currsize)

    with dask_cluster("local:2") as address, distributed.Client(address) as client:
        client.wait_for_workers(2, timeout=120)
        parents = set(client.run(os.getppid).values())
        warmed = client.run(warm)
    assert parents == {forkserver._forkserver._forkserver_pid}
    assert len(warmed) == 2 and all(warmed.values())


@pytest.mark.parametrize("given", ["spool", "out"])
def test_with_the_spool_in_s3_the_cluster_shares_no_folder(dask_cluster, pieces_run, s3_store, tmp_path, monkeypatch,
                                                           given):
    """--spool s3://…, or an --out URL (staged in a folder only the driver sees) without --spool: the
    workers write and read every shard in the store, none in a folder, and the output is the same as
    a one-process run's; the shards are gone after."""
    from tests.conftest import S3_SETTINGS

    address, client = dask_cluster
    endpoint, s3 = s3_store
    s3.create_bucket(Bucket="scratch")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def reach_the_store(endpoint: str, settings: dict) -> None:  # a worker machine's S3 settings
        import os

        import fsspec

        os.environ.update(settings)
        fsspec.config.conf["s3"] = {"endpoint_url": endpoint}

    client.run(reach_the_store, endpoint, S3_SETTINGS)
    _, one, args = pieces_run
    out = tmp_path / "out"
    where = ["--spool", "s3://scratch/tmp", "--out", str(out)] if given == "spool" else ["--out", "s3://scratch/out"]
    seen = {"store": set(), "folder": set()}
    running = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", *args, "--dask", address, *where], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while running.poll() is None:
        listed = s3.list_objects_v2(Bucket="scratch").get("Contents", [])
        seen["store"] |= {o["Key"].rsplit("/", 1)[-1] for o in listed}
        seen["folder"] |= {p.name for p in [*out.glob(".qingxi-work/shard-*"), *tmp_path.glob("cache/**/shard-*")]}
        time.sleep(0.05)
    assert running.returncode == 0, running.stderr
    assert any(name.startswith("shard-") for name in seen["store"]), seen
    assert not seen["folder"]
    left = {o["Key"] for o in s3.list_objects_v2(Bucket="scratch").get("Contents", [])}
    assert not any("shard-" in key for key in left), left
    if given == "out":
        out.mkdir()
        for name in ("clean.jsonl", "rejected.jsonl"):
            s3.download_file("scratch", f"out/{name}", str(out / name))
    for name in ("clean.jsonl", "rejected.jsonl"):
        assert read_jsonl(out / name) == read_jsonl(one / name), name
