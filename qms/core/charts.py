"""Charts as inline SVG, so they look the same on screen and on paper (WeasyPrint).

Pure functions return ``Markup`` holding one complete ``<svg>``; no JavaScript, no ``style``
attributes (the Content Security Policy forbids them), only SVG presentation attributes.
Every chart has ``role="img"``, a ``<title>`` and a ``<desc>`` that spells out the data, scales
to its container (``viewBox`` + ``width="100%"``), labels every value it can, and tells series
apart by pattern and line style as well as by colour (Okabe–Ito), so grayscale print works.

All text that reaches the SVG - labels, titles, units, formatted numbers - is escaped by
construction: ``_tag`` escapes every ``str`` child and every attribute value and only lets
``Markup`` built here through unescaped.

Numbers go through ``number_format`` (pass a Babel formatter bound to the reader's locale);
the default writes Latvian style: ``12``, ``12,5``, ``1 234`` (no-break space).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable, Sequence

from markupsafe import Markup, escape

NumberFormat = Callable[[float], str]

WIDTH = 640
FONT_FAMILY = "DejaVu Sans, Liberation Sans, sans-serif"
FONT_SIZE = 12
SMALL = 11
TITLE_SIZE = 14
TEXT = "#222"
MUTED = "#555"
GRID = "#dcdcdc"
AXIS = "#777"
WHITE = "#fff"
# Okabe–Ito, ordered so neighbouring series also differ in lightness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
# Lines need contrast against white: no yellow; vermillion is kept for missed targets.
LINE_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#000000")
LINE_DASHES = (None, "7 4", "2 3", "9 3 2 3", "4 2", "1 2")
MISS = "#D55E00"
PARETO_BARS = "#56B4E9"
# Series patterns (solid first): hatching keeps series apart when printed in grayscale.
PATTERNS = ("solid", "diagonal", "dots", "back-diagonal", "horizontal", "cross", "vertical")
ELLIPSIS = "…"
NBSP = "\u00a0"

_MARGIN = 10
_PLOT_HEIGHT = 220
_INVALID_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_WHITESPACE = re.compile("[ \t\n\r\x85\u2028\u2029]+")  # not no-break spaces


# --- numbers ---------------------------------------------------------------------------------

def format_value(value: float) -> str:
    """``12`` / ``12,5`` / ``1 234`` / ``-3``: whole numbers bare, others with one decimal."""
    if value is None or not math.isfinite(value):
        return "–"
    rounded = round(float(value), 1)
    if rounded == int(rounded):
        text = f"{int(rounded):,}"
    else:
        text = f"{rounded:,.1f}"
    return text.replace(",", NBSP).replace(".", ",")


def _finite(value) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


class _Numbers:
    """The caller's formatter plus the unit: ``value(12.5)`` -> ``12,5 %``."""

    def __init__(self, number_format: NumberFormat | None, unit: str):
        self._format = number_format or format_value
        self.unit = _clean(unit)

    def number(self, value: float | None) -> str:
        if value is None:
            return "–"
        return _clean(str(self._format(value)))

    def value(self, value: float | None) -> str:
        text = self.number(value)
        if value is None or not self.unit:
            return text
        return f"{text}{NBSP}{self.unit}"

    def percent(self, value: float) -> str:
        return f"{self.number(value)}{NBSP}%"


def _nice_step(span: float, count: int, *, integer: bool = False) -> float:
    raw = span / max(count, 1)
    if integer and raw <= 1:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    factors = (1, 2, 5, 10) if integer and magnitude < 10 else (1, 2, 2.5, 5, 10)
    for factor in factors:
        if factor * magnitude >= raw * (1 - 1e-9):
            return factor * magnitude
    return 10 * magnitude


def _scale(lo: float, hi: float, *, integer: bool, count: int = 5
           ) -> tuple[float, float, list[float]]:
    """A rounded axis range covering ``lo``..``hi`` and its tick values."""
    if hi < lo:
        lo, hi = hi, lo
    if hi - lo < 1e-12:
        pad = abs(hi) * 0.1 or 1.0
        lo, hi = (lo - pad, hi + pad) if lo != 0 else (0.0, hi + pad)
    step = _nice_step(hi - lo, count, integer=integer)
    start = math.floor(lo / step + 1e-9) * step
    end = math.ceil(hi / step - 1e-9) * step
    ticks = []
    tick = start
    while tick <= end + step * 1e-6:
        ticks.append(round(tick, 10) + 0.0)
        tick += step
    return start, end, ticks


def _integral(values: Iterable[float | None]) -> bool:
    return all(v is None or float(v).is_integer() for v in values)


# --- text ------------------------------------------------------------------------------------

def _clean(text) -> str:
    """Text safe for XML 1.0: control characters dropped, runs of whitespace folded."""
    text = _INVALID_XML.sub("", str(text))
    return _WHITESPACE.sub(" ", text).strip(" ")


_NARROW = set("fijlrtI!,.:;'|()[]{} ")
_WIDE = set("mwMW@%—")


def _text_width(text: str, size: float) -> float:
    """An estimate (DejaVu Sans is wide) that errs on the generous side."""
    units = 0.0
    for char in text:
        if char in _NARROW:
            units += 0.36
        elif char in _WIDE:
            units += 0.92
        elif char.isdigit():
            units += 0.64
        elif char.isupper():
            units += 0.72
        else:
            units += 0.6
    return units * size


def _truncate(text: str, max_width: float, size: float) -> str:
    if _text_width(text, size) <= max_width:
        return text
    while text and _text_width(text + ELLIPSIS, size) > max_width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


# --- markup ----------------------------------------------------------------------------------

def _num(value: float) -> str:
    if not math.isfinite(value):
        value = 0.0
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attrs(attrs: dict) -> str:
    out = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        value = _num(value) if isinstance(value, float) else _clean(value)
        out.append(f' {name}="{escape(value)}"')
    return "".join(out)


def _tag(name: str, *children, **attrs) -> Markup:
    """One element; ``str`` children are escaped, ``Markup`` children are trusted."""
    if not children:
        return Markup(f"<{name}{_attrs(attrs)}/>")  # noqa: S704 (attribute values escaped)
    inner = "".join(escape(c if isinstance(c, Markup) else _clean(c)) for c in children)
    return Markup(f"<{name}{_attrs(attrs)}>{inner}</{name}>")  # noqa: S704 (children escaped)


def _text(x: float, y: float, content: str, **attrs) -> Markup:
    return _tag("text", content, x=float(x), y=float(y), **attrs)


def _halo_text(x: float, y: float, content: str, **attrs) -> Markup:
    """Text with a white outline underneath, readable where it crosses lines."""
    halo = _text(x, y, content, stroke=WHITE, stroke_width=3.0, stroke_linejoin="round",
                 fill=WHITE, aria_hidden="true", **attrs)
    return halo + _text(x, y, content, **attrs)


def _line(x1: float, y1: float, x2: float, y2: float, **attrs) -> Markup:
    return _tag("line", x1=float(x1), y1=float(y1), x2=float(x2), y2=float(y2), **attrs)


def _rect(x: float, y: float, width: float, height: float, **attrs) -> Markup:
    return _tag("rect", x=float(x), y=float(y), width=float(max(width, 0.0)),
                height=float(max(height, 0.0)), **attrs)


def _luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _ink(fill: str) -> str:
    """#222 or white, whichever contrasts more with ``fill``."""
    lum = _luminance(fill)
    return TEXT if (lum + 0.05) / (_luminance(TEXT) + 0.05) >= 1.05 / (lum + 0.05) else WHITE


class _Chart:
    """Collects defs and body of one SVG and wraps them with title, desc and viewBox."""

    def __init__(self, kind: str, title: str, key: object):
        self.kind = kind
        self.title = _clean(title)
        digest = hashlib.blake2s(repr((kind, title, key)).encode("utf-8"), digest_size=5)
        self.id = f"chart-{digest.hexdigest()}"
        self.defs: list[Markup] = []
        self.body: list[Markup] = []
        self._patterns: dict[int, str | None] = {}

    def add(self, *parts: Markup) -> None:
        self.body.extend(parts)

    def series_box(self, index: int, x: float, y: float, width: float, height: float,
                   **attrs) -> Markup:
        """A rectangle in series ``index``'s colour, hatched from the second series on.

        The hatching is a transparent pattern laid over the solid colour (not a pattern with a
        coloured background), so PDF viewers show no seams between pattern tiles.
        """
        box = _rect(x, y, width, height, fill=PALETTE[index % len(PALETTE)], **attrs)
        pattern = self._pattern(index)
        if pattern:
            box += _rect(x, y, width, height, fill=pattern, class_="hatch")
        return box

    def _pattern(self, index: int) -> str | None:
        if index in self._patterns:
            return self._patterns[index]
        colour = PALETTE[index % len(PALETTE)]
        kind = PATTERNS[index % len(PATTERNS)]
        if kind == "solid":
            self._patterns[index] = None
            return None
        pattern_id = f"{self.id}-p{index}"
        ink = WHITE if _ink(colour) == WHITE else "#000"
        opacity = "0.55" if ink == WHITE else "0.3"
        marks = {
            "diagonal": "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4",
            "back-diagonal": "M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4",
            "horizontal": "M0,4 h8",
            "vertical": "M4,0 v8",
            "cross": "M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4 M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4",
        }
        if kind == "dots":
            mark = _tag("circle", cx=4.0, cy=4.0, r=1.5, fill=ink, fill_opacity=opacity)
        else:
            mark = _tag("path", d=marks[kind], stroke=ink, stroke_width=1.5,
                        stroke_opacity=opacity, fill="none")
        self.defs.append(_tag("pattern", mark, id=pattern_id, patternUnits="userSpaceOnUse",
                              width="8", height="8"))
        self._patterns[index] = f"url(#{pattern_id})"
        return self._patterns[index]

    def render(self, height: float, desc: str) -> Markup:
        title_id, desc_id = f"{self.id}-title", f"{self.id}-desc"
        children = [_tag("title", self.title, id=title_id), _tag("desc", desc, id=desc_id)]
        if self.defs:
            children.append(_tag("defs", *self.defs))
        children.extend(self.body)
        return _tag(
            "svg", *children,
            xmlns="http://www.w3.org/2000/svg",
            viewBox=f"0 0 {WIDTH} {_num(math.ceil(height))}",
            width="100%",
            preserveAspectRatio="xMidYMid meet",
            role="img",
            aria_labelledby=title_id,
            aria_describedby=desc_id,
            font_family=FONT_FAMILY,
            font_size=str(FONT_SIZE),
            fill=TEXT,
            class_=f"chart chart-{self.kind}",
        )


def _heading(chart: _Chart, show_title: bool) -> float:
    """Draws the visible title; returns where the content below it starts."""
    if not show_title:
        return 8.0
    title = _truncate(chart.title, WIDTH - 2 * _MARGIN, TITLE_SIZE)
    chart.add(_text(_MARGIN, 20, title, font_size=str(TITLE_SIZE), font_weight="bold",
                    class_="chart-title"))
    return 34.0


def _empty(kind: str, title: str, *, show_title: bool, empty_label: str, desc: str | None
           ) -> Markup:
    chart = _Chart(kind, title, "empty")
    top = _heading(chart, show_title)
    chart.add(_rect(_MARGIN, top, WIDTH - 2 * _MARGIN, 44, fill="#f4f4f4", stroke=GRID),
              _text(WIDTH / 2, top + 27, empty_label, text_anchor="middle", fill=MUTED,
                    class_="chart-empty"))
    return chart.render(top + 52, desc or empty_label)


def _legend(chart: _Chart, entries: Sequence[tuple[str, Markup]], top: float) -> float:
    """Legend entries (label, 14×14 swatch drawn at 0,0) wrapped in rows; returns its height."""
    if not entries:
        return 0.0
    x, y = float(_MARGIN), top
    max_label = WIDTH / 2 - 30
    for label, swatch in entries:
        text = _truncate(label, max_label, SMALL)
        width = 14 + 6 + _text_width(text, SMALL) + 16
        if x > _MARGIN and x + width > WIDTH - _MARGIN:
            x, y = float(_MARGIN), y + 20
        chart.add(_tag("g", _tag("title", label), _tag("g", swatch,
                                                       transform=f"translate({_num(x)},{_num(y)})"),
                       _text(x + 20, y + 11, text, font_size=str(SMALL)), class_="legend-item"))
        x += width
    return y + 20 - top + 6


def _swatches(chart: _Chart, names: Iterable[str]) -> list[tuple[str, Markup]]:
    return [(name, chart.series_box(s, 0, 0, 14, 14, stroke=AXIS, stroke_width=0.5))
            for s, name in enumerate(names)]


_SLANT = math.radians(40)
_SLANTED_MAX = 130.0


def _fits_flat(labels: Sequence[str], slot: float) -> bool:
    return all(_text_width(label, SMALL) <= slot - 4 for label in labels)


def _column_start(labels: Sequence[str], x0: float, x1: float) -> float:
    """Moves the plot's left edge right so a slanted first category label is not cut off."""
    for _ in range(3):
        slot = (x1 - x0) / len(labels)
        if _fits_flat(labels, slot):
            break
        reach = min(_text_width(labels[0], SMALL), _SLANTED_MAX) * math.cos(_SLANT) - 4
        x0 = max(x0, min(_MARGIN + reach - slot / 2, WIDTH * 0.3))
    return x0


def _category_labels(chart: _Chart, labels: Sequence[str], centres: Sequence[float], slot: float,
                     y: float) -> float:
    """Category names under columns, slanted when they do not fit; returns their height."""
    fits = _fits_flat(labels, slot)
    height = 0.0
    for label, cx in zip(labels, centres, strict=True):
        if fits:
            node = _text(cx, y + 14, label, text_anchor="middle", font_size=str(SMALL))
            height = 20.0
        else:
            room = min(_SLANTED_MAX, (cx + 4 - _MARGIN) / math.cos(_SLANT))
            text = _truncate(label, room, SMALL)
            x, ty = cx + 4, y + 10
            node = _text(x, ty, text, text_anchor="end", font_size=str(SMALL),
                         transform=f"rotate(-40 {_num(x)} {_num(ty)})")
            height = max(height, _text_width(text, SMALL) * math.sin(_SLANT) + 22)
        chart.add(_tag("g", _tag("title", label), node, class_="category"))
    return height


class _ValueLabels:
    """Value labels over columns: horizontal, smaller, or turned upright when columns are narrow."""

    def __init__(self, texts: Sequence[str], room: float):
        self.size = SMALL
        widest = max((_text_width(t, SMALL) for t in texts), default=0.0)
        while self.size > 9 and widest * self.size / SMALL > room:
            self.size -= 1
        self.upright = widest * self.size / SMALL > room
        self.headroom = (widest * self.size / SMALL + 8) if self.upright else 16.0

    def place(self, cx: float, top: float, text: str, **attrs) -> Markup:
        if self.upright:
            x, y = cx + self.size * 0.35, top - 4
            return _text(x, y, text, font_size=str(self.size), transform=f"rotate(-90 {_num(x)} "
                         f"{_num(y)})", class_="value", **attrs)
        return _text(cx, top - 5, text, text_anchor="middle", font_size=str(self.size),
                     class_="value", **attrs)


def _left_axis(chart: _Chart, ticks: Sequence[float], y_of: Callable[[float], float], x0: float,
               x1: float, numbers: _Numbers, *, grid: bool = True) -> None:
    for tick in ticks:
        y = y_of(tick)
        if grid:
            chart.add(_line(x0, y, x1, y, stroke=GRID, stroke_width=1.0))
        chart.add(_text(x0 - 6, y + 4, numbers.number(tick), text_anchor="end",
                        font_size=str(SMALL), fill=MUTED, class_="tick"))


def _tick_width(ticks: Sequence[float], numbers: _Numbers) -> float:
    return max(_text_width(numbers.number(t), SMALL) for t in ticks) + 12


# --- bar charts ------------------------------------------------------------------------------

def bar_chart(items: Sequence[tuple[str, float]], *, title: str, unit: str = "",
              horizontal: bool = True, number_format: NumberFormat | None = None,
              colour: str = PALETTE[0], show_title: bool = True, desc: str | None = None,
              empty_label: str = "No data") -> Markup:
    """One bar per ``(label, value)``, each labelled with its value.

    Negative values are drawn as empty bars at the axis but keep their (negative) label; long
    labels are shortened with "…", the full label is in the bar's ``<title>``.
    """
    numbers = _Numbers(number_format, unit)
    rows = [(_clean(label), _finite(value) or 0.0) for label, value in items]
    summary = desc or "; ".join(f"{label}: {numbers.value(value)}" for label, value in rows)
    if not rows:
        return _empty("bar", title, show_title=show_title, empty_label=empty_label, desc=desc)
    chart = _Chart("bar" if horizontal else "column", title, (rows, unit, colour))
    top = _heading(chart, show_title)
    values = [value for _, value in rows]
    lo, hi, ticks = _scale(0.0, max(max(values), 0.0), integer=_integral(values))
    texts = [numbers.value(value) for value in values]
    if horizontal:
        row_h, bar_h = 26.0, 16.0
        label_w = min(max(_text_width(label, FONT_SIZE) for label, _ in rows) + 10, WIDTH * 0.38)
        value_w = max(_text_width(text, SMALL) for text in texts) + 10
        x0 = _MARGIN + label_w
        x1 = WIDTH - _MARGIN - max(value_w, _text_width(numbers.number(hi), SMALL) / 2)
        bottom = top + row_h * len(rows)

        def x_of(v: float) -> float:
            return x0 + (x1 - x0) * (min(max(v, lo), hi) - lo) / (hi - lo)

        for tick in ticks:
            chart.add(_line(x_of(tick), top, x_of(tick), bottom, stroke=GRID, stroke_width=1.0),
                      _text(x_of(tick), bottom + 15, numbers.number(tick), text_anchor="middle",
                            font_size=str(SMALL), fill=MUTED, class_="tick"))
        for i, ((label, value), text) in enumerate(zip(rows, texts, strict=True)):
            y = top + i * row_h + (row_h - bar_h) / 2
            width = x_of(value) - x0
            chart.add(_tag(
                "g",
                _tag("title", f"{label}: {text}"),
                _text(x0 - 8, y + bar_h / 2 + 4, _truncate(label, label_w - 10, FONT_SIZE),
                      text_anchor="end", class_="label"),
                _rect(x0, y, width, bar_h, fill=colour),
                _text(x0 + width + 5, y + bar_h / 2 + 4, text, font_size=str(SMALL),
                      class_="value"),
                class_="bar negative" if value < 0 else "bar",
            ))
        chart.add(_line(x0, top, x0, bottom, stroke=AXIS, stroke_width=1.0))
        return chart.render(bottom + 24, summary)

    # columns
    x1 = WIDTH - _MARGIN
    x0 = _column_start([label for label, _ in rows], _MARGIN + _tick_width(ticks, numbers), x1)
    slot = (x1 - x0) / len(rows)
    bar_w = min(slot * 0.7, 64.0)
    values_fmt = _ValueLabels(texts, slot - 2)
    plot_top = top + values_fmt.headroom
    bottom = plot_top + _PLOT_HEIGHT

    def y_of(v: float) -> float:
        return bottom - _PLOT_HEIGHT * (min(max(v, lo), hi) - lo) / (hi - lo)

    _left_axis(chart, ticks, y_of, x0, x1, numbers)
    centres = [x0 + slot * (i + 0.5) for i in range(len(rows))]
    for (label, value), text, cx in zip(rows, texts, centres, strict=True):
        y = y_of(value)
        chart.add(_tag("g", _tag("title", f"{label}: {text}"),
                       _rect(cx - bar_w / 2, y, bar_w, bottom - y, fill=colour),
                       values_fmt.place(cx, y, text),
                       class_="bar negative" if value < 0 else "bar"))
    chart.add(_line(x0, bottom, x1, bottom, stroke=AXIS, stroke_width=1.0))
    labels_h = _category_labels(chart, [label for label, _ in rows], centres, slot, bottom)
    return chart.render(bottom + labels_h + 6, summary)


def _series_rows(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]
                 ) -> tuple[list[str], list[tuple[str, list[float | None]]]]:
    cats = [_clean(c) for c in categories]
    rows = []
    for name, values in series:
        padded = [_finite(v) for v in list(values)[:len(cats)]]
        padded += [None] * (len(cats) - len(padded))
        rows.append((_clean(name), padded))
    return cats, rows


def _series_summary(cats: list[str], rows: list[tuple[str, list[float | None]]],
                    numbers: _Numbers) -> str:
    parts = []
    for i, cat in enumerate(cats):
        values = ", ".join(f"{name}: {numbers.value(values[i])}" for name, values in rows)
        parts.append(f"{cat} — {values}")
    return "; ".join(parts)


def stacked_bar_chart(categories: Sequence[str],
                      series: Sequence[tuple[str, Sequence[float | None]]], *, title: str,
                      unit: str = "", number_format: NumberFormat | None = None,
                      show_title: bool = True, desc: str | None = None,
                      empty_label: str = "No data") -> Markup:
    """One column per category, split by series (e.g. nonconformities per year by severity).

    Segments carry their value when there is room, every column its total on top; negative and
    missing values count as zero.
    """
    numbers = _Numbers(number_format, unit)
    cats, rows = _series_rows(categories, series)
    if not cats or not rows:
        return _empty("stacked", title, show_title=show_title, empty_label=empty_label, desc=desc)
    summary = desc or _series_summary(cats, rows, numbers)
    chart = _Chart("stacked", title, (cats, rows, unit))
    top = _heading(chart, show_title)
    top += _legend(chart, _swatches(chart, [name for name, _ in rows]), top)
    totals = [sum(max(values[i] or 0.0, 0.0) for _, values in rows) for i in range(len(cats))]
    all_values = [v for _, values in rows for v in values]
    lo, hi, ticks = _scale(0.0, max(totals), integer=_integral(all_values))
    x1 = WIDTH - _MARGIN
    x0 = _column_start(cats, _MARGIN + _tick_width(ticks, numbers), x1)
    slot = (x1 - x0) / len(cats)
    bar_w = min(slot * 0.7, 64.0)
    total_texts = [numbers.value(t) for t in totals]
    totals_fmt = _ValueLabels(total_texts, slot - 2)
    plot_top = top + totals_fmt.headroom
    bottom = plot_top + _PLOT_HEIGHT

    def y_of(v: float) -> float:
        return bottom - _PLOT_HEIGHT * (min(max(v, lo), hi) - lo) / (hi - lo)

    _left_axis(chart, ticks, y_of, x0, x1, numbers)
    centres = [x0 + slot * (i + 0.5) for i in range(len(cats))]
    for i, (cat, cx) in enumerate(zip(cats, centres, strict=True)):
        base = 0.0
        parts = [_tag("title", f"{cat}: {total_texts[i]}")]
        for s, (name, values) in enumerate(rows):
            value = max(values[i] or 0.0, 0.0)
            y_top, y_bottom = y_of(base + value), y_of(base)
            base += value
            if value <= 0:
                continue
            text = numbers.value(value)
            segment = [_tag("title", f"{cat} — {name}: {text}"),
                       chart.series_box(s, cx - bar_w / 2, y_top, bar_w, y_bottom - y_top,
                             stroke=WHITE, stroke_width=1.0)]
            if y_bottom - y_top >= SMALL + 2 and _text_width(text, SMALL) <= bar_w - 4:
                colour = PALETTE[s % len(PALETTE)]
                segment.append(_text(cx, (y_top + y_bottom) / 2 + 4, text, text_anchor="middle",
                                     font_size=str(SMALL), fill=_ink(colour), class_="value"))
            parts.append(_tag("g", *segment, class_="segment"))
        parts.append(totals_fmt.place(cx, y_of(totals[i]), total_texts[i], font_weight="bold"))
        chart.add(_tag("g", *parts, class_="bar"))
    chart.add(_line(x0, bottom, x1, bottom, stroke=AXIS, stroke_width=1.0))
    labels_h = _category_labels(chart, cats, centres, slot, bottom)
    return chart.render(bottom + labels_h + 6, summary)


def grouped_bar_chart(categories: Sequence[str],
                      series: Sequence[tuple[str, Sequence[float | None]]], *, title: str,
                      unit: str = "", number_format: NumberFormat | None = None,
                      show_title: bool = True, desc: str | None = None,
                      empty_label: str = "No data") -> Markup:
    """Side-by-side columns per category (e.g. budget planned vs spent per year)."""
    numbers = _Numbers(number_format, unit)
    cats, rows = _series_rows(categories, series)
    if not cats or not rows:
        return _empty("grouped", title, show_title=show_title, empty_label=empty_label, desc=desc)
    summary = desc or _series_summary(cats, rows, numbers)
    chart = _Chart("grouped", title, (cats, rows, unit))
    top = _heading(chart, show_title)
    top += _legend(chart, _swatches(chart, [name for name, _ in rows]), top)
    all_values = [v for _, values in rows for v in values if v is not None]
    lo, hi, ticks = _scale(0.0, max(max(all_values, default=0.0), 0.0),
                           integer=_integral(all_values))
    x1 = WIDTH - _MARGIN
    x0 = _column_start(cats, _MARGIN + _tick_width(ticks, numbers), x1)
    slot = (x1 - x0) / len(cats)
    group_w = slot * 0.8
    bar_w = min(group_w / len(rows), 48.0)
    group_w = bar_w * len(rows)
    texts = [numbers.value(v) for _, values in rows for v in values if v is not None]
    values_fmt = _ValueLabels(texts, bar_w + 2)
    plot_top = top + values_fmt.headroom
    bottom = plot_top + _PLOT_HEIGHT

    def y_of(v: float) -> float:
        return bottom - _PLOT_HEIGHT * (min(max(v, lo), hi) - lo) / (hi - lo)

    _left_axis(chart, ticks, y_of, x0, x1, numbers)
    centres = [x0 + slot * (i + 0.5) for i in range(len(cats))]
    for i, (cat, cx) in enumerate(zip(cats, centres, strict=True)):
        parts = [_tag("title", f"{cat} — " + ", ".join(
            f"{name}: {numbers.value(values[i])}" for name, values in rows))]
        for s, (name, values) in enumerate(rows):
            value = values[i]
            if value is None:
                continue
            bx = cx - group_w / 2 + s * bar_w
            y = y_of(value)
            text = numbers.value(value)
            parts.append(_tag("g", _tag("title", f"{cat} — {name}: {text}"),
                              chart.series_box(s, bx + 1, y, bar_w - 2, bottom - y),
                              values_fmt.place(bx + bar_w / 2, y, text),
                              class_="bar negative" if value < 0 else "bar"))
        chart.add(_tag("g", *parts, class_="group"))
    chart.add(_line(x0, bottom, x1, bottom, stroke=AXIS, stroke_width=1.0))
    labels_h = _category_labels(chart, cats, centres, slot, bottom)
    return chart.render(bottom + labels_h + 6, summary)


# --- Pareto ----------------------------------------------------------------------------------

def pareto_chart(items: Sequence[tuple[str, float]], *, title: str, unit: str = "",
                 number_format: NumberFormat | None = None, show_title: bool = True,
                 desc: str | None = None, empty_label: str = "No data",
                 threshold: float = 80.0) -> Markup:
    """Bars sorted descending, the cumulative share as a line (right axis, %) and an 80 % line.

    The left axis runs to the total, so each bar top and its point line up with the right axis.
    """
    numbers = _Numbers(number_format, unit)
    rows = sorted(((_clean(label), max(_finite(value) or 0.0, 0.0)) for label, value in items),
                  key=lambda row: -row[1])
    if not rows:
        return _empty("pareto", title, show_title=show_title, empty_label=empty_label, desc=desc)
    total = sum(value for _, value in rows)
    cumulative, running = [], 0.0
    for _, value in rows:
        running += value
        cumulative.append(100.0 * running / total if total > 0 else 0.0)
    if total > 0:
        cumulative[-1] = 100.0
    summary = desc or "; ".join(f"{label}: {numbers.value(value)} ({numbers.percent(pct)})"
                                for (label, value), pct in zip(rows, cumulative, strict=True))
    chart = _Chart("pareto", title, (rows, unit, threshold))
    top = _heading(chart, show_title)
    values = [value for _, value in rows]
    hi = total if total > 0 else 1.0
    _, _, ticks = _scale(0.0, hi, integer=_integral(values))
    ticks = [t for t in ticks if t <= hi + 1e-9]
    percent_ticks = [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    x1 = WIDTH - _MARGIN - _text_width(numbers.percent(100), SMALL) - 8
    x0 = _column_start([label for label, _ in rows], _MARGIN + _tick_width(ticks, numbers), x1)
    plot_top = top + 18
    bottom = plot_top + _PLOT_HEIGHT
    slot = (x1 - x0) / len(rows)
    bar_w = min(slot * 0.7, 64.0)

    def y_of(v: float) -> float:
        return bottom - _PLOT_HEIGHT * min(max(v, 0.0), hi) / hi

    def y_pct(p: float) -> float:
        return bottom - _PLOT_HEIGHT * min(max(p, 0.0), 100.0) / 100.0

    for pct in percent_ticks:
        chart.add(_line(x0, y_pct(pct), x1, y_pct(pct), stroke=GRID, stroke_width=1.0),
                  _text(x1 + 6, y_pct(pct) + 4, numbers.percent(pct), font_size=str(SMALL),
                        fill=TEXT if pct == threshold else MUTED,
                        font_weight="bold" if pct == threshold else None, class_="tick"))
    _left_axis(chart, ticks, y_of, x0, x1, numbers, grid=False)
    centres = [x0 + slot * (i + 0.5) for i in range(len(rows))]
    texts = [numbers.value(value) for value in values]
    inner = _ValueLabels(texts, bar_w - 2)
    for (label, value), text, cx, pct in zip(rows, texts, centres, cumulative, strict=True):
        y = y_of(value)
        if bottom - y >= 18 and not inner.upright:
            value_label = _text(cx, (y + bottom) / 2 + 4, text, text_anchor="middle",
                                font_size=str(inner.size),
                                fill=_ink(PARETO_BARS), class_="value")
        else:
            value_label = _text(cx, y - 4, text, text_anchor="middle", font_size=str(inner.size),
                                class_="value")
        chart.add(_tag("g", _tag("title", f"{label}: {text} ({numbers.percent(pct)})"),
                       _rect(cx - bar_w / 2, y, bar_w, bottom - y, fill=PARETO_BARS), value_label,
                       class_="bar"))
    chart.add(_line(x0, y_pct(threshold), x1, y_pct(threshold), stroke=MISS, stroke_width=1.5,
                    stroke_dasharray="6 4", class_="reference"))
    points = " ".join(f"{_num(cx)},{_num(y_pct(p))}" for cx, p in zip(centres, cumulative,
                                                                       strict=True))
    chart.add(_tag("polyline", points=points, fill="none", stroke=TEXT, stroke_width=2.0,
                   class_="cumulative"))
    pct_size = str(SMALL if slot >= 44 else 9)
    for cx, pct in zip(centres, cumulative, strict=True):
        y = y_pct(pct)
        baseline = _label_baseline(y - 8, y + 17, y_pct(threshold), plot_top - 12, bottom - 3)
        chart.add(_tag("g", _tag("title", numbers.percent(pct)),
                       _tag("circle", cx=cx, cy=y, r=3.5, fill=WHITE, stroke=TEXT,
                            stroke_width=2.0),
                       _halo_text(cx, baseline, numbers.percent(pct), text_anchor="middle",
                                  font_size=pct_size),
                       class_="point cumulative-point", data_percent=_num(pct)))
    chart.add(_line(x0, bottom, x1, bottom, stroke=AXIS, stroke_width=1.0),
              _line(x0, plot_top, x0, bottom, stroke=AXIS, stroke_width=1.0),
              _line(x1, plot_top, x1, bottom, stroke=AXIS, stroke_width=1.0))
    labels_h = _category_labels(chart, [label for label, _ in rows], centres, slot, bottom)
    return chart.render(bottom + labels_h + 6, summary)


# --- lines -----------------------------------------------------------------------------------

def _label_baseline(first: float, second: float, avoid: float | None, lo: float, hi: float,
                    points: Sequence[float] = ()) -> float:
    """``first`` unless that text (about 10 units tall) would sit on the line at ``avoid`` and
    ``second`` is free of it and of the other ``points``."""
    def crosses(baseline: float) -> bool:
        return avoid is not None and baseline - 11 <= avoid <= baseline + 2

    def crowded(baseline: float) -> bool:
        return any(baseline - 16 <= y <= baseline + 6 for y in points)

    if crosses(first) and not crosses(second) and not crowded(second) and lo <= second <= hi:
        return second
    return first


def _spread(wanted: list[tuple[float, int]], gap: float, lo: float, hi: float) -> dict[int, float]:
    """Moves label baselines apart by at least ``gap``, keeping them within ``lo``..``hi``."""
    placed: dict[int, float] = {}
    ordered = sorted(wanted)
    positions = [y for y, _ in ordered]
    for i in range(1, len(positions)):
        positions[i] = max(positions[i], positions[i - 1] + gap)
    overflow = positions[-1] - hi if positions else 0
    if overflow > 0:
        positions = [y - overflow for y in positions]
    for i in range(len(positions) - 2, -1, -1):
        positions[i] = min(positions[i], positions[i + 1] - gap)
    positions = [max(y, lo) for y in positions]
    for (_, key), y in zip(ordered, positions, strict=True):
        placed[key] = y
    return placed


def line_chart(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *,
               title: str, unit: str = "", target: float | None = None,
               higher_is_better: bool = True, target_label: str = "Target",
               miss_label: str = "Target missed", number_format: NumberFormat | None = None,
               show_title: bool = True, desc: str | None = None,
               empty_label: str = "No data") -> Markup:
    """Trend lines over ``labels``; ``None`` leaves a gap. With a ``target``, a dashed line
    marks it and points on the wrong side get ``class="point miss"`` and a vermillion diamond.
    """
    numbers = _Numbers(number_format, unit)
    cats, rows = _series_rows(labels, series)
    target = _finite(target)
    present = [v for _, values in rows for v in values if v is not None]
    if not cats or not rows or not present:
        return _empty("line", title, show_title=show_title, empty_label=empty_label, desc=desc)
    target_label = _clean(target_label)

    def missed(value: float) -> bool:
        if target is None:
            return False
        return value < target if higher_is_better else value > target

    summary = desc or "; ".join(
        f"{name} — " + ", ".join(f"{cat}: {numbers.value(v)}" for cat, v in zip(cats, values,
                                                                                strict=True))
        for name, values in rows)
    if target is not None and not desc:
        summary += f". {target_label}: {numbers.value(target)}"
    chart = _Chart("line", title, (cats, rows, unit, target, higher_is_better, target_label))
    top = _heading(chart, show_title)
    any_miss = any(missed(v) for v in present)
    entries = []
    if len(rows) > 1:
        for s, (name, _) in enumerate(rows):
            colour = LINE_PALETTE[s % len(LINE_PALETTE)]
            swatch = _line(0, 7, 14, 7, stroke=colour, stroke_width=2.5,
                           stroke_dasharray=LINE_DASHES[s % len(LINE_DASHES)]) + _tag(
                "circle", cx=7.0, cy=7.0, r=3.0, fill=colour)
            entries.append((name, swatch))
    if any_miss:
        entries.append((miss_label, _diamond(7, 7, 5.5)))
    top += _legend(chart, entries, top)

    span = present + ([target] if target is not None else [])
    lo, hi = min(span), max(span)
    pad = (hi - lo) * 0.08
    lo, hi = (0.0 if lo >= 0 and lo <= (hi - lo) else lo - pad), hi + pad
    lo, hi, ticks = _scale(lo, hi, integer=_integral(span))
    target_text = f"{target_label} {numbers.value(target)}" if target is not None else ""
    x0 = _MARGIN + _tick_width(ticks, numbers)
    right = (_text_width(target_text, SMALL) + 10) if target is not None else 0.0
    x1 = WIDTH - _MARGIN - max(right, 12.0)
    plot_top = top + 16
    bottom = plot_top + _PLOT_HEIGHT
    inset = 18.0

    def x_of(i: int) -> float:
        if len(cats) == 1:
            return (x0 + x1) / 2
        return x0 + inset + (x1 - x0 - 2 * inset) * i / (len(cats) - 1)

    def y_of(v: float) -> float:
        return bottom - _PLOT_HEIGHT * (min(max(v, lo), hi) - lo) / (hi - lo)

    _left_axis(chart, ticks, y_of, x0, x1, numbers)
    if target is not None:
        ty = y_of(target)
        chart.add(_tag("g", _line(x0, ty, x1, ty, stroke=TEXT, stroke_width=1.5,
                                  stroke_dasharray="6 4"),
                       _text(x1 + 5, ty + 4, target_text, font_size=str(SMALL),
                             font_weight="bold"),
                       class_="target"))
    for s, (_, values) in enumerate(rows):
        colour = LINE_PALETTE[s % len(LINE_PALETTE)]
        path, pen_down = [], False
        for i, value in enumerate(values):
            if value is None:
                pen_down = False
                continue
            path.append(f"{'L' if pen_down else 'M'}{_num(x_of(i))},{_num(y_of(value))}")
            pen_down = True
        chart.add(_tag("path", d=" ".join(path), fill="none", stroke=colour, stroke_width=2.5,
                       stroke_linejoin="round", stroke_dasharray=LINE_DASHES[s % len(LINE_DASHES)],
                       class_="series-line"))

    # value labels: above the point for the highest series at that x, below for the lowest
    slot = (x1 - x0 - 2 * inset) / max(len(cats) - 1, 1) if len(cats) > 1 else x1 - x0
    texts = [numbers.value(v) for v in present]
    label_size = SMALL if max(_text_width(t, SMALL) for t in texts) <= slot - 4 else 9
    avoid = y_of(target) if target is not None else None
    for i, cat in enumerate(cats):
        at_x = [(values[i], s) for s, (_, values) in enumerate(rows) if values[i] is not None]
        if not at_x:
            continue
        lowest = min(at_x)[1] if len(at_x) > 1 else None
        wanted = []
        for v, s in at_x:
            above, below = y_of(v) - 9, y_of(v) + 17
            if s == lowest and below <= bottom - 3:
                above, below = below, above
            others = [y_of(w) for w, t in at_x if t != s]
            wanted.append((_label_baseline(above, below, avoid, plot_top - 6, bottom - 3, others),
                           s))
        baselines = _spread(wanted, label_size + 2, plot_top - 6, bottom - 3)
        for value, s in at_x:
            name = rows[s][0]
            colour = LINE_PALETTE[s % len(LINE_PALETTE)]
            miss = missed(value)
            x, y = x_of(i), y_of(value)
            text = numbers.value(value)
            marker = _diamond(x, y, 6.0) if miss else _tag("circle", cx=x, cy=y, r=3.5,
                                                             fill=colour, stroke=WHITE,
                                                             stroke_width=1.0)
            state = " miss" if miss else (" hit" if target is not None else "")
            chart.add(_tag("g", _tag("title", f"{name} — {cat}: {text}"), marker,
                           _halo_text(x, baselines[s], text, text_anchor="middle",
                                      font_size=str(label_size),
                                      font_weight="bold" if miss else None),
                           class_=f"point{state}"))
    chart.add(_line(x0, bottom, x1, bottom, stroke=AXIS, stroke_width=1.0))
    centres = [x_of(i) for i in range(len(cats))]
    label_slot = slot if len(cats) > 1 else x1 - x0
    labels_h = _category_labels(chart, cats, centres, label_slot, bottom)
    return chart.render(bottom + labels_h + 6, summary)


def _diamond(x: float, y: float, r: float) -> Markup:
    points = f"{_num(x)},{_num(y - r)} {_num(x + r)},{_num(y)} {_num(x)},{_num(y + r)} " \
             f"{_num(x - r)},{_num(y)}"
    return _tag("polygon", points=points, fill=MISS, stroke=TEXT, stroke_width=1.0)


__all__ = [
    "PALETTE",
    "bar_chart",
    "format_value",
    "grouped_bar_chart",
    "line_chart",
    "pareto_chart",
    "stacked_bar_chart",
]
