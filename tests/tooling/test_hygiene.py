"""The offline hygiene hooks of .pre-commit-config.yaml (scripts/hygiene.py)."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _hook(check, *paths, cwd=ROOT):
    return subprocess.run(
        [sys.executable, ROOT / "scripts" / "hygiene.py", check, *paths],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_every_hook_is_local_and_names_a_check_that_exists():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = config["repos"][0]["hooks"]
    assert {hook["id"] for hook in hooks} >= {"ruff-check", "ruff-format", "trailing-whitespace"}
    for hook in hooks:
        program, *args = hook["entry"].split()
        assert program.startswith(".venv/bin/"), hook["id"]
        if args[0] == "scripts/hygiene.py":
            assert _hook(args[1]).returncode == 0, hook["id"]  # no files: nothing to report


def test_trailing_whitespace_is_removed_and_the_hook_fails(tmp_path):
    text = tmp_path / "notes.md"
    text.write_bytes(b"one  \ntwo\t\r\nthree \n")
    result = _hook("trailing-whitespace", text)
    assert (result.returncode, text.read_bytes()) == (1, b"one\ntwo\r\nthree\n")
    assert "notes.md: trailing whitespace removed" in result.stdout
    assert _hook("trailing-whitespace", text).returncode == 0


@pytest.mark.parametrize(
    ("before", "after"), [(b"x = 1", b"x = 1\n"), (b"x = 1\n\n\n", b"x = 1\n"), (b"\n\n", b"")]
)
def test_each_file_ends_with_exactly_one_newline(tmp_path, before, after):
    source = tmp_path / "module.py"
    source.write_bytes(before)
    assert _hook("end-of-file", source).returncode == 1
    assert source.read_bytes() == after
    assert _hook("end-of-file", source).returncode == 0


def test_yaml_and_toml_must_parse(tmp_path):
    (tmp_path / "good.yaml").write_text("a: 1\n---\nb: [2]\n")
    (tmp_path / "bad.yaml").write_text("a: [1\n")
    (tmp_path / "good.toml").write_text('[tool]\nname = "x"\n')
    (tmp_path / "bad.toml").write_text("[tool\n")
    assert _hook("yaml-syntax", tmp_path / "good.yaml").returncode == 0
    assert _hook("toml-syntax", tmp_path / "good.toml").returncode == 0
    assert "not valid YAML" in _hook("yaml-syntax", tmp_path / "bad.yaml").stdout
    assert "not valid TOML" in _hook("toml-syntax", tmp_path / "bad.toml").stdout


def test_merge_conflict_markers_are_refused(tmp_path):
    merged = tmp_path / "views.py"
    merged.write_text("a = 1\n<<<<<<< HEAD\nb = 2\n=======\nb = 3\n>>>>>>> other\n")
    result = _hook("merge-conflict-markers", merged)
    assert result.returncode == 1
    assert "merge conflict marker on line 2" in result.stdout
    merged.write_text("a = 1\nheading\n=====\n")
    assert _hook("merge-conflict-markers", merged).returncode == 0


def test_a_large_file_is_refused_when_added_not_when_already_committed(tmp_path):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", tmp_path], check=True)
    (tmp_path / "committed.map").write_bytes(b"x" * 600 * 1024)
    (tmp_path / "new.map").write_bytes(b"x" * 600 * 1024)
    (tmp_path / "small.txt").write_bytes(b"x" * 1024)
    subprocess.run([*git, "add", "committed.map"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "vendored"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "new.map", "small.txt"], cwd=tmp_path, check=True)
    result = _hook("large-new-file", "committed.map", "new.map", "small.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["new.map: 600 KB is over 500 KB"]
