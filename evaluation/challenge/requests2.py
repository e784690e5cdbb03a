"""Challenge set "requests2": round 2 of the request fields (drug, strength in mg, quantity and its
unit, refills, frequency) of a disputed item's request line, scored exactly as round 1
(``evaluation.challenge.requests``), on a new set of invented lines written before the rules were
read: brands and salts, release forms, patches, solutions, compounds, injections, sig/dispense
wordings, number words, and non-drug lines whose numbers must not become fields.
"""

from evaluation.challenge.requests import score

__all__ = ["score"]
