"""Daily morphine milligram equivalents (MME) of an opioid request.

``daily MME = strength of the opioid ingredient x units per day x conversion factor``. The
factors are data (``patterns/mme.jsonl``) in two sets, CDC 2016 (the default, of the letters'
period) and CDC 2022; methadone's 2016 factor depends on the daily dose. The result is None
whenever the letter does not give enough (no frequency, a strength that cannot be tied to the
opioid, a drug without a factor such as buprenorphine): never a guess.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..errors import Errors, IMRError
from ..rules import BOOL, MAPPING, STR, RuleSchema, register_schemas
from ..values import Frequency, Strength

MME_FILE = "mme.jsonl"
DEFAULT_FACTORS = "cdc2016"
SCHEMAS = {
    "mme_set": RuleSchema(required={"name": STR}),
    "mme_factor": RuleSchema(
        required={"generic": STR, "unit": STR, "factors": MAPPING}, optional={"per_patch": BOOL}
    ),
}
register_schemas(MME_FILE, SCHEMAS)


@lru_cache(maxsize=1)
def _default_table() -> tuple[dict[str, Any], ...]:
    from ..rules import default_rules

    return tuple(default_rules(MME_FILE))


def factor_sets(rules: Any = None) -> list[str]:
    """The names of the factor sets ("cdc2016", "cdc2022")."""
    return [r["name"] for r in (rules or _default_table()) if r["kind"] == "mme_set"]


def factor_table(factors: str = DEFAULT_FACTORS, rules: Any = None) -> dict[str, dict[str, Any]]:
    """generic -> {"unit", "factor", "per_patch"} for one factor set."""
    rules = rules or _default_table()
    if factors not in factor_sets(rules):
        raise IMRError(Errors.E011, value=factors, options=", ".join(factor_sets(rules)))
    return {
        r["generic"]: {
            "unit": r["unit"],
            "factor": r["factors"].get(factors),
            "per_patch": bool(r.get("per_patch")),
        }
        for r in rules
        if r["kind"] == "mme_factor"
    }


def _factor(entry: Any, mg_per_day: float) -> float | None:
    """A factor, or the factor of the daily-dose band (methadone, CDC 2016)."""
    if entry is None or isinstance(entry, int | float):
        return entry
    for upper, factor in entry:
        if upper is None or mg_per_day <= upper:
            return float(factor)
    return None


def opioid_amount(generic: str, strength: Strength, table: dict[str, Any]) -> tuple[str, float]:
    """The opioid ingredient of a product and its amount in the strength, or ("", 0).

    "hydrocodone/acetaminophen" 10/325 mg gives ("hydrocodone", 10): amounts follow the order of
    the ingredients; a single amount for a combination is the opioid's ("Norco 10mg")."""
    ingredients = generic.split("/")
    opioids = [i for i, name in enumerate(ingredients) if name in table]
    if len(opioids) != 1:
        return "", 0.0
    index = opioids[0]
    if len(strength.amounts) == len(ingredients):
        return ingredients[index], float(strength.amounts[index])
    if len(strength.amounts) == 1:
        return ingredients[index], float(strength.amounts[0])
    return "", 0.0


def daily_mme(
    generic: str | None,
    strength: Strength | None,
    frequency: Frequency | None,
    factors: str = DEFAULT_FACTORS,
    rules: Any = None,
) -> float | None:
    """Daily MME of a request, or None when the letter does not give enough to compute it."""
    if not generic or strength is None:
        return None
    table = factor_table(factors, rules)
    name, amount = opioid_amount(generic, strength, table)
    if not name:
        return None
    entry = table[name]
    if strength.unit != entry["unit"]:
        return None
    if entry["per_patch"]:
        factor = _factor(entry["factor"], amount)
        return None if factor is None else round(amount * factor, 2)
    if frequency is None or frequency.per_day is None:
        return None
    per_day = amount * float(frequency.per_day)
    factor = _factor(entry["factor"], per_day)
    return None if factor is None else round(per_day * factor, 2)
