"""Small matplotlib helpers for policytext tables, with a CJK-font fallback.

Chinese labels need a font with CJK glyphs; without one matplotlib draws empty boxes.
:func:`setup_fonts` looks for an installed CJK font (Noto Sans/Serif CJK, Source Han,
WenQuanYi, SimHei, Microsoft YaHei, AR PL, …) and puts it first in matplotlib's sans-serif
list. Every helper here labels in Chinese when such a font exists and in English (theme ids,
English axis titles) when none does, so a chart never shows boxes. ``lang="en"`` or
``lang="zh"`` forces one.

>>> label("国内生产总值增长（%）", "GDP growth (%)", lang="en")
'GDP growth (%)'
>>> theme_label("farmers", lang="en"), theme_label("farmers", lang="zh")
('Farmers', '农民')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "CJK_FILE_PATTERN",
    "CJK_FONT_PATTERNS",
    "THEME_LABELS",
    "cjk_font",
    "label",
    "plot_targets_vs_outcomes",
    "plot_theme_shares",
    "setup_fonts",
    "theme_label",
]

#: Font family names tried in order (case-insensitive regular expressions).
CJK_FONT_PATTERNS = (
    r"Noto Sans CJK SC", r"Noto Sans SC", r"Source Han Sans SC", r"Noto Sans CJK",
    r"Source Han Sans", r"WenQuanYi Zen Hei", r"WenQuanYi Micro Hei", r"WenQuanYi",
    r"Microsoft YaHei", r"SimHei", r"PingFang SC", r"Hiragino Sans GB", r"Heiti SC",
    r"Noto Serif CJK SC", r"Source Han Serif", r"Noto Serif CJK", r"AR PL UKai",
    r"AR PL UMing", r"AR PL", r"SimSun", r"Droid Sans Fallback", r"Unifont",
)  # fmt: skip

#: Theme id → (Chinese label, English label).
THEME_LABELS: dict[str, tuple[str, str]] = {
    "economy": ("经济增长", "Economy"),
    "industry": ("产业", "Industry"),
    "innovation": ("科技创新", "Innovation"),
    "workers": ("工人与就业", "Workers"),
    "students": ("大学生", "Students"),
    "farmers": ("农民", "Farmers"),
    "education": ("教育", "Education"),
    "social": ("民生保障", "Social"),
    "environment": ("生态环境", "Environment"),
    "governance": ("治理与改革", "Governance"),
}


#: File-name fragments of CJK fonts, for fonts installed after matplotlib cached its list.
CJK_FILE_PATTERN = re.compile(
    r"notosanscjk|notoserifcjk|notosanssc|sourcehan|wqy|simhei|simsun|msyh|uming|ukai|"
    r"droidsansfallback|pingfang|hiragino|unifont",
    re.IGNORECASE,
)


def _match_font(names: Sequence[str]) -> str | None:
    for pattern in CJK_FONT_PATTERNS:
        rx = re.compile(pattern, re.IGNORECASE)
        for name in names:
            if rx.search(name):
                return name
    return None


@functools.lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of an installed font with CJK glyphs, or ``None``.

    Searches matplotlib's font list for :data:`CJK_FONT_PATTERNS`, in order. matplotlib
    caches its font list, so a font installed later is missing from it: the system's font
    files whose names look CJK (:data:`CJK_FILE_PATTERN`) are then registered and searched.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    found = _match_font(sorted({f.name for f in manager.ttflist}))
    if found:
        return found
    try:
        files = [p for p in font_manager.findSystemFonts() if CJK_FILE_PATTERN.search(Path(p).name)]
    except Exception:  # pragma: no cover - an unreadable font folder is no reason to fail
        files = []
    for path in sorted(files, key=lambda p: ("bold" in p.lower(), p)):
        try:
            manager.addfont(path)
        except Exception:  # pragma: no cover - a broken font file is skipped
            continue
    return _match_font(sorted({f.name for f in manager.ttflist})) if files else None


def setup_fonts() -> str | None:
    """Put the CJK font (if any) first in matplotlib's sans-serif list; return its name.

    Also draws the minus sign as ``-`` (CJK fonts often lack U+2212). Safe to call often.
    """
    import matplotlib as mpl

    font = cjk_font()
    mpl.rcParams["axes.unicode_minus"] = False
    if font:
        families = [f for f in mpl.rcParams["font.sans-serif"] if f != font]
        mpl.rcParams["font.sans-serif"] = [font, *families]
        mpl.rcParams["font.family"] = "sans-serif"
    return font


def _lang(lang: str) -> str:
    if lang not in ("auto", "zh", "en"):
        raise ValueError("lang must be 'auto', 'zh' or 'en'")
    if lang == "auto":
        return "zh" if cjk_font() else "en"
    return lang


def label(zh: str, en: str, *, lang: str = "auto") -> str:
    """``zh`` when Chinese can be drawn (or ``lang="zh"``), else ``en``."""
    return zh if _lang(lang) == "zh" else en


def theme_label(theme: str, *, lang: str = "auto") -> str:
    """A theme id's display name (unknown ids are shown as they are)."""
    zh, en = THEME_LABELS.get(theme, (theme, theme))
    return label(zh, en, lang=lang)


def _axes(ax: Any, figsize: tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_theme_shares(
    shares: pd.DataFrame,
    themes: Sequence[str] | None = None,
    *,
    ax: Any = None,
    title: str | None = None,
    lang: str = "auto",
    marker: str = "o",
) -> Any:
    """Line chart of theme shares over time: one line per theme; return the Axes.

    ``shares`` is :meth:`policytext.corpus.Corpus.theme_shares` output (index: year or
    other group, columns: theme ids, values: per cent of paragraphs). ``themes`` picks and
    orders the lines (default: every column).

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> df = pd.DataFrame({"farmers": [40.0, 20.0], "workers": [10.0, 15.0]}, index=[1980, 2020])
    >>> ax = plot_theme_shares(df, lang="en")
    >>> ax.get_ylabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('Share of body paragraphs (%)', ['Farmers', 'Workers'])
    """
    setup_fonts()
    chosen = list(themes) if themes is not None else list(shares.columns)
    missing = [t for t in chosen if t not in shares.columns]
    if missing:
        raise KeyError(f"no such theme column(s): {missing}")
    ax = _axes(ax, (9, 4.5))
    x = shares.index
    for theme in chosen:
        ax.plot(
            x,
            shares[theme].to_numpy(dtype=float),
            marker=marker,
            markersize=3,
            linewidth=1.4,
            label=theme_label(theme, lang=lang),
        )
    ax.set_xlabel(_group_label(shares.index.name, lang))
    ax.set_ylabel(label("占正文段落的比例（%）", "Share of body paragraphs (%)", lang=lang))
    ax.set_title(title or label("各主题段落占比", "Share of paragraphs per theme", lang=lang))
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    ax.figure.tight_layout()
    return ax


def _group_label(name: Any, lang: str) -> str:
    name = str(name or "")
    if name == "decade":
        return label("年代", "Decade", lang=lang)
    if name.endswith("year"):
        return label("年份", "Year", lang=lang)
    return name


def plot_targets_vs_outcomes(
    table: pd.DataFrame,
    *,
    x: str = "year",
    target: str = "target",
    target_high: str | None = "target_high",
    outcome: str = "outcome",
    ax: Any = None,
    title: str | None = None,
    ylabel: str | None = None,
    lang: str = "auto",
) -> Any:
    """Targets set against outcomes reached, by year; return the Axes.

    ``table`` has one row per year: the target (a range's lower bound in ``target`` and
    upper bound in ``target_high``, drawn as a band) and the outcome later reported. Missing
    values and years absent from an integer ``x`` column are left as gaps. Default labels speak of GDP growth in per cent; pass
    ``title``/``ylabel`` for another indicator.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> t = pd.DataFrame({"year": [2019, 2020, 2021], "target": [6.0, None, 6.0],
    ...                   "target_high": [6.5, None, None], "outcome": [6.0, 2.3, 8.1]})
    >>> ax = plot_targets_vs_outcomes(t, lang="en")
    >>> ax.get_ylabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('Growth rate (%)', ['Target (lower bound)', 'Target range', 'Outcome reported'])
    """
    setup_fonts()
    ax = _axes(ax, (9, 4.5))
    data = table.sort_values(x)
    if pd.api.types.is_integer_dtype(data[x]) and len(data) and data[x].is_unique:
        # a year missing from the table is a gap in the lines, not a straight stretch
        full = pd.RangeIndex(int(data[x].min()), int(data[x].max()) + 1, name=x)
        data = data.set_index(x).reindex(full).reset_index()
    xs = data[x].to_numpy()
    low = pd.to_numeric(data[target], errors="coerce").to_numpy(dtype=float)
    ax.plot(
        xs,
        low,
        linestyle="--",
        marker="s",
        markersize=4,
        color="tab:blue",
        label=label("目标（下限）", "Target (lower bound)", lang=lang),
    )
    if target_high and target_high in data.columns:
        high = pd.to_numeric(data[target_high], errors="coerce").to_numpy(dtype=float)
        band_high = [h if h == h else lo for h, lo in zip(high, low, strict=True)]
        ax.fill_between(
            xs,
            low,
            band_high,
            color="tab:blue",
            alpha=0.18,
            step=None,
            label=label("目标区间", "Target range", lang=lang),
        )
    out = pd.to_numeric(data[outcome], errors="coerce").to_numpy(dtype=float)
    ax.plot(
        xs,
        out,
        marker="o",
        markersize=4,
        color="tab:red",
        label=label("实际完成", "Outcome reported", lang=lang),
    )
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_xlabel(label("年份", "Year", lang=lang))
    ax.set_ylabel(ylabel or label("增长率（%）", "Growth rate (%)", lang=lang))
    ax.set_title(
        title
        or label("国内生产总值增长：预期目标与实际", "GDP growth: target vs outcome", lang=lang)
    )
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    ax.figure.tight_layout()
    return ax
