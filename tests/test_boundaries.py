"""The house's boundaries (README, "Architecture"): the core is plumbing and knows no app; the
atelier is the space and knows none of its components; the components stand side by side in the
directions the domain gives them. Imports are read with `ast` from the source, so a lazy import
inside a function counts as much as one at the top of a module.

The rules:
- the core imports no app;
- the ateliers app (the space) imports no component: a component adds itself to the atelier page
  through its own registrations (panels, search tabs), never the other way round;
- cases import nothing from cycles (a cycle may quote cases; a case knows no cycle);
- the toolbox reaches the registry's practices through the reverse relation of
  `PracticePage.methods`, never by importing the registry.

Where the core needs something of an app, the app hands it over when it is ready (the ateliers
app gives the access function its space: `access.use_space`; the magazine gives the benchmark its
text: `core.bench.TEXT_SOURCES`), so the dependency points from the app to the core.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

APPS = {
    "leeratelier.core": "core",
    "leeratelier.accounts": "accounts",
    "leeratelier.ateliers": "ateliers",
    "leeratelier.cases": "cases",
    "leeratelier.toolbox": "toolbox",
    "leeratelier.pioneers": "pioneers",
    "leeratelier.magazine": "magazine",
    "leeratelier.notifications": "notifications",
    "cycles": "cycles",
    "home": "home",
    "search": "search",
}
COMPONENTS = {"cases", "cycles", "toolbox", "pioneers", "notifications"}

# (importing app, imported app): what is not allowed.
FORBIDDEN = (
    {("core", other) for other in set(APPS.values()) - {"core"}}
    | {("ateliers", component) for component in COMPONENTS}
    | {("cases", "cycles"), ("toolbox", "pioneers")}
)


def app_of(module):
    for prefix, app in APPS.items():
        if module == prefix or module.startswith(prefix + "."):
            return app
    return None


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno


def source_files():
    for path in (
        sorted(ROOT.glob("leeratelier/**/*.py"))
        + sorted(ROOT.glob("cycles/**/*.py"))
        + sorted(ROOT.glob("home/**/*.py"))
        + sorted(ROOT.glob("search/**/*.py"))
    ):
        if "migrations" in path.parts:
            continue
        yield path


def crossings():
    found = {}
    for path in source_files():
        relative = path.relative_to(ROOT).as_posix()
        source_app = app_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for module, line in imported_modules(path):
            target = app_of(module)
            if (source_app, target) in FORBIDDEN:
                found.setdefault((relative, target), []).append(f"{relative}:{line} imports {module}")
    return found


def test_no_import_crosses_a_boundary():
    found = crossings()
    assert not found, "imports across the house's boundaries:\n" + "\n".join(
        line for lines in found.values() for line in lines
    )


def test_the_rules_see_a_lazy_import(tmp_path):
    """The reader finds an import inside a function body, where a lazy import hides a cycle."""
    module = tmp_path / "lazy.py"
    module.write_text("def f():\n    from leeratelier.ateliers.models import AtelierPage\n")
    assert [name for name, _ in imported_modules(module)] == ["leeratelier.ateliers.models"]


# --- the space's rules in the core, each component's rules in its own policy -------------------------

COMPONENT_WORDS = ("case", "reflection", "cycle", "report", "practice", "experience", "profile", "directory")


def test_the_core_access_module_defines_no_component_rule():
    """``core/access.py`` keeps the space's rules (roles, membership, suspension, pages, the answer
    to a refusal, the dispatch of ``can``); a rule about a component's object lives in the
    component's ``policy.py``, declared in its manifest."""
    tree = ast.parse((ROOT / "leeratelier/core/access.py").read_text(encoding="utf-8"))
    functions = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    named = [name for name in functions if any(word in name for word in COMPONENT_WORDS)]
    assert not named, f"component rules in core/access.py: {named}"


def test_every_component_declares_its_policy_in_its_manifest():
    from django.apps import apps

    from leeratelier.core import access, components

    for app in ("cases", "cycles", "toolbox", "pioneers", "accounts", "ateliers"):
        config = apps.get_app_config(app)
        assert config.manifest.policy == "policy", app
        assert (Path(config.path) / "policy.py").exists(), app
    registered = {module.__name__ for module in components.policy_modules()}
    assert registered == set(access.policies)
