"""Each app declares itself once, in its manifest (leeratelier/core/components.py): the manifests
name modules and models that exist, and every module of an app that adds to a registry is named in
its app's manifest, so nothing is registered behind the manifest's back."""

import importlib
from pathlib import Path

import pytest

from leeratelier.core import components, pagecache, panels, privacy
from leeratelier.core.components import STEP_KINDS, Manifest

# Module names that, in an app, add themselves to a registry when imported.
REGISTERING_MODULES = {"emails", "search", "signals", "privacy", "moderation", "kinds", "listeners"}
PROJECT_APPS = {"core", "accounts", "ateliers", "cases", "pioneers", "toolbox", "magazine", "home", "search", "cycles"}


def app_modules(config):
    return {path.stem for path in Path(config.path).glob("*.py")}


def test_every_project_app_has_a_manifest():
    assert {config.label for config in components.components()} >= PROJECT_APPS | {"notifications"}


@pytest.mark.parametrize("config", components.components(), ids=lambda config: config.label)
def test_the_manifest_names_what_the_app_has_and_the_app_has_nothing_it_does_not_name(config):
    manifest, modules = config.manifest, app_modules(config)
    assert set(manifest.registers) <= modules
    assert set(manifest.steps) <= modules
    if config.label != "search":  # the search app's own search.py is not a tab
        assert modules & REGISTERING_MODULES <= set(manifest.registers)
    assert modules & set(STEP_KINDS) <= set(manifest.steps)
    for name in manifest.page_cache_models:
        assert config.get_model(name)
    for _template, function in manifest.atelier_panels + manifest.my_panels:
        assert callable(config.function(function))
    for name, path in manifest.my_page_models:  # the path starts at a field of the model
        assert config.get_model(name)._meta.get_field(path.split(".")[0].removesuffix("_id"))


def test_the_registries_are_filled_from_the_manifests():
    """What the apps declare is what the core's registries hold, in INSTALLED_APPS order."""
    declared_panels = [template for config in components.components() for template, _ in config.manifest.atelier_panels]
    assert [panel.template_name for panel in panels.panels()] == declared_panels
    assert {model._meta.label for model in pagecache.invalidating_models()} >= {
        f"{config.label}.{name}" for config in components.components() for name in config.manifest.page_cache_models
    }
    erasers = [eraser.__module__ for eraser in privacy._erasers]
    assert erasers == sorted(
        erasers, key=lambda module: [c.name for c in components.components()].index(module.rsplit(".", 1)[0])
    )


def test_steps_are_imported_from_the_apps_that_declare_them():
    components.import_steps("setup")
    for config in components.components():
        if "setup" in config.manifest.steps:
            assert importlib.import_module(f"{config.name}.setup")
    with pytest.raises(ValueError):
        components.import_steps("seed")


def test_a_manifest_refuses_an_unknown_kind_of_step():
    with pytest.raises(ValueError):
        Manifest(steps=("seeds",))
