"""Two plots a teacher reads at a glance: the score distribution, and each item's
difficulty against its discrimination.

Written as small SVG files by hand (no plotting library: matplotlib would be the
heaviest dependency quiz has, for two charts of a few dozen shapes). Any browser
opens them, and a word processor takes them as pictures. Pure: text in, text out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from quiz.grade.analysis import ItemStats

__all__ = ["WEAK", "difficulty_svg", "distribution_svg"]

WEAK = 0.2  # a corrected point-biserial below this discriminates little (a common rule)
_FONT = "font-family='DejaVu Sans, Helvetica, Arial, sans-serif'"
_RED, _AMBER, _BLUE, _GREY = "#c0392b", "#e6a23c", "#2f6db5", "#666"


def distribution_svg(percents: Sequence[float], title: str) -> str:
    """A histogram of the students' percentages in tens (90-100 together), with the mean."""
    width, height, left, right, top, bottom = 640, 360, 56, 16, 40, 52
    bins = [0] * 10
    for value in percents:
        bins[min(9, max(0, int(value // 10)))] += 1
    peak = max(max(bins), 1)
    top += 12  # room for the tallest bar's count
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / 10
    out = _open(width, height, f"{title}: score distribution ({len(percents)} students)")
    for tick in _ticks(peak):
        y = top + plot_h * (1 - tick / peak)
        out.append(_line(left, y, width - right, y, "#ddd"))
        out.append(_text(left - 6, y + 4, str(tick), anchor="end"))
    for index, count in enumerate(bins):
        x = left + index * step
        bar_h = plot_h * count / peak
        if count:
            out.append(
                f"<rect x='{x + 3:.1f}' y='{top + plot_h - bar_h:.1f}' width='{step - 6:.1f}' "
                f"height='{bar_h:.1f}' fill='{_BLUE}'>"
                f"<title>{_range(index)}: {count}</title></rect>"
            )
            out.append(_text(x + step / 2, top + plot_h - bar_h - 4, str(count), anchor="middle"))
        out.append(_text(x + step / 2, top + plot_h + 16, _range(index), anchor="middle", size=11))
    if percents:
        mean = sum(percents) / len(percents)
        x = left + plot_w * mean / 100
        out.append(_line(x, top, x, top + plot_h, _RED, dash=True))
    mean_note = f" · mean {sum(percents) / len(percents):.1f}% (dashed)" if percents else ""
    out.append(_line(left, top + plot_h, width - right, top + plot_h, _GREY))
    out.append(_text(left + plot_w / 2, height - 10, f"score (%){mean_note}", anchor="middle"))
    out.append(_text(14, top + plot_h / 2, "students", anchor="middle", rotate=True))
    return _close(out)


def difficulty_svg(items: Sequence[ItemStats], labels: Mapping[str, str], title: str) -> str:
    """Each item as a point: difficulty p (share right) across, the corrected
    point-biserial up. Below 0 (red) the stronger students did worse on it; below
    WEAK (amber) it tells strong from weak little. A flagged item is drawn red and
    named by `labels` (its question number, say)."""
    width, height, left, right, top, bottom = 640, 420, 56, 24, 40, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    low, high = -0.6, 1.0
    shown = [stats for stats in items if stats.discrimination is not None]
    low = min(low, *(max(-1.0, stats.discrimination or 0) - 0.05 for stats in shown))

    def at(p: float, r: float) -> tuple[float, float]:
        return left + plot_w * p, top + plot_h * (high - r) / (high - low)

    untold = len(items) - len(shown)
    note = f"; {untold} without a figure (everyone alike)" if untold else ""
    out = _open(width, height, f"{title}: difficulty and discrimination of {len(items)} items")
    _, zero = at(0, 0)
    _, weak = at(0, WEAK)
    _, floor = at(0, low)
    out.append(_band(left, zero, plot_w, floor - zero, _RED))
    out.append(_band(left, weak, plot_w, zero - weak, _AMBER))
    for r in (-0.5, 0.0, 0.5, 1.0):
        if r >= low:
            _, y = at(0, r)
            out.append(_line(left, y, width - right, y, "#ddd" if r else _GREY))
            out.append(_text(left - 6, y + 4, f"{r:+.1f}" if r else "0", anchor="end"))
    for p in (0.0, 0.25, 0.5, 0.75, 1.0):
        x, _ = at(p, low)
        out.append(_line(x, top, x, top + plot_h, "#eee"))
        out.append(_text(x, top + plot_h + 16, f"{p:.2f}", anchor="middle", size=11))
    out.append(_text(width - right - 4, weak - 4, f"weak (r < {WEAK})", anchor="end", fill=_GREY))
    out.append(_text(width - right - 4, zero + 14, "negative", anchor="end", fill=_RED))
    for stats in shown:
        x, y = at(stats.difficulty, max(low, stats.discrimination or 0.0))
        colour = _RED if stats.flags else _BLUE
        name = labels.get(stats.item_id, stats.item_id)
        tip = f"{name}: p {stats.difficulty:.2f}, r {stats.discrimination:+.2f}"
        tip += "".join(f"; {flag}" for flag in stats.flags)
        out.append(
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='5' fill='{colour}' fill-opacity='0.8'>"
            f"<title>{escape(tip)}</title></circle>"
        )
        if stats.flags:
            out.append(_text(x + 7, y + 4, name, fill=_RED, size=11))
    out.append(
        _text(left + plot_w / 2, height - 10, f"difficulty p (share right){note}", anchor="middle")
    )
    out.append(_text(14, top + plot_h / 2, "discrimination r", anchor="middle", rotate=True))
    return _close(out)


def _range(index: int) -> str:
    return f"{index * 10}-{index * 10 + 9 if index < 9 else 100}"


def _ticks(peak: int) -> list[int]:
    step = max(1, round(peak / 5))
    return list(range(0, peak + 1, step))


def _open(width: int, height: int, title: str) -> list[str]:
    return [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' {_FONT} font-size='12'>",
        f"<title>{escape(title)}</title>",
        f"<rect width='{width}' height='{height}' fill='white'/>",
        _text(width / 2, 22, title, anchor="middle", size=14),
    ]


def _close(out: list[str]) -> str:
    return "\n".join([*out, "</svg>"]) + "\n"


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, *, dash: bool = False) -> str:
    dashes = " stroke-dasharray='5 4'" if dash else ""
    return (
        f"<line x1='{x1:.1f}' y1='{y1:.1f}' x2='{x2:.1f}' y2='{y2:.1f}' stroke='{colour}'{dashes}/>"
    )


def _band(x: float, y: float, width: float, height: float, colour: str) -> str:
    return (
        f"<rect x='{x:.1f}' y='{y:.1f}' width='{width:.1f}' height='{max(height, 0):.1f}' "
        f"fill='{colour}' fill-opacity='0.08'/>"
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: int = 12,
    fill: str = "#222",
    rotate: bool = False,
) -> str:
    turn = f" transform='rotate(-90 {x:.1f} {y:.1f})'" if rotate else ""
    return (
        f"<text x='{x:.1f}' y='{y:.1f}' text-anchor='{anchor}' font-size='{size}' "
        f"fill='{fill}'{turn}>{escape(text)}</text>"
    )
