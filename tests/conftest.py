import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


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
