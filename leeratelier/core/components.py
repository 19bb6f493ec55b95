"""One manifest per app: what the app adds to the platform, declared once (after Decidim's component
manifest, `decidim-meetings/lib/decidim/meetings/component.rb`).

Every project app's AppConfig subclasses ``ComponentConfig`` and sets ``manifest = Manifest(...)``.
The core reads the manifests and names no app: a new component is one folder, one manifest and one
line in INSTALLED_APPS. What a manifest holds:

- ``registers``: the app's modules that add themselves to a registry when imported (email kinds,
  search tabs, reportable kinds, privacy parts, signal receivers, notification listeners). They
  are imported when the app is ready, in INSTALLED_APPS order, which is the order their entries
  are listed and run in (account deletion runs the erasers in that order).
- ``steps``: the app's modules of steps that commands run, imported only by those commands:
  "setup" (``manage.py setup_site``, ordered by ``sitesetup.register_step(order)``), "demo"
  (``manage.py load_demo``) and "bench" (``manage.py make_bench_data``, ordered by number).
- ``page_cache_models``: the app's models whose change alters what some anonymous page shows
  without a page being published (``core.pagecache``).
- ``policy``: the app's module of access rules (e.g. ``"policy"``), built on the space's rules in
  ``core.access``; registered with ``access.use_policy`` when the app is ready, so
  ``access.can(user, action, obj)`` asks it about the app's objects, and the permission table
  reads the answers it declares (``PERMISSIONS``).
- ``atelier_panels`` and ``my_panels``: (template, "module.function") of the panels the app adds to
  the atelier page and to "Mijn leeratelier" (``core.panels``), in the app's own order.
- ``my_page_models``: ("Model", "attribute path to a person's id") of the app's models whose
  change alters what "Mijn leeratelier" shows that person (their cases, registrations, ...): the
  page is kept in the cache per person, and saving or deleting one of these renders it anew
  (``core.panels.watch_for_my_page``).

``tests/core/test_components.py`` checks that every manifest names modules that exist and that
every such module of an app is named in its manifest.
"""

import importlib
from dataclasses import dataclass

from django.apps import AppConfig, apps

from . import panels

STEP_KINDS = ("setup", "demo", "bench")


@dataclass(frozen=True)
class Manifest:
    registers: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    page_cache_models: tuple[str, ...] = ()
    atelier_panels: tuple[tuple[str, str], ...] = ()
    my_panels: tuple[tuple[str, str], ...] = ()
    my_page_models: tuple[tuple[str, str], ...] = ()
    policy: str = ""

    def __post_init__(self):
        unknown = set(self.steps) - set(STEP_KINDS)
        if unknown:
            raise ValueError(f"Unknown kinds of steps {sorted(unknown)}: steps are {STEP_KINDS}")


class ComponentConfig(AppConfig):
    """An app of the project. ``ready`` imports the modules the manifest names and adds its panels;
    an app with more to do when ready calls ``super().ready()``. Apps subclass it as
    ``components.ComponentConfig`` (the module, not the class, imported into their apps.py), so
    Django still finds exactly one config class there to pick."""

    manifest = Manifest()

    def ready(self):
        if self.manifest.policy:
            from . import access  # after the app registry: access imports auth's views

            access.use_policy(importlib.import_module(f"{self.name}.{self.manifest.policy}"))
        for module in self.manifest.registers:
            importlib.import_module(f"{self.name}.{module}")
        for template_name, function in self.manifest.atelier_panels:
            panels.register_panel(template_name, self.function(function))
        for template_name, function in self.manifest.my_panels:
            panels.register_my_panel(template_name, self.function(function))
        for model_name, path in self.manifest.my_page_models:
            panels.watch_for_my_page(self.get_model(model_name), path)

    def function(self, dotted):
        """``"module.function"`` of this app as the function itself."""
        module, name = dotted.rsplit(".", 1)
        return getattr(importlib.import_module(f"{self.name}.{module}"), name)


def components():
    """The project's apps, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if isinstance(config, ComponentConfig)]


def import_steps(kind):
    """Import every app's module of steps of ``kind`` ("setup", "demo" or "bench")."""
    if kind not in STEP_KINDS:
        raise ValueError(kind)
    for config in components():
        if kind in config.manifest.steps:
            importlib.import_module(f"{config.name}.{kind}")


def page_cache_models():
    """Every app's models whose change moves the anonymous page cache on."""
    return [config.get_model(name) for config in components() for name in config.manifest.page_cache_models]


def policy_modules():
    """Every app's policy module, in INSTALLED_APPS order."""
    return [
        importlib.import_module(f"{config.name}.{config.manifest.policy}")
        for config in components()
        if config.manifest.policy
    ]
