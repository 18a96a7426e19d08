"""The house keeps its floors: braid/lib imports nothing of Braid but itself, and braid/core
only itself and lib (docs/architecture.md, "Layers"). Lazy imports inside functions count too:
they are the same dependency, only hidden. A layer's own tests may use the layers above (a
test of the API envelope needs a user and a token), so `tests/` folders are not checked."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import braid

ROOT = Path(braid.__file__).parent
ALLOWED = {"lib": ("braid.lib",), "core": ("braid.core", "braid.lib")}


def _braid_imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, n) for n in names if n == "braid" or n.startswith("braid.")]
    return found


def upward_imports(layer: str) -> list[str]:
    """'file:line imports module' for each import of a layer above `layer`."""
    bad = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        if "tests" in path.relative_to(ROOT).parts:
            continue
        for line, name in _braid_imports(path):
            if not name.startswith(ALLOWED[layer]) and name != "braid":
                bad.append(f"{path.relative_to(ROOT.parent)}:{line} imports {name}")
    return bad


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_lower_layers_import_nothing_above_them(layer: str) -> None:
    assert upward_imports(layer) == []


def test_the_check_sees_a_lazy_import_inside_a_function(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from braid.collaboratives.models import Membership\n")
    assert _braid_imports(sample) == [(2, "braid.collaboratives.models")]
