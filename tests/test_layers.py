"""The house's layers: imports point down only.

Read from the code's own ``import`` statements (deferred ones inside functions
too), so that an arrow pointing up fails here, not in a review:

- ``core`` is below every app: it imports no app, no project module and no
  model (it reads no database of its own);
- the project (``cms``: settings, root URLs, WSGI) is above every app: no
  package imports it;
- no app imports another app's template tags (a view assembles, a template
  draws; a sibling's tag is not a library);
- between the project's packages the imports form no circle, so that they
  stand in floors.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = sorted(
    path.parent.name
    for path in ROOT.glob("*/__init__.py")
    if path.parent.name not in {"tests"}
)


def modules(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported_names(path):
    """Every module name ``path`` imports, absolute, anywhere in the file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def arrows():
    """``{(importer package, imported package): [file, …]}`` between packages."""
    found = {}
    for package in PACKAGES:
        for path in modules(package):
            for name in imported_names(path):
                target = name.split(".")[0]
                if target in PACKAGES and target != package:
                    found.setdefault((package, target), []).append(
                        str(path.relative_to(ROOT))
                    )
    return found


def test_the_packages_are_found():
    assert {"core", "cms", "articles", "comments"} <= set(PACKAGES)


def test_core_imports_no_app_and_no_model():
    wrong = []
    for path in modules("core"):
        for name in imported_names(path):
            top = name.split(".")[0]
            model = ".models." in f".{name}." and not name.startswith("django.db")
            if (top in PACKAGES and top != "core") or model:
                wrong.append(f"{path.relative_to(ROOT)}: {name}")
    assert wrong == []


def test_no_package_imports_the_project():
    assert [pair for pair in arrows() if pair[1] == "cms"] == []


def test_no_app_imports_a_siblings_template_tags():
    wrong = [
        f"{path.relative_to(ROOT)}: {name}"
        for package in PACKAGES
        for path in modules(package)
        for name in imported_names(path)
        if ".templatetags" in name and name.split(".")[0] not in {package, "django"}
    ]
    assert wrong == []


def test_the_packages_stand_in_floors():
    """No circle of imports between packages (a depth-first search)."""
    found = arrows()
    below = {}
    for importer, imported in found:
        below.setdefault(importer, set()).add(imported)
    circles = []

    def visit(package, path):
        for nxt in sorted(below.get(package, ())):
            if nxt in path:
                circle = path[path.index(nxt) :] + [nxt]
                circles.append(" → ".join(circle))
            else:
                visit(nxt, path + [nxt])

    for package in PACKAGES:
        visit(package, [package])
    assert circles == [], {
        circle: found.get(tuple(circle.split(" → ")[:2])) for circle in circles
    }
