"""The process map as SVG: three bands (management, core, support), one box per process that
links to it, and an arrow wherever one process's output is another's input.

The rule for arrows (see ``queries.process_map``): inputs and outputs are written one item a
line (or separated by ``;``); lines are compared after lower-casing, removing diacritics and
punctuation and collapsing spaces; every shared line draws one arrow from the process that
outputs it to the process that takes it as input."""

from __future__ import annotations

import math
import textwrap

from markupsafe import Markup, escape

from qms.processes.models import PROCESS_KIND_LABELS, ProcessKind

WIDTH = 960
BOX_W, BOX_H = 168, 64
GAP_X, GAP_Y = 22, 26
PAD = 16
BAND_HEAD = 44
PER_ROW = 5


def _wrap(text: str, width: int = 24, lines: int = 2) -> list[str]:
    parts = textwrap.wrap(text, width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1].rstrip() + "…"
    return parts


def _edge_point(cx: float, cy: float, dx: float, dy: float) -> tuple[float, float]:
    """Where the ray from the box centre in direction (dx, dy) leaves the box."""
    if dx == 0 and dy == 0:
        return cx, cy
    scale = min((BOX_W / 2 + 4) / abs(dx) if dx else math.inf,
                (BOX_H / 2 + 4) / abs(dy) if dy else math.inf)
    return cx + dx * scale, cy + dy * scale


def render(bands: dict, flows: list, *, url_for_process, title: str, empty_label: str,
           flow_label: str) -> Markup:
    """``url_for_process(process) -> str``; labels are already translated strings."""
    order = [ProcessKind.MANAGEMENT, ProcessKind.CORE, ProcessKind.SUPPORT]
    y = PAD
    centres: dict[int, tuple[float, float]] = {}
    parts: list[str] = []
    band_backgrounds: list[str] = []
    for kind in order:
        processes = bands.get(kind, [])
        rows = max(1, math.ceil(len(processes) / PER_ROW))
        height = BAND_HEAD + rows * (BOX_H + GAP_Y)
        band_backgrounds.append(f'<rect class="band-bg band-{kind}" x="{PAD}" y="{y}" '
                                f'width="{WIDTH - 2 * PAD}" height="{height}" rx="8"/>')
        parts.append(f'<g class="band band-{kind}">'
                     f'<text class="band-title" x="{PAD + 12}" y="{y + 20}">'
                     f'{escape(str(PROCESS_KIND_LABELS[kind]))}</text>')
        if not processes:
            parts.append(f'<text class="band-empty" x="{PAD + 12}" y="{y + BAND_HEAD + 24}">'
                         f'{escape(empty_label)}</text>')
        for index, process in enumerate(processes):
            row, col = divmod(index, PER_ROW)
            in_row = min(PER_ROW, len(processes) - row * PER_ROW)
            row_width = in_row * BOX_W + (in_row - 1) * GAP_X
            x0 = (WIDTH - row_width) / 2 + col * (BOX_W + GAP_X)
            y0 = y + BAND_HEAD + row * (BOX_H + GAP_Y)
            centres[process.id] = (x0 + BOX_W / 2, y0 + BOX_H / 2)
            name_lines = "".join(
                f'<tspan x="{x0 + BOX_W / 2:.1f}" dy="{15 if i else 0}">{escape(line)}</tspan>'
                for i, line in enumerate(_wrap(process.name)))
            parts.append(
                f'<a href="{escape(url_for_process(process))}" class="process-box">'
                f'<title>{escape(str(process))}</title>'
                f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{BOX_W}" height="{BOX_H}" rx="6"/>'
                f'<text class="box-code" x="{x0 + BOX_W / 2:.1f}" y="{y0 + 17:.1f}">'
                f'{escape(process.code)}</text>'
                f'<text class="box-name" x="{x0 + BOX_W / 2:.1f}" y="{y0 + 34:.1f}">'
                f'{name_lines}</text></a>')
        parts.append("</g>")
        y += height + GAP_Y
    arrows = []
    for flow in flows:
        if flow.source.id not in centres or flow.target.id not in centres:
            continue
        (x1, y1), (x2, y2) = centres[flow.source.id], centres[flow.target.id]
        dx, dy = x2 - x1, y2 - y1
        if abs(dy) < 1 and abs(dx) > BOX_W + GAP_X + 1:
            # Same row, not neighbours: an arc above the row instead of through the boxes.
            sx, sy = x1 + (12 if dx > 0 else -12), y1 - BOX_H / 2
            tx, ty = x2 - (12 if dx > 0 else -12), y2 - BOX_H / 2 - 4
            lift = 18 + abs(dx) * 0.06
            d = (f"M {sx:.1f} {sy:.1f} C {sx:.1f} {sy - lift:.1f} {tx:.1f} {ty - lift:.1f} "
                 f"{tx:.1f} {ty:.1f}")
        else:
            sx, sy = _edge_point(x1, y1, dx, dy)
            tx, ty = _edge_point(x2, y2, -dx, -dy)
            d = f"M {sx:.1f} {sy:.1f} L {tx:.1f} {ty:.1f}"
        label = f"{flow.source.code} → {flow.target.code}: {', '.join(flow.items)}"
        arrows.append(f'<path class="flow" d="{d}" marker-end="url(#process-arrow)">'
                      f'<title>{escape(flow_label)} {escape(label)}</title></path>')
    height = y
    defs = ('<defs><marker id="process-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            '<path d="M 0 0 L 10 5 L 0 10 z" class="arrow-head"/></marker></defs>')
    svg = (f'<svg class="process-map" xmlns="http://www.w3.org/2000/svg" '
           f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="group" '
           f'aria-labelledby="process-map-title"><title id="process-map-title">'
           f'{escape(title)}</title>{defs}{"".join(band_backgrounds)}'
           f'<g class="flows">{"".join(arrows)}</g>{"".join(parts)}</svg>')
    return Markup(svg)  # noqa: S704 (every text and attribute value escaped above)
