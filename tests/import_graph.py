"""The package's imports as a graph, read from the source (every import counts, those deferred into a function
too; only `if TYPE_CHECKING:` ones don't run). Used by the house rules in tests/unit/test_boundaries.py."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Use:
    module: str  # who uses it
    line: int
    target: str  # the module whose private name it is
    name: str


def modules(root: Path, package: str = "sprint") -> dict[str, Path]:
    out = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            skipped |= {id(n) for part in node.body for n in ast.walk(part)}
    return [n for n in ast.walk(tree) if id(n) not in skipped]


def _base(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    parts = package.split(".")[:len(package.split(".")) - node.level + 1]
    return ".".join(parts + ([node.module] if node.module else []))


def edges(root: Path, package: str = "sprint") -> dict[str, set[str]]:
    """module -> the package's modules it imports."""
    known = modules(root, package)
    graph: dict[str, set[str]] = {}
    for module, path in known.items():
        found: set[str] = set()
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    name = alias.name
                    while name and name not in known:
                        name = name.rsplit(".", 1)[0] if "." in name else ""
                    if name:
                        found.add(name)
            elif isinstance(node, ast.ImportFrom):
                base = _base(module, path, node)
                for alias in node.names:
                    if f"{base}.{alias.name}" in known:
                        found.add(f"{base}.{alias.name}")
                    elif base in known:
                        found.add(base)
        found.discard(module)
        graph[module] = found
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan's strongly connected parts)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def private_uses(root: Path, package: str = "sprint", extra: list[Path] = ()) -> list[Use]:
    """Names starting with one underscore, used outside the module that defines them: `from m import _x` and
    `m._x` where m is one of the package's modules."""
    known = modules(root, package)
    sources = [(m, p) for m, p in known.items()] + [(p.stem, p) for p in extra]
    uses = []
    for module, path in sources:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases: dict[str, str] = {}  # a local name -> the package module it is
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = _base(module, path, node) if module in known else (node.module or "")
                for alias in node.names:
                    local = alias.asname or alias.name
                    if f"{base}.{alias.name}" in known:
                        aliases[local] = f"{base}.{alias.name}"
                    elif base in known and alias.name.startswith("_") and not alias.name.startswith("__"):
                        uses.append(Use(module, node.lineno, base, alias.name))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in known and alias.asname:
                        aliases[alias.asname] = alias.name
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                    node.value.id in aliases and node.attr.startswith("_") and not node.attr.startswith("__") \
                    and aliases[node.value.id] != module:
                uses.append(Use(module, node.lineno, aliases[node.value.id], node.attr))
    return uses
