"""Plots of the tables that show their n: ``from imr_nlp.io import plots`` (or ``imr_nlp.plots``).

Install with ``pip install imr-nlp[notebook]`` (matplotlib). ::

    tables = imr_nlp.extract("letters/", model=False)
    imr_nlp.plots.outcomes_by_category(tables.decisions)
    imr_nlp.plots.upheld_rate_by_drug_class(tables.decisions)
    imr_nlp.plots.daily_mme(tables.decisions)
    imr_nlp.plots.factors_by_outcome(tables.decisions, tables.factors)

Every function takes the DataFrames of :func:`imr_nlp.extract` (or ``imr_nlp.to_dataframe``),
draws on ``ax`` (a new figure when None) and returns the Axes. Each group's n is in its label;
a group with fewer than ``min_n`` decisions is drawn in grey (``small="grey"``) or left out
(``small="hide"``), and the legend says which. Rates carry their 95% Wilson interval.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import Errors, MissingDependencyError

#: Colours of the outcomes, and of groups too small to compare.
COLORS = {"upheld": "#4c72b0", "overturned": "#dd8452", "unknown": "#937860"}
GREY = {"upheld": "#9a9a9a", "overturned": "#cfcfcf", "unknown": "#e3e3e3"}
LINE = "#c44e52"
#: The daily MME limit of the MTUS Chronic Pain Medical Treatment Guidelines that the letters
#: apply ("should not exceed 120 mg oral morphine equivalents per day").
THRESHOLD_LABELS = {120.0: "120 MME/day (MTUS chronic pain limit)"}
#: Below this many values, :func:`daily_mme` draws every value instead of a histogram.
STRIP_BELOW = 30


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise MissingDependencyError(
            Errors.E012,
            what="imr_nlp.io.plots",
            package=err.name or "matplotlib",
            extra="notebook",
        ) from err
    return plt


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _check_small(small: str) -> None:
    if small not in ("grey", "hide"):
        raise ValueError(f"small must be 'grey' or 'hide', not {small!r}")


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion k/n ((nan, nan) when n is 0)."""
    if n == 0:
        return math.nan, math.nan
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _outcomes(decisions: pd.DataFrame) -> pd.Series:
    return decisions["outcome"].astype("string").fillna("unknown")


def _letters(decisions: pd.DataFrame) -> int:
    return int(decisions["letter_id"].nunique()) if "letter_id" in decisions else 0


def _patch(color: str, label: str) -> Any:
    from matplotlib.patches import Patch

    return Patch(facecolor=color, label=label)


def _small_patch(min_n: int, small: str, hidden: int = 0, hidden_n: int = 0) -> Any:
    from matplotlib.patches import Patch

    if small == "hide":
        return Patch(
            color="none",
            label=f"not shown: {hidden} group{'s' * (hidden != 1)} with n < {min_n} "
            f"({hidden_n} decisions)",
        )
    return Patch(facecolor=GREY["upheld"], label=f"grey: n < {min_n}, too few to compare")


def outcomes_by_category(
    decisions: pd.DataFrame, min_n: int = 5, ax: Any = None, small: str = "grey"
) -> Any:
    """Decisions per treatment category, split by outcome, with n and the upheld share.

    Categories with fewer than ``min_n`` decisions are grey (no share is printed) or hidden.
    """
    _check_small(small)
    ax = _axes(ax, (8, 5))
    outcome = _outcomes(decisions)
    category = decisions["category"].astype("string").fillna("(none)")
    counts = pd.crosstab(category, outcome)
    order = [o for o in ("upheld", "overturned", "unknown") if o in counts.columns]
    counts = counts.reindex(columns=order, fill_value=0)
    totals = counts.sum(axis=1)
    counts = counts.loc[totals.sort_values(kind="stable").index]
    totals = counts.sum(axis=1)
    big = totals >= min_n
    hidden, hidden_n = int((~big).sum()), int(totals[~big].sum())
    if small == "hide":
        counts, totals, big = counts[big], totals[big], big[big]
    labels = [f"{c} (n={n})" for c, n in totals.items()]
    y = range(len(counts))
    left = [0] * len(counts)
    handles = []
    for o in order:
        colours = [COLORS[o] if b else GREY[o] for b in big]
        bars = ax.barh(y, counts[o], left=left, color=colours, edgecolor="white", linewidth=0.5)
        bars.set_label(o)
        handles.append(_patch(COLORS[o], o))
        left = [a + b for a, b in zip(left, counts[o], strict=True)]
    for i, (n, b) in enumerate(zip(totals, big, strict=True)):
        up = counts["upheld"].iloc[i] if "upheld" in counts else 0
        note = f"{up / n:.0%} upheld" if b else ""
        ax.annotate(note, (n, i), xytext=(4, 0), textcoords="offset points", va="center")
    ax.set_yticks(list(y), labels)
    ax.set_xlabel("decisions")
    ax.set_xlim(0, max(totals.max() if len(totals) else 1, 1) * 1.18)
    ax.set_title(
        f"IMR outcomes by treatment category\n"
        f"n = {len(decisions)} decisions in {_letters(decisions)} letters"
    )
    if hidden:
        handles.append(_small_patch(min_n, small, hidden, hidden_n))
    ax.legend(handles=handles, loc="lower right", frameon=False)
    return ax


def upheld_rate_by_drug_class(
    decisions: pd.DataFrame, min_n: int = 5, ax: Any = None, small: str = "grey"
) -> Any:
    """Share of drug requests whose denial was upheld, per drug class, with n and 95% intervals.

    Classes with fewer than ``min_n`` decided requests are hollow grey dots or hidden; the
    dashed line is the share over all drug requests.
    """
    from matplotlib.lines import Line2D

    _check_small(small)
    ax = _axes(ax, (8, 4))
    drugs = decisions[decisions["drug_class"].notna() & decisions["outcome"].notna()]
    upheld = (drugs["outcome"].astype("string") == "upheld").astype(int)
    stats = upheld.groupby(drugs["drug_class"].astype("string")).agg(["sum", "size"])
    stats = stats.sort_values(["size", "sum"], kind="stable")
    big = stats["size"] >= min_n
    hidden, hidden_n = int((~big).sum()), int(stats.loc[~big, "size"].sum())
    if small == "hide":
        stats, big = stats[big], big[big]
    rates = [k / n for k, n in zip(stats["sum"], stats["size"], strict=True)]
    bounds = [wilson(k, n) for k, n in zip(stats["sum"], stats["size"], strict=True)]
    err = [
        [max(0.0, r - lo) for r, (lo, _) in zip(rates, bounds, strict=True)],
        [max(0.0, hi - r) for r, (_, hi) in zip(rates, bounds, strict=True)],
    ]
    y = list(range(len(stats)))
    for i, (r, b) in enumerate(zip(rates, big, strict=True)):
        colour = COLORS["upheld"] if b else GREY["upheld"]
        ax.errorbar(
            [r],
            [i],
            xerr=[[err[0][i]], [err[1][i]]],
            fmt="o",
            color=colour,
            ecolor=colour,
            markerfacecolor=colour if b else "white",
            markersize=8,
            capsize=4,
            linewidth=1.5,
        )
    for i, (k, n) in enumerate(zip(stats["sum"], stats["size"], strict=True)):
        ax.annotate(
            f"{k}/{n}",
            (1.0, i),
            xycoords=("axes fraction", "data"),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
        )
    ax.set_yticks(y, [f"{c} (n={n})" for c, n in stats["size"].items()])
    ax.set_ylim(-0.6, len(y) - 0.4)
    ax.set_xlim(-0.02, 1.02)
    ax.xaxis.set_major_formatter(_percent())
    ax.set_xlabel("share of denials upheld")
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            color=COLORS["upheld"],
            markersize=7,
            label="upheld share, 95% Wilson interval",
        )
    ]
    if len(drugs):
        overall = upheld.mean()
        handles.append(
            ax.axvline(
                overall,
                color="#333333",
                linestyle="--",
                linewidth=1,
                label=f"all {len(drugs)} drug requests: {overall:.0%}",
            )
        )
    if small == "grey" and hidden:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                color=GREY["upheld"],
                markerfacecolor="white",
                markersize=7,
                label=f"grey: n < {min_n}, too few to compare",
            )
        )
    elif hidden:
        handles.append(_small_patch(min_n, small, hidden, hidden_n))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.16), frameon=False)
    ax.set_title(
        f"Share of drug requests upheld, by drug class\n"
        f"n = {len(drugs)} drug requests in {_letters(drugs)} letters"
    )
    return ax


def _percent() -> Any:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(xmax=1)


def daily_mme(
    decisions: pd.DataFrame,
    threshold: float = 120,
    ax: Any = None,
    label: str | None = None,
) -> Any:
    """Daily MME of the opioid requests, each value a dot (a histogram from ``STRIP_BELOW``
    values), with the ``threshold`` line labelled and how many requests had no computable MME.
    """
    ax = _axes(ax, (8, 3.4))
    opioids = decisions[decisions["is_opioid"].fillna(False).astype(bool)]
    mme = opioids["daily_mme"].dropna().astype(float)
    n, total = len(mme), len(opioids)
    if label is None:
        label = THRESHOLD_LABELS.get(float(threshold), f"{threshold:g} MME/day")
    top = max([threshold, *mme]) * 1.15
    if n >= STRIP_BELOW:
        ax.hist(mme, bins=min(30, max(10, n // 5)), range=(0, top), color=COLORS["upheld"])
        ax.set_ylabel("opioid requests")
    elif n:
        outcome = _outcomes(opioids.loc[mme.index])
        jitter = [((i * 0.618) % 1 - 0.5) * 0.5 for i in range(n)]
        for o in ("upheld", "overturned", "unknown"):
            pick = (outcome == o).to_numpy()
            if pick.any():
                ax.scatter(
                    mme[pick],
                    [j for j, p in zip(jitter, pick, strict=True) if p],
                    s=60,
                    color=COLORS[o],
                    edgecolor="black",
                    linewidth=0.5,
                    zorder=3,
                    label=f"{o} (n={int(pick.sum())})",
                )
        ax.set_ylim(-1, 1)
        ax.set_yticks([])
    else:
        ax.text(
            0.5,
            0.5,
            "no opioid request with a computable daily MME",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color="#555555",
        )
        ax.set_yticks([])
    ax.axvline(threshold, color=LINE, linestyle="--", linewidth=1.5, label=label)
    ax.annotate(
        label,
        (threshold, 1),
        xycoords=("data", "axes fraction"),
        xytext=(-4, -4),
        textcoords="offset points",
        ha="right",
        va="top",
        color=LINE,
        fontsize=9,
    )
    ax.set_xlim(0, top)
    ax.set_xlabel("daily MME (morphine milligram equivalents per day)")
    above = int((mme >= threshold).sum())
    factors = decisions.get("mme_factors")
    used = sorted(factors.dropna().astype(str).unique()) if factors is not None else []
    ax.set_title(
        f"Daily MME of opioid requests: n = {n} of {total}\n"
        f"({total - n} without enough in the letter to compute it; {above} at or above "
        f"{threshold:g})"
    )
    if used:
        ax.annotate(
            f"conversion factors: {', '.join(used)}",
            (1, 0),
            xycoords="axes fraction",
            xytext=(0, -30),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=8,
            color="#555555",
        )
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.22), frameon=False, ncols=3, fontsize=9)
    return ax


def factors_by_outcome(
    decisions: pd.DataFrame,
    factors: pd.DataFrame,
    min_n: int = 5,
    ax: Any = None,
    small: str = "grey",
) -> Any:
    """Share of the decisions of each outcome whose rationale invokes each factor.

    A decision counts once per factor however often its rationale names it. An outcome with
    fewer than ``min_n`` decisions, and a factor invoked in fewer than ``min_n`` decisions, is
    grey or hidden.
    """
    _check_small(small)
    ax = _axes(ax, (8, 5))
    key = ["letter_id", "decision_id"]
    outcome = decisions[key].assign(outcome=_outcomes(decisions))
    sizes = outcome["outcome"].value_counts()
    order = [o for o in ("upheld", "overturned", "unknown") if o in sizes.index]
    big = {o: int(sizes[o]) >= min_n for o in order}
    hidden = [o for o in order if not big[o]]
    if small == "hide":
        order = [o for o in order if big[o]]
    used = factors[[*key, "factor"]].dropna().drop_duplicates()
    used = used.assign(factor=used["factor"].astype("string")).merge(outcome, on=key)
    counts = pd.crosstab(used["factor"], used["outcome"]).reindex(columns=order, fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values(kind="stable").index]
    rare = counts.sum(axis=1) < min_n
    few_factors = int(rare.sum())
    if small == "hide":
        counts, rare = counts[~rare], rare[~rare]
    height = 0.8 / max(len(order), 1)
    handles = []
    for j, o in enumerate(order):
        n = int(sizes[o])
        share = counts[o] / n
        y = [i + (len(order) - 1 - 2 * j) * height / 2 for i in range(len(counts))]
        colours = [GREY[o] if r or not big[o] else COLORS[o] for r in rare]
        ax.barh(y, share, height=height, color=colours, hatch=None if big[o] else "//")
        handles.append(_patch(COLORS[o] if big[o] else GREY[o], f"{o} (n={n} decisions)"))
        for yi, k, s in zip(y, counts[o], share, strict=True):
            ax.annotate(
                f"{k}/{n}",
                (s, yi),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
    totals = counts.sum(axis=1)
    ax.set_yticks(
        list(range(len(counts))), [f"{f.replace('_', ' ')} ({k})" for f, k in totals.items()]
    )
    for tick, r in zip(ax.get_yticklabels(), rare, strict=True):
        tick.set_color("#888888" if r else "black")
    ax.xaxis.set_major_formatter(_percent())
    top = (counts / sizes.reindex(order)).max().max() if len(counts) and order else 0
    ax.set_xlim(0, max(0.1, float(top)) * 1.25)
    ax.set_xlabel("share of the outcome's decisions whose rationale invokes the factor")
    if small == "grey" and (hidden or few_factors):
        what = [f"outcomes with n < {min_n}"] * bool(hidden) + [
            f"factors invoked in fewer than {min_n} decisions"
        ] * bool(few_factors)
        handles.append(_patch(GREY["upheld"], f"grey: {' and '.join(what)}"))
    elif small == "hide":
        if hidden:
            handles.append(
                _small_patch(min_n, small, len(hidden), int(sum(sizes[o] for o in hidden)))
            )
        if few_factors:
            handles.append(
                _patch("none", f"not shown: {few_factors} factors invoked in < {min_n} decisions")
            )
    ax.legend(handles=handles, loc="lower right", frameon=False)
    ax.set_title(
        "Rationale factors by outcome (in brackets: decisions invoking it)\n"
        f"n = {len(decisions)} decisions in {_letters(decisions)} letters"
    )
    return ax


#: name -> the function drawing it from the tables, in the order of docs/plots.md.
VIEWS = {
    "outcomes_by_category": lambda t: outcomes_by_category(t.decisions),
    "upheld_rate_by_drug_class": lambda t: upheld_rate_by_drug_class(t.decisions),
    "daily_mme": lambda t: daily_mme(t.decisions),
    "factors_by_outcome": lambda t: factors_by_outcome(t.decisions, t.factors),
}


def save_all(tables: Any, out: str | Path, dpi: int = 100) -> list[Path]:
    """Draw every view of ``tables`` (an :class:`imr_nlp.Tables`) into ``out/<view>.png``."""
    plt = _pyplot()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, draw in VIEWS.items():
        ax = draw(tables)
        paths.append(out / f"{name}.png")
        ax.figure.savefig(paths[-1], dpi=dpi)
        plt.close(ax.figure)
    return paths


def main(argv: list[str] | None = None) -> None:
    """``python -m imr_nlp.io.plots LETTERS... --out DIR``: the four views as PNG files
    (rules only, no NER model: the views read decisions and factors, which the rules make)."""
    import argparse

    import matplotlib

    matplotlib.use("Agg")
    from .extract import extract

    parser = argparse.ArgumentParser(prog="python -m imr_nlp.io.plots", description=main.__doc__)
    parser.add_argument("inputs", nargs="+", help="letters (PDF or text files, or folders)")
    parser.add_argument("--out", default="plots", help="folder for the PNG files")
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args(argv)
    tables = extract(args.inputs, n_process=args.n_process, model=False)
    for path in save_all(tables, args.out):
        print(path)


if __name__ == "__main__":
    main()
