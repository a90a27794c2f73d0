"""Every package the code imports is declared in pyproject.toml, so a fresh install has what the code needs."""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OWN = {"members", "reports", "congress", "lienhiephoi", "tests", "bench", "manage"}


def _canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(*groups):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for group in groups:
        requirements += project["optional-dependencies"][group]
    return {_canonical(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]) for requirement in requirements}


def _imported(folders):
    modules = {}
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in OWN:
                        modules.setdefault(top, path.relative_to(ROOT))
    return modules


def _undeclared(folders, declared):
    distributions = importlib.metadata.packages_distributions()
    missing = []
    for module, where in sorted(_imported(folders).items()):
        owners = {_canonical(d) for d in distributions.get(module, [module])}
        if not owners & declared:
            missing.append(f"{module} (imported in {where}, from {', '.join(sorted(owners))})")
    return missing


@pytest.mark.parametrize(
    ("folders", "groups"),
    [
        (["members", "reports", "congress", "lienhiephoi"], ()),
        # The benchmarks run where the tests do (bin/setup --test): the congress-day client is httpx.
        (["tests", "bench"], ("test",)),
    ],
)
def test_every_imported_package_is_declared(folders, groups):
    assert _undeclared(folders, _declared(*groups)) == []
