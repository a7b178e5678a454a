"""The mirrored sites: one folder per outlet with its URL shapes (``__init__.py``) and Jinja2 templates.

``SITE_LAYOUTS[key]`` is the site's ``Site``: article and listing URLs, discovery routing and rendering.
"""

from __future__ import annotations

from mirror.sites import baochinhphu, baogialai, cand, congan_hungyen, dangcongsan, nhandan, qdnd
from mirror.sites.base import PAGE_SIZE, Site, esc
from mirror.sites.congan_hungyen import MISLABELLED_UTF8

SITE_LAYOUTS: dict[str, Site] = {
    module.SITE.key: module.SITE for module in (cand, dangcongsan, nhandan, baochinhphu, baogialai, congan_hungyen, qdnd)
}

__all__ = ["MISLABELLED_UTF8", "PAGE_SIZE", "SITE_LAYOUTS", "Site", "esc"]
