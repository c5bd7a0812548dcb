"""The layer boundaries of DESIGN.md: import contracts checked by import-linter, and services
that write rows only through storage/'s repository functions (an AST check)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    lint_imports = shutil.which("lint-imports") or str(
        Path(sys.executable).with_name("lint-imports")
    )
    if not Path(lint_imports).exists():
        pytest.fail("import-linter is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


PROBES = {  # probe -> {file in the package: its text}
    "storage reaches the window": {"storage/_probe.py": "from poemsreader.ui.shell import app\n"},
    "storage reaches a use case": {
        "storage/_probe.py": "from poemsreader.services import sharing\n"
    },
    "a use case runs SQL itself": {"services/_probe.py": "import sqlalchemy\n"},
    "the reader reaches into the shell": {
        "ui/reader/_probe.py": "from poemsreader.ui.shell import main_window\n"
    },
    "digest reaches the window through a helper": {
        "digest/_probe.py": "from poemsreader import _probe_step\n",
        "_probe_step.py": "from poemsreader.ui.common import tasks\n",
    },
    "the window runs SQL itself": {"ui/_probe.py": "import sqlalchemy\n"},
    "the window parses PDFs itself": {"ui/_probe.py": "import pymupdf\n"},
}


@pytest.mark.parametrize("probe", sorted(PROBES))
def test_a_forbidden_import_breaks_the_contracts(probe: str, tmp_path: Path) -> None:
    """The contracts bind: a copy of the package with one forbidden import fails them."""
    package = tmp_path / "src" / "poemsreader"
    shutil.copytree(
        REPO / "src" / "poemsreader", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    for where, text in PROBES[probe].items():
        (package / where).write_text(text, encoding="utf-8")
    lint_imports = str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run(
        [lint_imports, "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "src")},
    )
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout


# -- a use case writes rows only through storage/'s repository functions ------------------------

SESSION_WRITES = frozenset({"add", "add_all", "delete", "execute", "merge"})
SCHEMA_MODULE = "poemsreader.storage.schema"


def _session_names(function: ast.AST) -> set[str]:
    """What names a session inside `function`: `session`, a parameter annotated `Session`,
    and the target of `with <db>.session() as NAME`."""
    names = {"session"}
    if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        arguments = function.args
        for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            if isinstance(arg.annotation, ast.Name) and arg.annotation.id == "Session":
                names.add(arg.arg)
    for node in ast.walk(function):
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                call = item.context_expr
                opens_session = (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "session"
                )
                if opens_session and isinstance(item.optional_vars, ast.Name):
                    names.add(item.optional_vars.id)
    return names


def _is_session(node: ast.expr, names: set[str]) -> bool:
    return (isinstance(node, ast.Name) and node.id in names) or (
        isinstance(node, ast.Attribute) and node.attr == "session"
    )


def _schema_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """The row classes (mapped tables) a module imports from the schema, as it names them,
    and the names it gives the schema module itself."""
    import poemsreader.storage.schema as schema

    classes, modules = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == SCHEMA_MODULE:
            for alias in node.names:
                found = getattr(schema, alias.name, None)
                if isinstance(found, type) and issubclass(found, schema.Base):
                    classes.add(alias.asname or alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module == "poemsreader.storage":
            modules |= {a.asname or a.name for a in node.names if a.name == "schema"}
        elif isinstance(node, ast.Import):
            modules |= {a.asname for a in node.names if a.name == SCHEMA_MODULE and a.asname}
    return classes, modules


def _makes_a_row(call: ast.Call, classes: set[str], modules: set[str]) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in classes
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in modules
        and func.attr[:1].isupper()
    )


def _service_modules(package: Path) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted((package / "services").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        yield path.relative_to(package).as_posix(), tree


def session_writes_in_services(package: Path) -> list[str]:
    """Every call in a service of `.add(`, `.delete(`, `.execute(`... on a session."""
    found = set()
    for where, tree in _service_modules(package):
        functions = (ast.FunctionDef, ast.AsyncFunctionDef)
        for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, functions))]:
            names = _session_names(scope)
            for node in ast.walk(scope):
                if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                    continue
                if node.func.attr in SESSION_WRITES and _is_session(node.func.value, names):
                    found.add(f"{where}:{node.lineno}: {ast.unparse(node.func)}(")
    return sorted(found)


def rows_made_in_services(package: Path) -> list[str]:
    """Every call in a service of a schema row class (a row made outside storage/)."""
    found = []
    for where, tree in _service_modules(package):
        classes, modules = _schema_names(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _makes_a_row(node, classes, modules):
                found.append(f"{where}:{node.lineno}: {ast.unparse(node.func)}(")
    return sorted(found)


def test_services_write_through_no_session() -> None:
    """`storage/` reads and writes rows; a use case calls its repository functions."""
    assert session_writes_in_services(REPO / "src" / "poemsreader") == []


def test_services_make_no_schema_rows() -> None:
    """A row is made where it is added: in a repository function of `storage/`."""
    assert rows_made_in_services(REPO / "src" / "poemsreader") == []


WRITE_PROBES = {  # probe -> (the service's text, what the check must report)
    "a use case adds a row": (
        "def keep(session, row):\n    session.add(row)\n",
        ["session.add("],
    ),
    "a use case deletes through its own session": (
        "class Merger:\n    def drop(self, tomb):\n        self.session.delete(tomb)\n",
        ["self.session.delete("],
    ),
    "a use case runs a statement": (
        "def wipe(session, statement):\n    session.execute(statement)\n",
        ["session.execute("],
    ),
    "a use case adds rows in bulk under another name": (
        "from poemsreader.storage.database import Session\n"
        "def keep(s: Session, rows):\n    s.add_all(rows)\n",
        ["s.add_all("],
    ),
    "a use case merges a row in a session it opens": (
        "def keep(db, row):\n    with db.session() as opened:\n        opened.merge(row)\n",
        ["opened.merge("],
    ),
    "a use case makes a schema row": (
        "from poemsreader.storage.schema import Tombstone as TombstoneRow\n"
        "def tomb(uuid):\n    return TombstoneRow(uuid=uuid)\n",
        ["TombstoneRow("],
    ),
    "a use case makes a row through the schema module": (
        "from poemsreader.storage import schema\n"
        "def topic(name):\n    return schema.Topic(name=name)\n",
        ["schema.Topic("],
    ),
    "a use case adds to sets and names rows only in hints": (
        "from poemsreader.storage.schema import Topic, topic_key\n"
        "def names(topics: list[Topic], seen: set[str], session):\n"
        "    seen.add(topic_key('x'))\n"
        "    session.flush()\n"
        "    return {t.name for t in topics}\n",
        [],
    ),
}


@pytest.mark.parametrize("probe", sorted(WRITE_PROBES))
def test_a_row_written_in_a_service_is_found(probe: str, tmp_path: Path) -> None:
    """The check binds: a copy of the package with one service writing a row itself
    fails it, at that line (and calls that write no row pass)."""
    package = tmp_path / "poemsreader"
    shutil.copytree(
        REPO / "src" / "poemsreader", package, ignore=shutil.ignore_patterns("__pycache__")
    )
    text, expected = WRITE_PROBES[probe]
    (package / "services" / "team" / "_probe.py").write_text(text, encoding="utf-8")
    found = sorted(session_writes_in_services(package) + rows_made_in_services(package))
    assert [f.split(": ", 1)[1] for f in found] == expected
    assert all(f.startswith("services/team/_probe.py:") for f in found)
