"""The layout rules of docs/architecture.md, checked on the source itself."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("clinic", "patients", "plans")
MAX_LINES = 400

# Only URL wiring, settings and the demo command may name every app.
MAY_NAME_EVERY_APP = {
    "clinic/urls.py",
    "clinic/settings.py",
    "clinic/settings_test.py",
    "clinic/management/commands/seed_demo.py",
}


def source_files() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    )


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module a file imports, at the top or inside a function, and every app label it hands to
    ``apps.get_model``/``import_module`` as a string."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in {"get_model", "import_module", "import_string"} and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.append((node.lineno, first.value))
    return found


def allowed(importer: str, module: str) -> bool:
    top = module.split(".")[0]
    if top not in APPS:
        return True
    if importer in MAY_NAME_EVERY_APP:
        return True
    if importer.startswith("plans/clinical/"):
        return module.startswith("plans.clinical")
    if module.startswith("plans.clinical"):
        return True
    order = {"clinic": 0, "patients": 1, "plans": 2}
    return order[top] <= order[importer.split("/")[0]]


def test_the_layout_is_checked_on_every_module():
    files = {relative(path) for path in source_files()}
    assert "clinic/access.py" in files
    assert "plans/clinical/__init__.py" in files
    assert len(files) > 60


@pytest.mark.parametrize("path", source_files(), ids=relative)
def test_imports_run_one_way(path):
    importer = relative(path)
    wrong = [
        f"{importer}:{line} imports {module}"
        for line, module in imported_modules(ast.parse(path.read_text()))
        if not allowed(importer, module)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", source_files(), ids=relative)
def test_no_module_is_over_the_limit(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{relative(path)} has {lines} lines"


@pytest.mark.parametrize(
    ("importer", "module", "expected"),
    [
        ("clinic/access.py", "patients.models.Patient", False),
        ("clinic/access.py", "plans", False),
        ("clinic/urls.py", "plans.views", True),
        ("patients/views.py", "plans.timeline.episode_context", False),
        ("patients/models.py", "plans.clinical.vocabulary.Sex", True),
        ("plans/clinical/engine.py", "plans.models.Exercise", False),
        ("plans/clinical/engine.py", "clinic.dates", False),
        ("plans/views/visits.py", "patients.models.Episode", True),
        ("plans/views/visits.py", "django.db.models", True),
    ],
)
def test_the_rule_itself(importer, module, expected):
    assert allowed(importer, module) is expected


def test_lazy_and_string_imports_are_seen():
    tree = ast.parse(
        "def f():\n    from plans.models import Visit\n"
        "def g(apps):\n    return apps.get_model('plans.Visit')\n"
    )
    assert [module for _, module in imported_modules(tree)] == ["plans.models.Visit", "plans.Visit"]


VOCABULARY_MODULES = {"plans/clinical/vocabulary.py", "plans/clinical/plan_vocabulary.py"}


def test_clinical_rules_use_no_orm():
    """plans/clinical is plain Python: the only Django it names is the choices module of its
    vocabulary modules (enumerations the models' fields take as ``choices=``)."""
    wrong = []
    for path in (ROOT / "plans" / "clinical").rglob("*.py"):
        for line, module in imported_modules(ast.parse(path.read_text())):
            if module.startswith("django") and not (
                relative(path) in VOCABULARY_MODULES and module == "django.db.models"
            ):
                wrong.append(f"{relative(path)}:{line} imports {module}")
    assert not wrong, "\n".join(wrong)
