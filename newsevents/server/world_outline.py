"""Build `static/world.json`, the dashboard map's world outline, from a Natural Earth 110m shapefile
(public domain; e.g. `naturalearth_lowres.shp` as shipped in the geopandas 0.14 wheel on PyPI):

    python -m newsevents.server.world_outline PATH/naturalearth_lowres.shp

Coordinates are rounded to 0.1 degree and consecutive duplicate points dropped.  Only run by hand:
the server reads the generated file shipped in the package and fetches nothing.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

OUT = Path(__file__).parent / "static" / "world.json"


def read_polygons(path: Path) -> list[list[tuple[float, float]]]:
    """The rings of every polygon record (shape type 5) of an ESRI shapefile."""
    data = path.read_bytes()
    if struct.unpack(">i", data[:4])[0] != 9994:
        raise ValueError(f"{path}: not a shapefile")
    rings, pos = [], 100
    while pos + 8 <= len(data):
        _, length = struct.unpack(">ii", data[pos:pos + 8])
        rec = data[pos + 8:pos + 8 + 2 * length]
        pos += 8 + 2 * length
        if struct.unpack("<i", rec[:4])[0] != 5:
            continue
        n_parts, n_points = struct.unpack("<ii", rec[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", rec[44:44 + 4 * n_parts])) + [n_points]
        base = 44 + 4 * n_parts
        pts = [struct.unpack("<2d", rec[base + 16 * i:base + 16 * i + 16]) for i in range(n_points)]
        rings += [pts[a:b] for a, b in zip(parts, parts[1:], strict=False)]
    return rings


def simplify(ring: list[tuple[float, float]], step: float = 0.1) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in ring:
        p = [round(round(lon / step) * step, 1), round(round(lat / step) * step, 1)]
        if not out or p != out[-1]:
            out.append(p)
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    rings = [r for r in (simplify(r) for r in read_polygons(Path(argv[0]))) if len(r) >= 4]
    OUT.write_text(json.dumps({"source": "Natural Earth 110m admin 0 (public domain), via geopandas 0.14 "
                               "naturalearth_lowres", "rings": rings}, separators=(",", ":")), encoding="utf-8")
    print(f"{len(rings)} rings, {sum(map(len, rings))} points -> {OUT} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
