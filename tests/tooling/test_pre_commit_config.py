""".pre-commit-config.yaml: local hooks only (this machine's network cannot fetch hook repositories),
each running a program installed in the project's virtualenv, so `git commit` needs nothing else."""

import shlex
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HYGIENE_HOOKS = {
    "trailing-whitespace": "trailing-whitespace-fixer",
    "end-of-file-fixer": "end-of-file-fixer",
    "check-yaml": "check-yaml",
    "check-toml": "check-toml",
    "check-merge-conflict": "check-merge-conflict",
    "check-added-large-files": "check-added-large-files",
}


def test_every_hook_is_local_and_runs_a_program_of_the_virtualenv():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert set(hooks) == {"ruff-check", "ruff-format", *HYGIENE_HOOKS}
    for hook_id, program in HYGIENE_HOOKS.items():
        assert shlex.split(hooks[hook_id]["entry"])[0] == f".venv/bin/{program}"
    virtualenv_bin = Path(sys.prefix) / "bin"
    for hook_id, hook in hooks.items():
        assert hook["language"] == "system", hook_id
        entry = Path(shlex.split(hook["entry"])[0])
        assert entry.parent == Path(".venv/bin"), hook_id
        assert (virtualenv_bin / entry.name).is_file(), f"{hook_id}: {entry.name} is not installed"
    assert "static/vendor/" in config["exclude"]
