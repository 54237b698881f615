"""The file hygiene checks of .pre-commit-config.yaml, run on the files pre-commit passes.

python scripts/hygiene.py CHECK FILE...   (CHECK: one of the functions in CHECKS below)

It works offline, unlike the usual hooks, which pre-commit would fetch from GitHub. As those do,
a check that fixes a file fails, so the fix is seen and staged before committing.
"""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

LARGEST_NEW_FILE_KB = 500
CONFLICT_MARKER = re.compile(rb"^(<<<<<<< |=======$|>>>>>>> )", re.MULTILINE)


def trailing_whitespace(path: Path) -> str | None:
    text = path.read_bytes()
    fixed = re.sub(rb"[ \t]+(\r?\n|$)", rb"\1", text)
    if fixed != text:
        path.write_bytes(fixed)
        return "trailing whitespace removed"
    return None


def end_of_file(path: Path) -> str | None:
    text = path.read_bytes()
    fixed = text.rstrip(b"\r\n") + b"\n" if text.strip() else b""
    if fixed != text:
        path.write_bytes(fixed)
        return "now ends with exactly one newline"
    return None


def yaml_syntax(path: Path) -> str | None:
    try:
        list(yaml.safe_load_all(path.read_text()))
    except yaml.YAMLError as error:
        return f"not valid YAML: {error}"
    return None


def toml_syntax(path: Path) -> str | None:
    try:
        tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as error:
        return f"not valid TOML: {error}"
    return None


def merge_conflict_markers(path: Path) -> str | None:
    if match := CONFLICT_MARKER.search(path.read_bytes()):
        line = path.read_bytes()[: match.start()].count(b"\n") + 1
        return f"merge conflict marker on line {line}"
    return None


def large_new_file(path: Path) -> str | None:
    """Only files being added: the vendored files already in the repository stay as they are."""
    size_kb = path.stat().st_size / 1024
    if size_kb > LARGEST_NEW_FILE_KB and str(path) in _files_being_added():
        return f"{size_kb:.0f} KB is over {LARGEST_NEW_FILE_KB} KB"
    return None


def _files_being_added() -> set[str]:
    staged = ["git", "diff", "--cached", "--name-only", "--diff-filter=A", "-z"]
    return set(subprocess.run(staged, capture_output=True, text=True, check=True).stdout.split("\0"))


CHECKS = {
    check.__name__.replace("_", "-"): check
    for check in (
        trailing_whitespace,
        end_of_file,
        yaml_syntax,
        toml_syntax,
        merge_conflict_markers,
        large_new_file,
    )
}


def main(check_name: str, *paths: str) -> int:
    check = CHECKS[check_name]
    problems = [(path, problem) for path in paths if (problem := check(Path(path)))]
    for path, problem in problems:
        print(f"{path}: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
