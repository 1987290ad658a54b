"""Places at a chosen level (province, city or district), through the detector's gazetteer.

The gazetteer lives in ``privacy_gateway.detection.gazetteer`` as ``resolve(text) -> Region | None``.
It is looked up once, when a Masker is built; without it (or when it does not know a place) the
operators fall back to a mask that reveals nothing about the place.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Literal, Protocol

GAZETTEER_MODULE = "privacy_gateway.detection.gazetteer"

Level = Literal["province", "city", "district"]
_DEPTH: dict[str, int] = {"province": 1, "city": 2, "district": 3}


class Region(Protocol):
    @property
    def province(self) -> str | None: ...
    @property
    def city(self) -> str | None: ...
    @property
    def district(self) -> str | None: ...


RegionResolver = Callable[[str], Region | None]


def load_region_resolver(module_name: str = GAZETTEER_MODULE) -> RegionResolver | None:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None  # not built yet: generic fallback
        raise  # the gazetteer exists but is broken: say so at startup
    resolve = getattr(module, "resolve", None)
    return resolve if callable(resolve) else None


def region_text(resolve: RegionResolver | None, value: str, level: str) -> str | None:
    """'浙江省杭州市' for '杭州市西湖区文三路100号' at city level; None when unknown."""
    if resolve is None:
        return None
    region = resolve(value)
    if region is None:
        return None
    names = (region.province, region.city, region.district)[: _DEPTH[level]]
    parts: list[str] = []
    for name in names:
        if name and (not parts or parts[-1] != name):  # 北京市 is province and city
            parts.append(name)
    return "".join(parts) or None
