"""requirements.txt is what production and a newcomer's `make run` install: every module the
portal imports at run time must come from it (directly or through what it requires), not
from requirements-dev.txt. `.ci/run` proves the same with a virtualenv of its own."""

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_RUNTIME = re.compile(r"(^|/)(tests|bench|migrations|\.venv|var)(/|$)")
OWN = {"duoplus", "programmes", "budget", "reports", "tests", "bench", "manage"}


def _norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _required(path):
    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r"):
            names |= _required(path.parent / line[2:].strip())
        elif m := re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line):
            names.add(_norm(m.group(0)))
    return names


def _closure(names):
    todo, done = list(names), set()
    while todo:
        name = todo.pop()
        if name in done:
            continue
        done.add(name)
        try:
            requirements = metadata.requires(name) or []
        except metadata.PackageNotFoundError:  # a marker for another Python leaves it out
            continue
        for requirement in requirements:
            if "extra ==" in requirement and not any(
                f'extra == "{extra}"' in requirement for extra in ("redis", "s3")
            ):
                continue
            todo.append(_norm(re.match(r"[A-Za-z0-9._-]+", requirement).group(0)))
    return done


def _runtime_imports():
    found = {}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if NOT_RUNTIME.search(relative):
            continue
        for node in ast.walk(ast.parse(path.read_text(), relative)):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top not in OWN and top not in sys.stdlib_module_names:
                    found.setdefault(top, relative)
    return found


def test_every_runtime_import_comes_from_requirements_txt():
    installed = _closure(_required(ROOT / "requirements.txt"))
    distributions = metadata.packages_distributions()
    missing = {
        module: where
        for module, where in _runtime_imports().items()
        if not {_norm(d) for d in distributions.get(module, [module])} & installed
    }
    assert not missing, f"imported at run time but not in requirements.txt: {missing}"
