"""imr_nlp.plots: every view shows its n, greys or hides small groups, and labels the MME line."""

from __future__ import annotations

import sys
from types import ModuleType, SimpleNamespace

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import imr_nlp  # noqa: E402
from imr_nlp.errors import MissingDependencyError  # noqa: E402
from imr_nlp.io import plots  # noqa: E402
from imr_nlp.io.tables import frame  # noqa: E402

GREYS = {*plots.GREY.values()}


def _decision(i, letter, category, outcome, **extra):
    return {
        "letter_id": letter,
        "decision_id": i,
        "category": category,
        "outcome": outcome,
        **extra,
    }


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture
def decisions():
    rows = [_decision(0, f"L{i}", "imaging", "upheld") for i in range(5)]
    rows.append(_decision(0, "L5", "imaging", "overturned"))
    rows += [_decision(0, "L6", "surgery", "upheld"), _decision(1, "L6", "surgery", "upheld")]
    opioid = {"category": "pharmaceutical", "drug_class": "opioid", "is_opioid": True}
    for i, (outcome, mme) in enumerate(
        [
            ("upheld", 30.0),
            ("upheld", 150.0),
            ("upheld", None),
            ("upheld", 90.0),
            ("overturned", None),
            ("overturned", 45.0),
        ]
    ):
        rows.append(
            {**_decision(0, f"P{i}", outcome=outcome, **opioid), "daily_mme": mme}
            | ({"mme_factors": "cdc2016"} if mme else {})
        )
    rows.append(
        _decision(0, "P9", "pharmaceutical", "upheld", drug_class="laxative", is_opioid=False)
    )
    return frame(rows, "decisions")


@pytest.fixture
def factors():
    rows = [
        {"letter_id": "L0", "decision_id": 0, "factor": "functional_improvement"},
        {"letter_id": "L0", "decision_id": 0, "factor": "functional_improvement"},  # once
        {"letter_id": "L1", "decision_id": 0, "factor": "functional_improvement"},
        {"letter_id": "L5", "decision_id": 0, "factor": "pain_relief"},
        {"letter_id": "P4", "decision_id": 0, "factor": "functional_improvement"},
    ]
    return frame(rows, "factors")


def _ticks(ax):
    return [t.get_text() for t in ax.get_yticklabels()]


def _texts(ax):
    legend = ax.get_legend()
    return [t.get_text() for t in ax.texts] + [t.get_text() for t in legend.get_texts()]


def _bar_colours(ax):
    """Face colours of the bars, by the row (y) they are on."""
    rows = {}
    for bar in ax.patches:
        y = round(bar.get_y() + bar.get_height() / 2)
        rows.setdefault(y, set()).add(to_hex(bar.get_facecolor()))
    return rows


def test_outcomes_by_category_shows_n_and_greys_small_groups(decisions):
    ax = plots.outcomes_by_category(decisions, min_n=5)
    assert isinstance(ax, Axes)
    ticks = _ticks(ax)
    assert "imaging (n=6)" in ticks and "surgery (n=2)" in ticks
    assert "pharmaceutical (n=7)" in ticks
    colours = _bar_colours(ax)
    assert colours[ticks.index("surgery (n=2)")] <= GREYS
    assert not colours[ticks.index("imaging (n=6)")] & GREYS
    assert "83% upheld" in _texts(ax)  # 5 of 6 imaging decisions
    assert any("n < 5" in t for t in _texts(ax))
    assert "n = 15 decisions in 14 letters" in ax.get_title()


def test_outcomes_by_category_can_hide_small_groups(decisions):
    _, ax = plt.subplots()
    assert plots.outcomes_by_category(decisions, min_n=5, ax=ax, small="hide") is ax
    assert not any(t.startswith("surgery") for t in _ticks(ax))
    assert "not shown: 1 group with n < 5 (2 decisions)" in _texts(ax)
    with pytest.raises(ValueError, match="small"):
        plots.outcomes_by_category(decisions, small="fade")


def _markers(ax):
    """Marker face colour of each point, by its row (y)."""
    return {
        round(line.get_ydata()[0]): to_hex(line.get_markerfacecolor())
        for line in ax.lines
        if line.get_marker() == "o" and len(line.get_ydata()) == 1
    }


def test_upheld_rate_by_drug_class(decisions):
    ax = plots.upheld_rate_by_drug_class(decisions, min_n=5)
    assert isinstance(ax, Axes)
    ticks = _ticks(ax)
    assert ticks == ["laxative (n=1)", "opioid (n=6)"]
    markers = _markers(ax)
    assert markers[ticks.index("opioid (n=6)")] == plots.COLORS["upheld"]
    assert markers[ticks.index("laxative (n=1)")] == "#ffffff"  # hollow grey: too few
    texts = _texts(ax)
    assert "4/6" in texts and "1/1" in texts
    assert "grey: n < 5, too few to compare" in texts
    assert "all 7 drug requests: 71%" in texts
    assert "n = 7 drug requests" in ax.get_title()
    hidden = plots.upheld_rate_by_drug_class(decisions, min_n=5, small="hide")
    assert _ticks(hidden) == ["opioid (n=6)"]


def test_daily_mme_labels_the_threshold_and_n(decisions):
    ax = plots.daily_mme(decisions)
    assert isinstance(ax, Axes)
    (line,) = [x for x in ax.lines if list(x.get_xdata()) == [120, 120]]
    assert line.get_label() == "120 MME/day (MTUS chronic pain limit)"
    assert "120 MME/day (MTUS chronic pain limit)" in [t.get_text() for t in ax.texts]
    title = ax.get_title()
    assert "n = 4 of 6" in title and "2 without enough" in title and "1 at or above 120" in title
    assert ax.get_xlim()[1] > 150  # every value and the line are in view
    assert {"upheld (n=3)", "overturned (n=1)"} <= set(_texts(ax))
    other = plots.daily_mme(decisions, threshold=90)
    assert "90 MME/day" in [t.get_text() for t in other.texts]


def test_daily_mme_without_values_still_draws_the_line(decisions):
    ax = plots.daily_mme(decisions.assign(daily_mme=None))
    assert "n = 0 of 6" in ax.get_title()
    assert any("no opioid request" in t.get_text() for t in ax.texts)
    assert any(list(x.get_xdata()) == [120, 120] for x in ax.lines)


def test_factors_by_outcome(decisions, factors):
    ax = plots.factors_by_outcome(decisions, factors, min_n=5)
    assert isinstance(ax, Axes)
    texts = _texts(ax)
    assert "upheld (n=12 decisions)" in texts and "overturned (n=3 decisions)" in texts
    assert "2/12" in texts  # functional improvement: L0 once, L1
    assert "1/3" in texts
    assert any("n < 5" in t for t in texts)
    overturned = [p for p in ax.patches if p.get_hatch() == "//"]
    assert overturned and {to_hex(p.get_facecolor()) for p in overturned} <= GREYS
    assert _ticks(ax) == ["pain relief (1)", "functional improvement (3)"]
    assert "grey: outcomes with n < 5 and factors invoked in fewer than 5 decisions" in texts
    hidden = plots.factors_by_outcome(decisions, factors, min_n=5, small="hide")
    assert not any(t.startswith("overturned") for t in _texts(hidden))
    assert "not shown: 2 factors invoked in < 5 decisions" in _texts(hidden)


def test_factors_by_outcome_greys_rare_factors(decisions, factors):
    ax = plots.factors_by_outcome(decisions, factors, min_n=2)
    assert [to_hex(t.get_color()) for t in ax.get_yticklabels()] == ["#888888", "#000000"]
    colours = _bar_colours(ax)  # rows 0 (pain relief) and 1 (functional improvement)
    assert colours[0] <= GREYS and not colours[1] & GREYS
    assert "grey: factors invoked in fewer than 2 decisions" in _texts(ax)


def test_wilson_interval():
    lo, hi = plots.wilson(1, 1)
    assert lo == pytest.approx(0.2065, abs=1e-3) and hi == 1.0
    assert plots.wilson(0, 10)[0] == 0.0


def test_public_name():
    assert imr_nlp.plots is plots
    # only plots is a module; extract (io.extract) is the function of the same name
    modules = {n for n in imr_nlp._EXPORTS if isinstance(getattr(imr_nlp, n), ModuleType)}
    assert modules == {"plots"}


def test_missing_matplotlib_names_the_extra(monkeypatch, decisions):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(MissingDependencyError, match=r"imr-nlp\[notebook\]"):
        plots.daily_mme(decisions)


def test_empty_tables_draw_without_error():
    decisions, factors = frame([], "decisions"), frame([], "factors")
    for ax in (
        plots.outcomes_by_category(decisions),
        plots.upheld_rate_by_drug_class(decisions),
        plots.daily_mme(decisions),
        plots.factors_by_outcome(decisions, factors),
    ):
        assert "n = 0" in ax.get_title()


def test_save_all_writes_every_view(tmp_path, decisions, factors):
    tables = SimpleNamespace(decisions=decisions, factors=factors)
    paths = plots.save_all(tables, tmp_path / "figures")
    assert [p.name for p in paths] == [f"{name}.png" for name in plots.VIEWS]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in paths)
    assert not plt.get_fignums()  # closed
