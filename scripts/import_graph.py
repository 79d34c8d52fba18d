"""Figures of the project's import graph, read by grimp (the engine of import-linter).

    .venv/bin/python scripts/import_graph.py

Prints, for the project's own modules (migrations left out):
- files: Python modules, packages counted by their __init__;
- levels: the longest chain of imports between files, once circles are condensed;
- imports running back up: imports from an app to an app above it in LAYERS (the
  order the import-linter contracts in pyproject.toml enforce), and the imports grimp
  nominates to break the cycles between sibling files or folders of each package;
- circles: groups of files that import each other, directly or through others.
Every import counts, including those inside a function: they tie files together too.
"""

import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# From the top down: an app may import only the apps below it.
LAYERS = [
    "solidarity",
    "public",
    "opendata",
    "corrections",
    "commitments",
    "accounts",
    "cities",
]
APPS = [
    name
    for name in (
        "solidarity",
        "cities",
        "commitments",
        "accounts",
        "corrections",
        "public",
        "opendata",
    )
    if (ROOT / name / "__init__.py").exists()
]


def project_graph():
    graph = grimp.build_graph(*APPS, cache_dir=None)
    for module in sorted(graph.modules):
        if ".migrations" in module:
            graph.remove_module(module)
    return graph


def file_edges(graph) -> dict[str, set[str]]:
    """Direct imports between files, an import of a package ending at its __init__."""
    return {
        module: {
            imported
            for imported in graph.find_modules_directly_imported_by(module)
            if imported in graph.modules and imported != module
        }
        for module in graph.modules
    }


def strongly_connected(edges: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative: the groups of files that reach each other."""
    index, low, on_stack, stack, groups = {}, {}, set(), [], []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                groups.append(group)
    return groups


def levels(edges: dict[str, set[str]], groups: list[set[str]]) -> int:
    """The longest chain of imports, each circle counting as one file."""
    group_of = {module: i for i, group in enumerate(groups) for module in group}
    # Tarjan yields groups in reverse topological order: imported before importer.
    depth = [1] * len(groups)
    for i, group in enumerate(groups):
        for module in group:
            for imported in edges[module]:
                j = group_of[imported]
                if j != i:
                    depth[i] = max(depth[i], depth[j] + 1)
    return max(depth, default=0)


def main() -> None:
    graph = project_graph()
    edges = file_edges(graph)
    groups = strongly_connected(edges)
    circles = [sorted(group) for group in groups if len(group) > 1]
    packages = sorted(m for m in graph.modules if graph.find_children(m))
    layer = {app: LAYERS.index(app) for app in APPS}
    against_layers = {
        (importer, imported)
        for importer, imported_modules in edges.items()
        for imported in imported_modules
        if layer[imported.split(".")[0]] < layer[importer.split(".")[0]]
    }
    back_up = sorted(
        against_layers
        | {
            tuple(breaker)
            for package in packages
            for breaker in graph.nominate_cycle_breakers(package)
        }
    )
    print(f"apps: {', '.join(APPS)}")
    print(f"files: {len(graph.modules)} (in {len(packages)} packages)")
    print(f"levels: {levels(edges, groups)}")
    print(f"imports running back up: {len(back_up)}")
    for importer, imported in back_up:
        print(f"  {importer} -> {imported}")
    print(f"circles: {len(circles)}")
    for circle in circles:
        print(f"  {' <-> '.join(circle)}")


if __name__ == "__main__":
    main()
