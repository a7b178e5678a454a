"""The mirrored sites: one folder per outlet with its URL shapes (``__init__.py``) and Jinja2 templates.

``SITE_LAYOUTS[key]`` is the site's ``Site``: article and listing URLs, discovery routing and rendering.
Adding a folder with a module that defines ``SITE`` is all it takes to serve a new site.
"""

from __future__ import annotations

import importlib

from mirror.corpus import SITES
from mirror.sites.base import PAGE_SIZE, Site, esc
from mirror.sites.congan_hungyen import MISLABELLED_UTF8


def _load_sites() -> dict[str, Site]:
    sites: dict[str, Site] = {}
    for key in SITES:
        site = importlib.import_module(f"{__name__}.{key}").SITE
        if site.key != key:
            raise ValueError(f"mirror/sites/{key}: its SITE is keyed {site.key!r}")
        sites[key] = site
    return sites


SITE_LAYOUTS: dict[str, Site] = _load_sites()

__all__ = ["MISLABELLED_UTF8", "PAGE_SIZE", "SITE_LAYOUTS", "Site", "esc"]
