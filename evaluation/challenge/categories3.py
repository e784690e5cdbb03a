"""Challenge set ``categories3``: round 3 of ``categories`` (the treatment category of a disputed
item), a new blind set aimed at what a rule written from common lines would miss: rare services,
devices and tests (traction units, H-wave and interferential stimulators, orthotics, bone growth
stimulators, CPAP, Holter monitors, pharmacogenetic and sensory tests, MR arthrograms, DEXA,
videofluoroscopy), head words that are not the category word ("Purchase: ...", "Referral to ...",
"Retrospective: ...", "Epidural: ...", bare brands such as Synvisc-One or Euflexxa), misleading
words (a drug named inside a test, "therapy" or "program" inside a device, "surgery" or
"injections" inside a consult, "ultrasound" in a therapy or an injection, "PT" in a ride),
shorthand and typos (TPI, CESI, CMT, HHA, f/u, bilat, acupunture), lines of two items, and the
rarer kinds: medical foods, compounds, topicals and supplements, drugs given by injection in the
office, home aides, inpatient stays, memberships, programs, psychotherapy, biofeedback, sleep
studies and transport.
Items and scoring as in ``evaluation.challenge.categories``."""

from __future__ import annotations

from evaluation.challenge.categories import score

__all__ = ["score"]
