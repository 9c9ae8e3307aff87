import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def prefect_server(home: Path, **settings: str) -> Iterator[str]:
    """A real ``prefect server start`` with its home in ``home`` (and these settings); yields its API URL."""
    port = free_port()
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", **settings)
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    api = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(f"{api}/health", timeout=1)
                break
            except OSError:
                if time.time() > deadline:
                    pytest.fail("prefect server did not start in 120 s")
                time.sleep(0.5)
        yield api
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="session", autouse=True)
def prefect_api(tmp_path_factory):
    """One Prefect server for the whole session, so that each CLI run in a test does not start its
    own temporary one (about ten seconds each). Tests that need their own set PREFECT_API_URL."""
    home = tmp_path_factory.mktemp("prefect")
    with prefect_server(home) as api:
        saved = {k: os.environ.get(k) for k in ("PREFECT_API_URL", "PREFECT_HOME")}
        os.environ.update(PREFECT_API_URL=api, PREFECT_HOME=str(home))
        yield api
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_qingxi(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the real CLI in a subprocess, as users and the benchmarks do."""
    env = dict(os.environ, PYTHONUTF8="1")
    return subprocess.run([sys.executable, "-m", "flows.cli", "run", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def read_jsonl(path: Path) -> list[dict]:
    """The records of a JSONL output; none when the file is absent (a kind with no records gets no file)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def seed_pieces(path: Path) -> Path:
    """The seed pages cut at blank lines into a JSONL corpus of many small documents (enough batches
    to spread over workers, or to kill a run between them)."""
    with path.open("w", encoding="utf-8") as f:
        for page in sorted(SEEDS.glob("*.txt")):
            for k, piece in enumerate(page.read_text(encoding="utf-8").split("\n\n")):
                f.write(json.dumps({"id": f"{page.stem}/{k}", "text": piece}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="session")
def pieces_run(tmp_path_factory):
    """The seed pieces cleaned once by one worker in batches of 3: the reference other runs of them
    (resumed, on Dask) must match. Returns (corpus, output folder, the run's arguments)."""
    where = tmp_path_factory.mktemp("pieces")
    corpus = seed_pieces(where / "pieces.jsonl")
    args = [str(corpus), "--no-progress", "--batch-size", "3"]
    result = run_qingxi(*args, "--workers", "1", "--out", str(where / "out"))
    assert result.returncode == 0, result.stderr
    return corpus, where / "out", args


@pytest.fixture
def seed_text():
    return lambda stem: next(SEEDS.glob(f"{stem}*.txt")).read_text(encoding="utf-8")


@pytest.fixture
def s3_store(monkeypatch):
    """A real S3 API on this machine (moto's server), which this process and the CLIs it starts
    reach through fsspec (s3fs). Yields (endpoint, a boto3 client of it)."""
    moto_server = pytest.importorskip("moto.server")
    pytest.importorskip("s3fs")
    import boto3
    import fsspec

    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    try:
        endpoint = f"http://127.0.0.1:{port}"
        # moto keeps its buckets in this process, across servers: each test starts from an empty store.
        urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=30)
        for name, value in S3_SETTINGS.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("FSSPEC_S3_ENDPOINT_URL", endpoint)  # the CLI's fsspec reads its S3 endpoint from FSSPEC_S3_*
        monkeypatch.setitem(fsspec.config.conf, "s3", {"endpoint_url": endpoint})  # this process's, imported already
        yield endpoint, boto3.client("s3", endpoint_url=endpoint)
    finally:
        server.stop()


S3_SETTINGS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}
