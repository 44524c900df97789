"""Provider kinds beyond aws and google for the test provider, and extra google types.

Each kind lives in its own module (``kinds_<kind>.py``) with look-alike schemas of the real
provider's resources (attribute names as in the provider's docs; ``requires_replace`` where the
real one forces a new resource). ``tfguard_test_provider.py`` asks this registry for any kind it
does not know itself.
"""

from __future__ import annotations

from typing import Any

import kinds_azurerm
import kinds_digitalocean
import kinds_google
import kinds_kubernetes
import kinds_mongodbatlas

KINDS: dict[str, tuple[str, dict[str, Any], list[Any]]] = {
    "azurerm": ("azurerm_", kinds_azurerm.RESOURCES, kinds_azurerm.CONFIG),
    "kubernetes": ("kubernetes_", kinds_kubernetes.RESOURCES, kinds_kubernetes.CONFIG),
    "mongodbatlas": ("mongodbatlas_", kinds_mongodbatlas.RESOURCES, kinds_mongodbatlas.CONFIG),
    "digitalocean": ("digitalocean_", kinds_digitalocean.RESOURCES, kinds_digitalocean.CONFIG),
}
"""kind -> (type prefix, resources, provider configuration attributes)."""

EXTRA: dict[str, dict[str, Any]] = {"google": kinds_google.RESOURCES}
"""Resources added to a kind the shared provider file defines."""

SOURCES = {
    "mongodbatlas": "mongodb/mongodbatlas",
    "digitalocean": "digitalocean/digitalocean",
}
"""Registry source of each kind whose namespace is not hashicorp."""
