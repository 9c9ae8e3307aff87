"""What a run costs when its shards and outputs go through an object store instead of a folder.

Runs ``qingxi run CORPUS --workers N`` three ways in one invocation, alternating, on the same
corpus: the spool and outputs in a local folder (the baseline), ``--spool s3://…`` and
``--spool s3://… --out s3://…``. The store is moto's S3 server, started here in this process: on
this 2-core machine it takes CPU the workers would have had, and it answers over loopback, so the
figures are an upper bound of the store's CPU cost and a lower bound of a real store's latency.
Times: the run's processing (the manifest's wall time, after Prefect's start-up; publishing to
an output URL comes after it) and the whole command's wall time, which includes the publishing.

    python benchmarks/spool_in_store.py CORPUS.jsonl [--workers 2] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from tests.conftest import S3_SETTINGS, free_port  # noqa: E402


def run(corpus: str, out: str, workers: int, extra: list[str], env: dict) -> dict:
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "flows.cli", "run", corpus, "--workers", str(workers),
                           "--no-progress", "--out", out, *extra], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    processing = float(done.stderr.split(" MB in ")[1].split(" s")[0].replace(",", ""))  # the CLI's summary
    return {"processing_s": processing, "command_s": wall}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=2)
    a = ap.parse_args()

    import logging

    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # a line per request otherwise

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONUTF8="1", FSSPEC_S3_ENDPOINT_URL=endpoint, **S3_SETTINGS)
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
    s3.create_bucket(Bucket="bench")
    ways = {"folder": [], "spool in S3": ["--spool", "s3://bench/spool"],
            "spool and out in S3": ["--spool", "s3://bench/spool"]}
    times: dict[str, list[dict]] = {way: [] for way in ways}
    size = os.path.getsize(a.corpus)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
            for k in range(a.repeat):
                for way, extra in ways.items():
                    out = f"s3://bench/out{k}" if way == "spool and out in S3" else str(Path(tmp) / f"out-{way}-{k}")
                    times[way].append(run(a.corpus, out, a.workers, extra, env))
    finally:
        server.stop()
    base = {k: min(t[k] for t in times["folder"]) for k in ("processing_s", "command_s")}
    print(f"{size / 1e6:.1f} MB, --workers {a.workers}, best of {a.repeat}")
    for way, runs in times.items():
        best = {k: min(t[k] for t in runs) for k in base}
        print(f"{way:>20}: processing {best['processing_s']:6.1f} s ({size / 1e6 / best['processing_s']:.2f} MB/s, "
              f"{best['processing_s'] / base['processing_s']:.2f}x the folder's), command {best['command_s']:6.1f} s "
              f"({best['command_s'] / base['command_s']:.2f}x)")
    print(json.dumps(times))


if __name__ == "__main__":
    main()
