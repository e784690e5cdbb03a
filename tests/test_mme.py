"""Daily MME from worked examples, with both factor sets."""

from __future__ import annotations

import pytest

from imr_nlp import Frequency, IMRError, Strength
from imr_nlp.normalize.mme import daily_mme, factor_sets, factor_table
from imr_nlp.rules import default_rules


def mg(*amounts: float) -> Strength:
    return Strength(tuple(float(a) for a in amounts), "mg")


def per_day(n: float | None) -> Frequency:
    return Frequency(n, "as written")


@pytest.mark.parametrize(
    ("generic", "strength", "frequency", "cdc2016", "cdc2022"),
    [
        # hydrocodone/acetaminophen 10/325 every 6 hours: only the 10 mg of hydrocodone counts
        ("hydrocodone/acetaminophen", mg(10, 325), per_day(4), 40.0, 40.0),
        # a single amount on a combination product is the opioid's ("Norco 7.5mg")
        ("hydrocodone/acetaminophen", mg(7.5), per_day(2), 15.0, 15.0),
        ("oxycodone", mg(20), per_day(2), 60.0, 60.0),  # OxyContin 20 mg twice a day
        ("hydromorphone", mg(4), per_day(3), 48.0, 60.0),  # factor 4 (2016) vs 5 (2022)
        ("tramadol", mg(50), per_day(4), 20.0, 40.0),  # 0.1 vs 0.2
        ("tapentadol", mg(100), per_day(2), 80.0, 80.0),
        ("oxymorphone", mg(10), per_day(2), 60.0, 60.0),
        ("codeine/acetaminophen", mg(30, 300), per_day(4), 18.0, 18.0),
        ("morphine", mg(30), per_day(3), 90.0, 90.0),
        # methadone: 2016 factor by daily dose band, 2022 one factor (4.7)
        ("methadone", mg(5), per_day(3), 60.0, 70.5),  # 15 mg/day: band 1-20 -> 4
        ("methadone", mg(10), per_day(3), 240.0, 141.0),  # 30 mg/day: band 21-40 -> 8
        ("methadone", mg(10), per_day(5), 500.0, 235.0),  # 50 mg/day: band 41-60 -> 10
        ("methadone", mg(20), per_day(4), 960.0, 376.0),  # 80 mg/day: 61 and more -> 12
    ],
)
def test_worked_examples(generic, strength, frequency, cdc2016, cdc2022):
    assert daily_mme(generic, strength, frequency, "cdc2016") == cdc2016
    assert daily_mme(generic, strength, frequency, "cdc2022") == cdc2022


def test_fentanyl_patch_counts_per_mcg_per_hour_whatever_the_change_interval():
    patch = Strength((25.0,), "mcg/hr")
    for frequency in (None, per_day(1 / 3), per_day(None)):
        assert daily_mme("fentanyl", patch, frequency, "cdc2016") == 60.0
        assert daily_mme("fentanyl", patch, frequency, "cdc2022") == 60.0


@pytest.mark.parametrize(
    ("generic", "strength", "frequency"),
    [
        ("oxycodone", mg(10), None),  # no frequency
        ("oxycodone", mg(10), per_day(None)),  # "as needed" alone
        ("oxycodone", None, per_day(2)),  # no strength
        ("buprenorphine", Strength((10.0,), "mcg/hr"), per_day(1)),  # no factor in either set
        ("buprenorphine", mg(8), per_day(2)),
        ("gabapentin", mg(600), per_day(3)),  # not an opioid
        ("hydrocodone/acetaminophen", mg(10, 325, 5), per_day(4)),  # amounts do not fit
        ("oxycodone", Strength((5.0,), "%"), per_day(2)),  # unit that is no dose
        ("fentanyl", mg(100), per_day(2)),  # fentanyl's factor is per mcg/hr of a patch
        (None, mg(10), per_day(2)),
    ],
)
def test_not_enough_to_compute_gives_none(generic, strength, frequency):
    for factors in factor_sets():
        assert daily_mme(generic, strength, frequency, factors) is None


def test_factor_table_is_data_with_both_sets():
    assert factor_sets() == ["cdc2016", "cdc2022"]
    for factors in factor_sets():
        table = factor_table(factors)
        assert {"hydrocodone", "oxycodone", "hydromorphone", "oxymorphone", "morphine"} <= set(
            table
        )
        assert {"codeine", "tramadol", "tapentadol", "methadone", "fentanyl", "buprenorphine"} <= (
            set(table)
        )
        assert table["buprenorphine"]["factor"] is None
    ids = [r["id"] for r in default_rules("mme.jsonl")]
    assert len(ids) == len(set(ids))


def test_unknown_factor_set_is_a_coded_error():
    with pytest.raises(IMRError, match="E011"):
        daily_mme("oxycodone", mg(10), per_day(2), "cdc1999")
