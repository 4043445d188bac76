"""The line chart of a subject's scores over campaigns, drawn as SVG like the ranking charts."""

from markupsafe import Markup, escape

from inspect_app.rankings.charts import PALETTE, WIDTH, _svg, _text
from inspect_app.rankings.trends import History

HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 50, 30, 20, 60


def score_line(history: History) -> Markup | None:
    """Each scored campaign's score as a point on a line, oldest on the left; labels under the axis."""
    points = history.scored
    if not points:
        return None
    scores = [p.score for p in points]
    low, high = min(scores + [0.0]), max(scores)
    span = (high - low) or 1.0
    step = (WIDTH - LEFT - RIGHT) / max(len(points) - 1, 1)

    def at(n: int, score: float) -> tuple[float, float]:
        x = LEFT + n * step if len(points) > 1 else WIDTH / 2
        return x, TOP + (HEIGHT - TOP - BOTTOM) * (high - score) / span

    xy = [at(n, p.score) for n, p in enumerate(points)]
    body = [
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#999"/>',
        _text(LEFT - 6, TOP + 4, f"{high:g}", "end", "axis"),
        _text(LEFT - 6, HEIGHT - BOTTOM + 4, f"{low:g}", "end", "axis"),
    ]
    if len(xy) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        body.append(f'<polyline points="{line}" fill="none" stroke="{PALETTE[0]}" stroke-width="2"/>')
    for (x, y), point in zip(xy, points, strict=True):
        tip = escape(f"{point.campaign.year}年 {point.campaign.title}：{point.score:g}分，第{point.rank or '—'}名")
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{PALETTE[0]}"><title>{tip}</title></circle>')
        body.append(_text(x, y - 8, f"{point.score:g}", "middle", "value"))
        body.append(_text(x, HEIGHT - BOTTOM + 18, point.campaign.year, "middle", "axis"))
        body.append(_text(x, HEIGHT - BOTTOM + 34, point.campaign.title[:8], "middle", "axis"))
    return _svg(f"{history.subject.name}历次考核得分", HEIGHT, body, "trend")
