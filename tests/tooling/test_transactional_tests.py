"""Every transactional test restores the database it found: the exercise library and the roles come
from data migrations, and a flush without ``serialized_rollback`` re-creates content types that the
next restoring test then loads a second time (duplicate keys at its setup)."""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
MARK = re.compile(r"django_db\(([^)]*)\)")


def transactional_marks_without_restore(text: str) -> list[str]:
    return [
        args
        for args in MARK.findall(text)
        if re.search(r"transaction\s*=\s*True", args)
        and not re.search(r"serialized_rollback\s*=\s*True", args)
    ]


def test_every_transactional_test_restores_the_database():
    offenders = {
        str(path.relative_to(TESTS)): marks
        for path in sorted(TESTS.rglob("test_*.py"))
        if path != Path(__file__).resolve()
        and (marks := transactional_marks_without_restore(path.read_text(encoding="utf-8")))
    }
    assert not offenders, offenders


def test_the_check_sees_a_mark_without_restore():
    assert transactional_marks_without_restore("@pytest.mark.django_db(transaction=True)") == [
        "transaction=True"
    ]
    assert not transactional_marks_without_restore(
        "@pytest.mark.django_db(transaction=True, serialized_rollback=True)"
    )
