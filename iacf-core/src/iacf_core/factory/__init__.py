"""The module factory: a git repository of versioned, tested Terraform modules, fed by pull requests.

Cloud-neutral: plugins seed it (hook ``iacf_factory_modules``); core checks, versions, publishes and reuses
modules whatever their cloud. See ``docs/factory.md``.
"""

from __future__ import annotations

from ..toolkit.modules import FactoryModuleSource, ModuleManifest, Release

__all__ = ["FactoryModuleSource", "ModuleManifest", "Release"]
