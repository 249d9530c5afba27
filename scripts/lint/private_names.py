"""An import-linter contract: no module imports a `_private` name from another package.

A leading underscore says "only for this package"; importing such a name from elsewhere means
the function belongs in a shared, public module (CONVENTIONS.md). A package is a direct child of
the root package (`verhalenkaart.stories`), or a top-level module (`verhalenkaart.geo`). Every
`from … import` counts, also inside functions.
"""

from __future__ import annotations

import ast
import importlib.util

import grimp
from importlinter import Contract, ContractCheck, fields, output


def _package(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _private_imports(module: str, root: str) -> list[tuple[int, str, str]]:
    """(line, imported module, name) of each private name `module` imports from elsewhere."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return []
    with open(spec.origin, encoding="utf-8") as source:
        tree = ast.parse(source.read(), spec.origin)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        if not node.module.startswith(root + ".") or _package(node.module) == _package(module):
            continue
        for alias in node.names:
            if alias.name.startswith("_") and not alias.name.startswith("__"):
                found.append((node.lineno, node.module, alias.name))
    return found


class PrivateNamesContract(Contract):
    """Configuration: `root_package`, the package whose modules are checked."""

    type_name = "private_names"
    root_package = fields.StringField()

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        root = str(self.root_package)
        violations = [
            (module, *found)
            for module in sorted(graph.find_descendants(root) | {root})
            for found in _private_imports(module, root)
        ]
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for module, line, imported, name in check.metadata["violations"]:
            output.print_error(f"{module}:{line} imports {name} from {imported}")
            output.new_line()
