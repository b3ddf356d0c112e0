"""SVG charts: well-formed, accessible, CSP-clean (no style attributes), escaped, finite."""

import math
import re
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from qms.core import charts
from qms.core.charts import (
    bar_chart,
    format_value,
    grouped_bar_chart,
    line_chart,
    pareto_chart,
    stacked_bar_chart,
)

NS = "{http://www.w3.org/2000/svg}"
NBSP = "\u00a0"
HOSTILE = "<script>alert(1)</script>"
NUMERIC = {"x", "y", "x1", "x2", "y1", "y2", "width", "height", "cx", "cy", "r"}


def parse(markup: Markup) -> ET.Element:
    """The chart exactly as emitted; ``ET.fromstring`` raises on anything not well-formed."""
    assert isinstance(markup, Markup)
    return ET.fromstring(str(markup))


def texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{NS}text")]


def groups_with_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if name in g.get("class", "").split()]


def own_title(element: ET.Element) -> str:
    title = element.find(f"{NS}title")
    return "".join(title.itertext()) if title is not None else ""


def examples(label="Iekšējais audits", series="Būtiska", title="Neatbilstības", unit=""):
    return {
        "bar": bar_chart([(label, 12), ("Sūdzības", 7)], title=title, unit=unit),
        "column": bar_chart([(label, 12), ("Sūdzības", 7)], title=title, unit=unit,
                            horizontal=False),
        "stacked": stacked_bar_chart(["2024", label], [(series, [3, 4]), ("Nebūtiska", [5, 1])],
                                     title=title, unit=unit),
        "grouped": grouped_bar_chart(["2024", label], [(series, [3, 4]), ("Izlietots", [2, 5])],
                                     title=title, unit=unit),
        "pareto": pareto_chart([(label, 12), ("Cits", 3)], title=title, unit=unit),
        "line": line_chart(["2024", label], [(series, [3, 4]), ("Otra", [2, 5])], title=title,
                           unit=unit, target=3.5, target_label=label),
    }


EMPTY = {
    "bar": lambda **kw: bar_chart([], **kw),
    "column": lambda **kw: bar_chart([], horizontal=False, **kw),
    "stacked": lambda **kw: stacked_bar_chart([], [], **kw),
    "grouped": lambda **kw: grouped_bar_chart(["2024"], [], **kw),
    "pareto": lambda **kw: pareto_chart([], **kw),
    "line": lambda **kw: line_chart(["2024", "2025"], [("A", [None, None])], **kw),
}


def all_zero() -> dict[str, Markup]:
    return {
        "bar": bar_chart([("A", 0), ("B", 0)], title="t"),
        "column": bar_chart([("A", 0), ("B", 0)], title="t", horizontal=False),
        "stacked": stacked_bar_chart(["2024", "2025"], [("A", [0, 0]), ("B", [0, 0])], title="t"),
        "grouped": grouped_bar_chart(["2024", "2025"], [("A", [0, 0]), ("B", [0, 0])],
                                     title="t"),
        "pareto": pareto_chart([("A", 0), ("B", 0)], title="t"),
        "line": line_chart(["2024", "2025"], [("A", [0, 0])], title="t", target=0),
        "line-flat": line_chart(["2024"], [("A", [7])], title="t"),
    }


# --- structure and accessibility ----------------------------------------------------------------

@pytest.mark.parametrize("kind", list(examples()))
def test_charts_are_accessible_scalable_svg(kind):
    markup = examples()[kind]
    root = parse(markup)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("preserveAspectRatio") == "xMidYMid meet"
    assert re.fullmatch(r"0 0 640 \d+", root.get("viewBox"))
    assert root.get("font-family") == "DejaVu Sans, Liberation Sans, sans-serif"
    assert root.get("fill") == "#222"
    title, desc = root[0], root[1]
    assert title.tag == f"{NS}title" and title.text == "Neatbilstības"
    assert desc.tag == f"{NS}desc" and desc.text
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert "Neatbilstības" in texts(root)  # the visible title


@pytest.mark.parametrize("kind", list(examples()))
def test_no_style_attributes_or_scripts(kind):
    markup = str(examples()[kind])
    assert "style=" not in markup
    root = ET.fromstring(markup)
    for element in root.iter():
        assert "style" not in element.attrib
        assert not any(name.lower().startswith("on") for name in element.attrib)
        assert element.tag not in (f"{NS}style", f"{NS}script", f"{NS}foreignObject")


def test_ids_are_unique_and_pattern_references_resolve():
    page = "".join(str(markup) for markup in examples().values())
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for reference in re.findall(r'url\(#([^)]+)\)', page):
        assert reference in ids


def test_the_same_chart_renders_identically():
    assert examples()["pareto"] == examples()["pareto"]


def test_show_title_false_keeps_the_accessible_title():
    root = parse(bar_chart([("A", 1)], title="Nosaukums", show_title=False))
    assert root[0].text == "Nosaukums"
    assert "Nosaukums" not in texts(root)


def test_desc_summarises_the_data_and_can_be_overridden():
    root = parse(bar_chart([("Audits", 12.5), ("Sūdzības", 7)], title="t", unit="%"))
    assert root[1].text == f"Audits: 12,5{NBSP}%; Sūdzības: 7{NBSP}%"
    assert parse(bar_chart([("A", 1)], title="t", desc="Kopsavilkums"))[1].text == "Kopsavilkums"


# --- escaping -----------------------------------------------------------------------------------

def test_hostile_text_is_escaped_everywhere():
    for kind, markup in examples(label=HOSTILE, series=HOSTILE, title=HOSTILE,
                                 unit=HOSTILE).items():
        raw = str(markup)
        assert "<script" not in raw, kind
        assert "&lt;script&gt;" in raw, kind
        root = ET.fromstring(raw)
        assert not [e for e in root.iter() if e.tag.lower().endswith("script")], kind
        assert root[0].text == HOSTILE, kind
        assert any(HOSTILE in text for text in [*texts(root), root[1].text]), kind


def test_quotes_cannot_break_out_of_attributes():
    label = '" onload="alert(1)" x="'
    for markup in examples(label=label, series=label, title=label).values():
        raw = str(markup)
        root = ET.fromstring(raw)
        assert all("onload" not in e.attrib for e in root.iter())
        assert 'onload="' not in raw


def test_control_characters_in_labels_keep_the_xml_well_formed():
    markup = bar_chart([("Audits\x00\x08\x1b", 1), ("Rinda\notrā", 2)], title="T\x0c")
    root = parse(markup)
    assert "Audits" in texts(root)
    assert "Rinda otrā" in texts(root)


def test_number_format_output_is_escaped():
    root = parse(bar_chart([("A", 12)], title="t", number_format=lambda v: f"<{v:.2f}>"))
    assert "<12.00>" in texts(root)


# --- values and labels --------------------------------------------------------------------------

def test_default_number_format_is_latvian():
    assert format_value(12) == "12"
    assert format_value(12.0) == "12"
    assert format_value(12.5) == "12,5"
    assert format_value(12.04) == "12"
    assert format_value(0.25) == "0,2"  # round half to even, as Python does
    assert format_value(-3) == "-3"
    assert format_value(1234) == f"1{NBSP}234"
    assert format_value(1234567.25) == f"1{NBSP}234{NBSP}567,2"
    assert format_value(float("nan")) == "–"


def test_bar_chart_shows_labels_and_formatted_values():
    root = parse(bar_chart([("Iekšējais audits", 12.5), ("Sūdzības", 1234)], title="t",
                           unit="€"))
    shown = texts(root)
    assert "Iekšējais audits" in shown and "Sūdzības" in shown
    assert f"12,5{NBSP}€" in shown and f"1{NBSP}234{NBSP}€" in shown
    bars = groups_with_class(root, "bar")
    assert [own_title(bar) for bar in bars] == [f"Iekšējais audits: 12,5{NBSP}€",
                                               f"Sūdzības: 1{NBSP}234{NBSP}€"]


def test_bar_chart_uses_the_callers_number_format():
    root = parse(bar_chart([("A", 12.5)], title="t", number_format=lambda v: f"{v:.2f}"))
    assert "12.50" in texts(root)


def test_longer_bars_for_bigger_values():
    root = parse(bar_chart([("A", 10), ("B", 5), ("C", 0)], title="t"))
    widths = [float(bar.find(f"{NS}rect").get("width")) for bar in groups_with_class(root, "bar")]
    assert widths[0] > widths[1] > widths[2] == 0
    assert widths[0] == pytest.approx(2 * widths[1], rel=0.01)


def test_negative_values_are_clamped_to_the_axis_but_labelled():
    for horizontal in (True, False):
        root = parse(bar_chart([("Plus", 4), ("Mīnus", -2)], title="t", horizontal=horizontal))
        negative = groups_with_class(root, "negative")
        assert len(negative) == 1
        rect = negative[0].find(f"{NS}rect")
        assert float(rect.get("width" if horizontal else "height")) == 0
        assert "-2" in texts(negative[0])


def test_long_labels_are_truncated_with_the_full_label_in_the_bar_title():
    long = "Sociālās aprūpes centra darbinieku ziņojumi par neatbilstībām ikdienas darbā"
    root = parse(bar_chart([(long, 3)], title="t"))
    bar = groups_with_class(root, "bar")[0]
    label = next(t for t in texts(bar) if t.startswith("Sociālās"))
    assert label.endswith("…") and len(label) < len(long)
    assert own_title(bar) == f"{long}: 3"


def test_long_column_labels_are_slanted_and_shortened():
    long = "Dienas centrs personām ar garīga rakstura traucējumiem"
    root = parse(bar_chart([(long, 3), ("Transports", 2)], title="t", horizontal=False))
    categories = groups_with_class(root, "category")
    assert [own_title(c) for c in categories] == [long, "Transports"]
    text = categories[0].find(f"{NS}text")
    assert text.get("transform", "").startswith("rotate(-40")
    assert "".join(text.itertext()).endswith("…")


def test_integer_data_gets_whole_number_ticks():
    root = parse(bar_chart([("A", 12), ("B", 3)], title="t"))
    ticks = [t for node in root.iter(f"{NS}text") if node.get("class") == "tick"
             for t in node.itertext()]
    assert ticks and all("," not in tick for tick in ticks)


def test_stacked_bar_chart_has_a_legend_segments_and_totals():
    root = parse(stacked_bar_chart(
        ["2024", "2025"], [("Nebūtiska", [5, 8]), ("Būtiska", [2, None]), ("Kritiska", [1, 1])],
        title="t"))
    legend = [own_title(item) for item in groups_with_class(root, "legend-item")]
    assert legend == ["Nebūtiska", "Būtiska", "Kritiska"]
    columns = groups_with_class(root, "bar")
    assert [own_title(c) for c in columns] == ["2024: 8", "2025: 9"]
    assert "2024 — Būtiska: 2" in [own_title(s) for s in groups_with_class(columns[0],
                                                                           "segment")]
    assert {"8", "9", "5", "2"} <= set(texts(root))
    # the second series is hatched as well as coloured, for grayscale print
    assert root.find(f"{NS}defs/{NS}pattern") is not None


def test_grouped_bar_chart_labels_every_bar():
    root = parse(grouped_bar_chart(["2024", "2025"],
                                   [("Plānots", [12000, 15000]), ("Izlietots", [11234.5, None])],
                                   title="Budžets", unit="€"))
    assert [own_title(i) for i in groups_with_class(root, "legend-item")] == ["Plānots",
                                                                              "Izlietots"]
    bars = groups_with_class(root, "bar")
    assert len(bars) == 3  # the missing value draws nothing
    shown = texts(root)
    for value in (f"12{NBSP}000{NBSP}€", f"15{NBSP}000{NBSP}€", f"11{NBSP}234,5{NBSP}€"):
        assert value in shown


# --- Pareto -------------------------------------------------------------------------------------

def test_pareto_sorts_descending_and_cumulates_to_100_percent():
    root = parse(pareto_chart([("Apmācība", 4), ("Dokumentācija", 14), ("Komunikācija", 9),
                               ("Cits", 3)], title="t"))
    bars = groups_with_class(root, "bar")
    assert [own_title(b).split(":")[0] for b in bars] == ["Dokumentācija", "Komunikācija",
                                                          "Apmācība", "Cits"]
    points = groups_with_class(root, "cumulative-point")
    percents = [float(p.get("data-percent")) for p in points]
    assert percents == sorted(percents)
    assert percents[0] == pytest.approx(100 * 14 / 30, abs=0.01)
    assert percents[-1] == 100
    assert f"100{NBSP}%" in texts(root)
    assert f"80{NBSP}%" in texts(root)  # the right axis marks the 80 % line
    assert root.find(f".//{NS}line[@class='reference']") is not None
    assert root.find(f".//{NS}polyline[@class='cumulative']") is not None


def test_pareto_first_point_sits_on_the_first_bar():
    root = parse(pareto_chart([("A", 6), ("B", 3), ("C", 1)], title="t"))
    bar = groups_with_class(root, "bar")[0].find(f"{NS}rect")
    point = groups_with_class(root, "cumulative-point")[0].find(f"{NS}circle")
    assert float(point.get("cy")) == pytest.approx(float(bar.get("y")), abs=0.02)


# --- lines --------------------------------------------------------------------------------------

def test_line_chart_marks_points_on_the_wrong_side_of_the_target():
    root = parse(line_chart(["2021", "2022", "2023", "2024"], [("Apmierinātība", [78, 80, 85, 79])],
                            title="t", unit="%", target=80, target_label="Mērķis",
                            miss_label="Nav sasniegts"))
    points = groups_with_class(root, "point")
    assert [p.get("class") for p in points] == ["point miss", "point hit", "point hit",
                                                "point miss"]
    assert [p.find(f"{NS}polygon") is not None for p in points] == [True, False, False, True]
    shown = texts(root)
    assert f"Mērķis 80{NBSP}%" in shown
    assert "Nav sasniegts" in shown  # the legend explains the diamonds
    target = groups_with_class(root, "target")[0].find(f"{NS}line")
    assert target.get("stroke-dasharray")


def test_lower_is_better_flips_the_misses():
    root = parse(line_chart(["1", "2", "3"], [("Dienas", [12, 10, 7])], title="t", target=10,
                            higher_is_better=False))
    assert [p.get("class") for p in groups_with_class(root, "point")] == ["point miss",
                                                                         "point hit",
                                                                         "point hit"]


def test_line_chart_without_target_has_no_misses():
    root = parse(line_chart(["1", "2"], [("A", [1, 2]), ("B", [2, 1])], title="t"))
    assert [p.get("class") for p in groups_with_class(root, "point")] == ["point"] * 4
    assert not groups_with_class(root, "target")
    assert [own_title(i) for i in groups_with_class(root, "legend-item")] == ["A", "B"]


def test_none_leaves_a_gap_in_the_line():
    root = parse(line_chart(["1", "2", "3", "4", "5"], [("A", [1, 2, None, 4, 5])], title="t"))
    path = root.find(f".//{NS}path[@class='series-line']").get("d")
    assert path.count("M") == 2 and path.count("L") == 2
    assert len(groups_with_class(root, "point")) == 4
    assert "–" in root[1].text  # the gap is in the description too


def test_line_chart_labels_every_point():
    root = parse(line_chart(["1", "2", "3"], [("A", [1.5, 2, 2.25])], title="t", unit="%"))
    for value in (f"1,5{NBSP}%", f"2{NBSP}%", f"2,2{NBSP}%"):
        assert value in texts(root)


# --- empty and degenerate data ------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(EMPTY))
def test_empty_data_renders_a_small_no_data_chart(kind):
    root = parse(EMPTY[kind](title="Tukšs"))
    assert root.get("role") == "img"
    assert root[0].text == "Tukšs"
    assert "No data" in texts(root)
    assert int(root.get("viewBox").split()[3]) < 120
    translated = parse(EMPTY[kind](title="Tukšs", empty_label="Nav datu"))
    assert "Nav datu" in texts(translated)


def _numbers_in(value: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?[\d.]+(?:e-?\d+)?|nan|inf", value, re.I)]


@pytest.mark.parametrize("kind", list(all_zero()))
def test_all_zero_data_gives_finite_geometry(kind):
    raw = str(all_zero()[kind])
    root = ET.fromstring(raw)
    assert not re.search(r"\b(nan|inf)", raw, re.I)
    width, height = _numbers_in(root.get("viewBox"))[2:]
    for element in root.iter():
        for name, value in element.attrib.items():
            if name in NUMERIC and element.tag != f"{NS}svg":
                number = float(value)
                assert math.isfinite(number), (element.tag, name, value)
                if name in ("width", "height", "r") and element.tag != f"{NS}pattern":
                    assert number >= 0
        for name in ("points", "d"):
            if name in element.attrib:
                assert all(math.isfinite(n) for n in _numbers_in(element.get(name)))
    for node in root.iter(f"{NS}text"):
        assert 0 <= float(node.get("x")) <= width and 0 <= float(node.get("y")) <= height


def test_non_finite_and_missing_values_do_not_break_charts():
    parse(bar_chart([("A", float("nan")), ("B", float("inf")), ("C", None)], title="t"))
    parse(pareto_chart([("A", float("nan")), ("B", 2)], title="t"))
    parse(line_chart(["1", "2"], [("A", [float("nan"), 3])], title="t", target=float("inf")))
    parse(stacked_bar_chart(["1"], [("A", [])], title="t"))


@pytest.mark.parametrize("kind", list(examples()))
def test_text_stays_inside_the_drawing(kind):
    root = parse(examples(label="Ļoti garš kategorijas nosaukums, kas neietilpst")[kind])
    width, height = _numbers_in(root.get("viewBox"))[2:]
    for node in root.iter(f"{NS}text"):
        x, y = float(node.get("x")), float(node.get("y"))
        assert 0 <= x <= width and 0 <= y <= height, "".join(node.itertext())
        if node.get("text-anchor") is None and node.get("transform") is None:
            size = float(node.get("font-size", charts.FONT_SIZE))
            assert x + charts._text_width("".join(node.itertext()), size) <= width + 1


# --- use from templates and PDFs ----------------------------------------------------------------

def test_the_figure_macro_wraps_chart_and_data_table(app):
    template = app.jinja_env.from_string(
        '{% from "_macros/charts.html" import chart_figure %}'
        "{{ chart_figure(svg, caption=caption, head=['Avots', 'Skaits'], rows=rows,"
        " table_label='Dati tabulā') }}")
    html = template.render(svg=bar_chart([(HOSTILE, 2)], title="t"), caption=HOSTILE,
                           rows=[[HOSTILE, 2]])
    assert html.count("<svg") == 1
    assert "<script" not in html
    assert '<th scope="row">&lt;script&gt;' in html
    assert "<summary>Dati tabulā</summary>" in html
    assert "style=" not in html


def test_weasyprint_renders_every_chart():
    weasyprint = pytest.importorskip("weasyprint")
    body = "".join(str(markup) for markup in [*examples().values(), *all_zero().values()])
    pdf = weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()
    assert pdf.startswith(b"%PDF")
