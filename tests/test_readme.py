"""The README's first two commands are the contract with a new user."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT


def readme_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    return block.strip().splitlines()


def test_ci_runs_the_readme_test_command():
    setup_and_test = readme_commands()[1]
    assert "pytest" in setup_and_test
    assert setup_and_test in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs a git checkout")
def test_first_command_works_from_a_clean_clone(tmp_path):
    """Clone what is committed, then run the README's first command there, as a new user would."""
    clone = tmp_path / "qingxi"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    run = subprocess.run(readme_commands()[0], shell=True, cwd=clone, env=env, capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    manifest = json.loads((clone / "output" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents_in"] == len(list(Path(clone / "seeds").glob("*.txt"))) == 5
    assert manifest["reconciles"]
