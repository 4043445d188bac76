"""Charts of a ranking drawn as SVG on the server: presentation attributes and classes, no inline styles.

Each chart is a viewBox-sized <svg> that scales to its container (phone, projector, paper), with a
<title> and text labels, so it reads without colour too.
"""

from collections import Counter

from markupsafe import Markup, escape

from inspect_app.rankings.services import RankingRow, RankingView

WIDTH = 640
ROW = 26  # height of one bar row
LABEL = 150  # width of the label column
BINS = 10
PALETTE = ["#2b6cb0", "#38a169", "#d69e2e", "#dd6b20", "#c53030", "#6b46c1", "#718096"]


def _svg(title: str, height: int, body: list[str], css: str) -> Markup:
    """The chart's <svg> element."""
    return Markup(
        f'<svg class="chart {css}" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _text(x: float, y: float, text: object, anchor: str = "start", css: str = "label") -> str:
    """A text label."""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{css}">{escape(str(text))}</text>'


def _rect(x: float, y: float, w: float, h: float, fill: str, tip: str = "") -> str:
    """A filled rectangle with a tooltip."""
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{h:.1f}" fill="{fill}">{title}</rect>'


def distribution(rows: list[RankingRow]) -> Markup | None:
    """How many subjects scored in each tenth of the score range."""
    scores = [row.score for row in rows if row.score is not None]
    if not scores:
        return None
    low, high = min(scores), max(scores)
    step = (high - low) / BINS or 1.0
    counts = Counter(min(int((score - low) / step), BINS - 1) for score in scores)
    top, height = max(counts.values()), 220
    width = (WIDTH - 40) / BINS
    body = []
    for b in range(BINS):
        h = (height - 60) * counts.get(b, 0) / top
        start = low + b * step
        body.append(
            _rect(
                20 + b * width + 2,
                height - 40 - h,
                width - 4,
                h,
                PALETTE[0],
                f"{start:g}–{start + step:g}分：{counts.get(b, 0)}个",
            )
        )
        body.append(_text(20 + (b + 0.5) * width, height - 44 - h, counts.get(b, 0), "middle", "value"))
        body.append(_text(20 + b * width, height - 22, f"{start:.4g}", "middle", "axis"))
    body.append(_text(WIDTH - 20, height - 22, f"{high:.4g}", "middle", "axis"))
    body.append(_text(WIDTH / 2, height - 4, "得分", "middle", "axis"))
    return _svg("得分分布（考核对象个数）", height, body, "distribution")


def grades_by_town(ranking: RankingView) -> Markup | None:
    """Each town's subjects per grade, as stacked bars."""
    if not ranking.rows or not ranking.grade_names:
        return None
    grades = ranking.grade_names
    towns = sorted({row.group for row in ranking.rows})
    counts = Counter((row.group, row.grade) for row in ranking.rows)
    most = max(sum(counts[(t, g)] for g in grades) for t in towns) or 1
    height = 40 + ROW * len(towns)
    body = [
        _rect(LABEL + i * 90, 4, 12, 12, PALETTE[i % len(PALETTE)]) + _text(LABEL + i * 90 + 16, 15, g)
        for i, g in enumerate(grades)
    ]
    for n, town in enumerate(towns):
        y, x = 30 + n * ROW, LABEL
        body.append(_text(LABEL - 6, y + 15, town, "end"))
        for i, grade in enumerate(grades):
            w = (WIDTH - LABEL - 40) * counts[(town, grade)] / most
            body.append(
                _rect(x, y, w, ROW - 6, PALETTE[i % len(PALETTE)], f"{town} {grade}：{counts[(town, grade)]}个")
            )
            x += w
        body.append(_text(x + 4, y + 15, sum(counts[(town, g)] for g in grades), css="value"))
    return _svg("各乡镇等次分布", height, body, "grades")


def lost_heat_map(ranking: RankingView) -> Markup | None:
    """Town × section: the average points a subject lost, darker for more."""
    sections = [s for s in ranking.sections if ranking.section_max.get(s.code)]
    if not ranking.rows or not sections:
        return None
    by_town: dict[str, list[RankingRow]] = {}
    for row in ranking.rows:
        by_town.setdefault(row.group, []).append(row)
    towns = sorted(by_town)
    index = {s.code: i for i, s in enumerate(ranking.sections)}
    lost = {
        (t, s.code): _average_lost(ranking, by_town[t], s.code, index[s.code])
        for t in towns
        for s in sections
    }
    worst = max(lost.values()) or 1.0
    cell = (WIDTH - LABEL) / len(sections)
    height = 30 + ROW * len(towns)
    body = [_text(LABEL + (i + 0.5) * cell, 18, s.code, "middle", "axis") for i, s in enumerate(sections)]
    for n, town in enumerate(towns):
        y = 24 + n * ROW
        body.append(_text(LABEL - 6, y + 16, town, "end"))
        for i, s in enumerate(sections):
            value = lost[(town, s.code)]
            shade = 0.08 + 0.92 * value / worst
            tip = escape(f"{town} {s.code} {s.title}：平均失分 {value:.2f}")
            body.append(
                f'<rect x="{LABEL + i * cell:.1f}" y="{y}" width="{cell - 2:.1f}" height="{ROW - 2}" fill="#c53030" '
                f'fill-opacity="{shade:.2f}"><title>{tip}</title></rect>'
            )
            body.append(
                _text(
                    LABEL + (i + 0.5) * cell,
                    y + 16,
                    f"{value:.1f}",
                    "middle",
                    "cell-value" + (" dark" if shade > 0.55 else ""),
                )
            )
    return _svg("各乡镇各部分平均失分", height, body, "heat-map")


def _average_lost(ranking: RankingView, rows: list[RankingRow], code: str, position: int) -> float:
    """Average points lost in one section over rows (its max less its subtotal)."""
    values = [ranking.section_max[code] - row.sections[position] for row in rows if row.sections[position] is not None]
    return sum(values) / len(values) if values else 0.0


def subject_sections(ranking: RankingView, row: RankingRow) -> Markup | None:
    """The subject's section subtotals against its town's and the county's averages."""
    if not ranking.sections:
        return None
    town = [r for r in ranking.rows if r.group == row.group]
    series = [("本对象", [row]), (f"{row.group}平均", town), ("全县平均", ranking.rows)]
    height = 40 + ROW * 3 * len(ranking.sections) + 10 * len(ranking.sections)
    top = max([ranking.section_max.get(s.code, 0) for s in ranking.sections] + [1])
    body = [
        _rect(LABEL + i * 150, 4, 12, 12, PALETTE[i]) + _text(LABEL + i * 150 + 16, 15, name)
        for i, (name, _) in enumerate(series)
    ]
    y = 30
    for position, section in enumerate(ranking.sections):
        body.append(_text(LABEL - 6, y + 3 * ROW / 2, f"{section.code} {section.title}"[:10], "end"))
        for i, (name, rows) in enumerate(series):
            values = [r.sections[position] for r in rows if r.sections[position] is not None]
            value = sum(values) / len(values) if values else 0.0
            w = (WIDTH - LABEL - 60) * value / top
            body.append(_rect(LABEL, y, w, ROW - 4, PALETTE[i], f"{name}：{value:.2f}"))
            body.append(_text(LABEL + w + 4, y + 15, f"{value:.1f}", css="value"))
            y += ROW
        y += 10
    return _svg("各部分得分：本对象、本乡镇平均与全县平均", height, body, "sections")
