"""Entity rules, one family at a time, on a blank English pipeline."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy

from imr_nlp import Strength
from imr_nlp.entities.context import FLAGS
from imr_nlp.entities.merge import OVERLAP_POLICY, resolve_overlaps
from imr_nlp.rules import default_rules


def rule_pipeline(*names: str, cleaning: bool = True):
    """A blank English pipeline with the given imr components (and the cleaning tokenizer)."""
    tokenizer = {"@tokenizers": "imr_nlp.CleaningTokenizer.v1"}
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": tokenizer}} if cleaning else {})
    for name in names:
        nlp.add_pipe(name)
    return nlp


def of_label(nlp, text, label):
    return [e for e in nlp(text).ents if e.label_ == label]


@pytest.fixture(scope="module")
def blank():
    return rule_pipeline("imr_entities", cleaning=False)


def ents(nlp, text):
    return [(e.label_, e.text, e._.value) for e in nlp(text).ents]


def one(nlp, text, label):
    found = [(t, v) for lab, t, v in ents(nlp, text) if lab == label]
    assert len(found) == 1, ents(nlp, text)
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Norco 10/325mg #120", "10/325mg", Strength((10.0, 325.0), "mg")),
        ("Norco 5/325 mg", "5/325 mg", Strength((5.0, 325.0), "mg")),
        ("Dilaudid 8mg, #180", "8mg", Strength((8.0,), "mg")),
        ("Dilaudid 8 mg", "8 mg", Strength((8.0,), "mg")),
        ("Butrans 20 mcg/hr patch", "20 mcg/hr", Strength((20.0,), "mcg/hr")),
        ("Lidocaine 5% patch", "5%", Strength((5.0,), "%")),
        ("Capsaicin 0.025% cream", "0.025%", Strength((0.025,), "%")),
        ("saline 500ml", "500ml", Strength((500.0,), "ml")),
        ("Toradol 10mg/1ml injection", "10mg/1ml", Strength((10.0,), "mg/ml")),
        ("Lidopro 4%-27.5%-0.0325% lotion", "4%-27.5%-0.0325%", Strength((4.0, 27.5, 0.0325), "%")),
    ],
)
def test_strength(blank, text, span, value):
    assert one(blank, text, "STRENGTH") == (span, value)


@pytest.mark.parametrize(
    "text",
    ["pain decreased by 50% with medication", "reported 40% relief", "a 30% improvement"],
)
def test_percentages_that_are_not_strengths(blank, text):
    assert [e for e in ents(blank, text) if e[0] == "STRENGTH"] == []


@pytest.mark.parametrize(
    "text",
    [
        "a total of 250mg MDE of opioids",
        "above the 120mg Morphine Dose Equivalent level",
        "the dose is higher than the recommended 120mg, yet",
    ],
)
def test_morphine_equivalent_limits_are_not_strengths(blank, text):
    assert [e for e in ents(blank, text) if e[0] == "STRENGTH"] == []


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Norco 10/325mg #180", "#180", 180),
        ("Soma 350mg # 90", "# 90", 90),
        ("Dilaudid 8mg quantity 120", "quantity 120", 120),
        ("Ultram QTY: 60", "QTY: 60", 60),
        ("Terocin #60 grams", "#60 grams", 60),
        ("Medrox (unknown quantity)", "(unknown quantity)", None),
        ("Eight (8) sessions of therapy", "Eight (8) sessions", 8),
        ("chiropractic care, 12 visits", "12 visits", 12),
        ("Chiropractic manipulation x 12", "x 12", 12),
        ("Physical therapy x 12 and a home program", "x 12", 12),  # "and" is no schedule's "a"
        ("Flurbiprofen 20% cream 120grams", "120grams", 120),
        ("ketoprofen 10% cream, 60 g, and", "60 g", 60),
        ("had #4 sessions of therapy", "#4 sessions", 4),
        ("an initial set of 4 interferential current visits", "4 interferential current visits", 4),
    ],
)
def test_quantity(blank, text, span, value):
    assert one(blank, text, "QUANTITY") == (span, value)


@pytest.mark.parametrize(
    "text",
    [
        "She had knee surgery x2 in 2009.",  # past events counted, then when they happened
        "He reports fainting x3 at age 4.",
        "Therapy x 2 a week.",  # a schedule
    ],
)
def test_no_quantity(blank, text):
    assert [e for e in ents(blank, text) if e[0] == "QUANTITY"] == []


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Klonopin 1mg #90 with 3 refills", "with 3 refills", 3),
        ("Two refills of Ibuprofen", "Two refills", 2),
    ],
)
def test_refills(blank, text, span, value):
    assert one(blank, text, "REFILLS") == (span, value)


@pytest.mark.parametrize(
    ("text", "span", "per_day", "as_needed"),
    [
        ("take TID", "TID", 3, False),
        ("Norco BID", "BID", 2, False),
        ("morphine q8h", "q8h", 3, False),
        ("Dilaudid 6mg every 8 hours", "every 8 hours", 3, False),
        ("take twice a day", "twice a day", 2, False),
        ("three times a day", "three times a day", 3, False),
        ("1-2 tab three times a day", "1-2 tab three times a day", 6, False),
        ("every 4-6 hours as needed", "every 4-6 hours as needed", 6, True),
        ("p.r.n.", "p.r.n.", None, True),
        ("once daily", "once daily", 1, False),
        ("physical therapy 2 times a week for 4 weeks", "2 times a week for 4 weeks", None, False),
        ("acupuncture 2x4", "2x4", None, False),
        ("therapy three times six visits", "three times six", None, False),
        ("Naproxen 250mg one to three tablets daily", "one to three tablets daily", 3, False),
        (
            "Ibuprofen 400mg as needed every four to six hours daily",
            "as needed every four to six hours daily",
            6,
            True,
        ),
        ("then 1-3 visits every 2-4 months is advised", "1-3 visits every 2-4 months", None, False),
    ],
)
def test_frequency(blank, text, span, per_day, as_needed):
    found, value = one(blank, text, "FREQUENCY")
    assert found == span
    assert value.per_day == per_day
    assert value.as_needed == as_needed


@pytest.mark.parametrize(
    ("text", "label", "value"),
    [
        ("seen on 12/15/2001 for pain", "DATE", dt.date(2001, 12, 15)),
        ("follow-up 1/7/05.", "DATE", dt.date(2005, 1, 7)),
        ("UR on 4-24-15 denied", "DATE", dt.date(2015, 4, 24)),
        ("a report dated May 6, 2002 noted", "DATE", dt.date(2002, 5, 6)),
        ("sustained an industrial injury on 07/03/2009.", "INJURY_DATE", dt.date(2009, 7, 3)),
        ("reported with injury on 9/27/1983", "INJURY_DATE", dt.date(1983, 9, 27)),
        ("industrial injury of May 6, 2002. In a", "INJURY_DATE", dt.date(2002, 5, 6)),
        ("the first report of occupational injury from 3/2/2015 says", "DATE", dt.date(2015, 3, 2)),
        ("seen on 11/30/\n2016 for pain", "DATE", dt.date(2016, 11, 30)),
        ("an industrial injury on\n3/14/2016 to her wrist", "INJURY_DATE", dt.date(2016, 3, 14)),
        ("The injured worker presented on 3/14/2016.", "DATE", dt.date(2016, 3, 14)),
        ("The injured worker's pain on 3/14/2016 was 6/10.", "DATE", dt.date(2016, 3, 14)),
        ("Date of Injury: 1/2/16\nDecision Date: 3/4/17", "DATE", dt.date(2017, 3, 4)),
        # another injury's date is a date, not this claim's injury date
        ("he had a prior low back injury on 2/3/2004 as well", "DATE", dt.date(2004, 2, 3)),
        ("after a non-industrial injury on 5/6/2011 at home", "DATE", dt.date(2011, 5, 6)),
        ("a previous work injury of 8/9/2001.", "DATE", dt.date(2001, 8, 9)),
        ("was well prior to the injury on 4/4/2014.", "INJURY_DATE", dt.date(2014, 4, 4)),
    ],
)
def test_dates(blank, text, label, value):
    assert one(blank, text, label)[1] == value


@pytest.mark.filterwarnings("ignore::imr_nlp.IMRWarning")
def test_date_split_across_a_line_break_through_the_full_pipeline(nlp):
    doc = nlp("Dilaudid (since at least 4-24- \n15) was continued.")
    dates = [e for e in doc.ents if e.label_ == "DATE"]
    assert [(e.text, e._.value) for e in dates] == [("4-24-15", dt.date(2015, 4, 24))]


def test_overlap_policy_keeps_the_longest(blank):
    doc = blank("Norco 10/325mg 1-2 tabs orally every 4-6 hrs as needed")
    assert OVERLAP_POLICY == "longest_then_first"
    rule_spans = doc.spans["imr_rules"]
    assert len(rule_spans) > len(doc.ents)  # "as needed" alone also matched
    assert [e.text for e in doc.ents] == ["10/325mg", "1-2 tabs orally every 4-6 hrs as needed"]
    assert resolve_overlaps(list(rule_spans)) == list(doc.ents)


def test_every_entity_names_its_rule(blank):
    ids = {r["id"] for r in default_rules("entities.jsonl")}
    doc = blank("Norco 10/325mg #120 with 2 refills TID since 4-24-15")
    assert doc.ents
    assert all(e.id_ in ids and e._.source == "rule" for e in doc.ents)


def test_entity_scoring_counts_strict_overlap_and_values(blank):
    from evaluation.evaluate import EntityScores, score_entities

    text = "Norco 10/325mg #120 every 6 hours"
    doc = blank(text)
    gold = {
        "entities": [
            {
                "start": 6,
                "end": 14,
                "label": "STRENGTH",
                "value": {"amounts": [10, 325], "unit": "mg"},
            },
            {"start": 15, "end": 19, "label": "QUANTITY", "value": 999},  # value wrong
            {"start": 20, "end": 25, "label": "FREQUENCY", "value": {"per_day": 4}},  # overlap only
            {
                "start": 0,
                "end": 5,
                "label": "DRUG",
                "value": {"generic": "hydrocodone/acetaminophen"},
            },
        ]
    }
    scores = EntityScores()
    score_entities(doc, gold, scores)
    rows = {r["label"]: r for r in scores.table()}
    assert rows["STRENGTH"]["strict F1"] == 1.0 and rows["STRENGTH"]["value accuracy"] == 1.0
    assert rows["QUANTITY"]["strict F1"] == 1.0 and rows["QUANTITY"]["value accuracy"] == 0.0
    assert rows["FREQUENCY"]["strict F1"] == 0.0 and rows["FREQUENCY"]["overlap F1"] == 1.0
    assert rows["DRUG"]["strict R"] == 0.0 and rows["DRUG"]["predicted"] == 0


def test_overlap_recall_counts_each_gold_span_once_however_many_predictions_cover_it():
    """Three predicted spans inside one gold span: overlap R is 1/1, not 3/1 (issue #13)."""
    from spacy.tokens import Span

    from evaluation.evaluate import EntityScores, score_entities

    text = "lower back and right knee pain since 2015"
    doc = spacy.blank("en")(text)
    # gold: one DIAGNOSIS over "lower back and right knee pain"; one DATE that nothing predicts
    gold = {
        "entities": [
            {"start": 0, "end": 30, "label": "DIAGNOSIS"},
            {"start": 37, "end": 41, "label": "DATE"},
        ]
    }
    # predicted: "lower back", "right knee", "pain", none with the gold's offsets
    doc.ents = [
        Span(doc, 0, 2, "DIAGNOSIS"),
        Span(doc, 3, 5, "DIAGNOSIS"),
        Span(doc, 5, 6, "DIAGNOSIS"),
    ]
    scores = EntityScores()
    score_entities(doc, gold, scores)
    rows = {r["label"]: r for r in scores.table()}
    diagnosis = rows["DIAGNOSIS"]
    assert (diagnosis["gold"], diagnosis["predicted"]) == (1, 3)
    assert diagnosis["strict P"] == diagnosis["strict R"] == 0.0
    assert diagnosis["overlap R"] == 1.0  # 1 gold span of 1 overlapped (3.0 before the fix)
    assert diagnosis["overlap P"] == 1.0  # 3 predicted spans of 3 overlap the gold span
    assert diagnosis["overlap F1"] == 1.0
    assert rows["DATE"]["overlap R"] == 0.0 and rows["DATE"]["predicted"] == 0
    for row in rows.values():
        for key in ("strict P", "strict R", "overlap P", "overlap R", "overlap F1"):
            assert 0.0 <= row[key] <= 1.0, (row["label"], key, row[key])


@pytest.fixture(scope="module")
def with_drugs():
    return rule_pipeline("imr_drugs", "imr_entities")


@pytest.mark.parametrize(
    ("text", "span", "generic", "drug_class", "is_opioid"),
    [
        ("continue Oxycontin 20mg", "Oxycontin", "oxycodone", "opioid", True),
        ("continue OxyContin 20mg", "OxyContin", "oxycodone", "opioid", True),
        ("MS ER 30mg twice a day", "MS ER", "morphine", "opioid", True),
        ("Norco 10/325 #90", "Norco", "hydrocodone/acetaminophen", "opioid", True),
        ("Percocet 5/325", "Percocet", "oxycodone/acetaminophen", "opioid", True),
        ("Soma 350mg", "Soma", "carisoprodol", "muscle relaxant", False),
        ("Opana ER 10mg", "Opana ER", "oxymorphone", "opioid", True),
        ("Butrans 10 mcg/hr", "Butrans", "buprenorphine", "opioid", True),
        (
            "Terocin lotion",
            "Terocin",
            "methyl salicylate/capsaicin/menthol/lidocaine",
            "topical analgesic",
            False,
        ),
        ("Synapryn 10mg/1ml", "Synapryn", "tramadol/glucosamine", "opioid", True),
        ("hydrocodone was weaned", "hydrocodone", "hydrocodone", "opioid", True),
        ("Klonopin 1mg", "Klonopin", "clonazepam", "benzodiazepine", False),
        ("asked for Tramdol 50mg", "Tramdol", "tramadol", "opioid", True),
        ("takes Syrtec daily", "Syrtec", "cetirizine", "antihistamine", False),
        ("Terocin patch #30", "Terocin patch", "lidocaine/menthol", "topical analgesic", False),
        ("Suboxone 8/2 mg film", "Suboxone", "buprenorphine/naloxone", "opioid", True),
        ("on Vicoprofen 7.5/200", "Vicoprofen", "hydrocodone/ibuprofen", "opioid", True),
        ("Embeda 20/0.8 mg", "Embeda", "morphine/naltrexone", "opioid", True),
        ("Zohydro ER 20 mg", "Zohydro ER", "hydrocodone", "opioid", True),
        # the dictionary's salts and INN ingredient names, as letters name the drug
        ("Kenalog 40 mg", "Kenalog", "triamcinolone", "corticosteroid", False),
        ("used Excedrin", "Excedrin", "aspirin/acetaminophen/caffeine", "NSAID", False),
        ("ketorolac tromethamine 30 mg", "ketorolac tromethamine", "ketorolac", "NSAID", False),
        ("docusate sodium 100 mg", "docusate sodium", "docusate", "laxative", False),
        (
            "dexamethasone sodium phosphate 4 mg/ml",
            "dexamethasone sodium phosphate",
            "dexamethasone",
            "corticosteroid",
            False,
        ),
        ("oxycodone HCl 5 mg", "oxycodone HCl", "oxycodone", "opioid", True),
        # a brand name's plural
        ("asked for more Norcos", "Norcos", "hydrocodone/acetaminophen", "opioid", True),
    ],
)
def test_drug(with_drugs, text, span, generic, drug_class, is_opioid):
    drugs = of_label(with_drugs, text, "DRUG")
    assert [(e.text, e.kb_id_) for e in drugs] == [(span, generic)]
    value = drugs[0]._.value
    assert (value.generic, value.drug_class, value.is_opioid) == (generic, drug_class, is_opioid)


@pytest.mark.parametrize(
    "text",
    [
        "continued use of opioids and NSAIDs",
        "benzodiazepines are not recommended",
        "opioid analgesics and proton pump inhibitors",
        "home exercise program and ice",
        "there were no objective indicators of progress",
    ],
)
def test_drug_classes_in_prose_are_not_drugs(with_drugs, text):
    assert [e.text for e in with_drugs(text).ents if e.label_ == "DRUG"] == []


@pytest.mark.parametrize(
    ("text", "generics"),
    [
        # a salt's name alone is no drug; after a drug it belongs to it or is left out
        ("Codeine sulfate 30mg", ["codeine"]),
        ("a sulfate and a citrate", []),
        # a plural is a brand's only: no generic, no everyday word
        ("Tramadols", []),
        ("several pains", []),
    ],
)
def test_salts_and_plurals(with_drugs, text, generics):
    assert [e.kb_id_ for e in of_label(with_drugs, text, "DRUG")] == generics


def test_salt_suffix_keeps_salts_of_what_is_no_drug_alone():
    """A salt or ester is cut back to a drug the dictionary names alone, and to nothing else
    ("ferrous sulfate" stays); the salt's own name is not a brand."""
    from imr_nlp.entities import drugs

    lexicon = drugs.build_lexicon(default_rules(drugs.DRUGS_FILE), drugs.dictionary_path())
    assert lexicon["triamcinolone acetonide"] == ["triamcinolone", False]
    assert lexicon["ferrous sulfate"] == ["ferrous sulfate", False]
    assert lexicon["xylocaine"] == ["lidocaine", True]
    assert not any("paracetamol" in generic for generic, _ in lexicon.values())


def test_a_combination_wrapped_after_its_slash(with_drugs):
    doc = with_drugs("Hydrocodone/\nAcetaminophen 10/325mg #90")
    assert [e.kb_id_ for e in doc.ents if e.label_ == "DRUG"] == ["hydrocodone", "acetaminophen"]


def test_compound_ingredients_and_strengths(with_drugs):
    doc = with_drugs("Flurbiprofen 10%/Dextromethorphan 5%/Lidocaine 5%, 120grams #1")
    assert [(e.label_, e.text) for e in doc.ents] == [
        ("DRUG", "Flurbiprofen"),
        ("STRENGTH", "10%"),
        ("DRUG", "Dextromethorphan"),
        ("STRENGTH", "5%"),
        ("DRUG", "Lidocaine"),
        ("STRENGTH", "5%"),
        ("QUANTITY", "120grams"),
        ("QUANTITY", "#1"),
    ]


def test_the_shipped_dictionary_part_is_current():
    """imr_nlp/data holds the dictionary's part of the drug lexicon for the shipped rules; after
    changing the exclude, strip_form or exclude_pattern rules of drugs.jsonl, run `make lexicon`
    (the pipeline still works meanwhile, loading a second slower)."""
    import gzip
    from importlib import resources

    import srsly

    from imr_nlp.entities import drugs

    rules, dictionary = default_rules(drugs.DRUGS_FILE), drugs.dictionary_path()
    shipped = resources.files("imr_nlp").joinpath("data", drugs.DICTIONARY_PART).read_bytes()
    data = srsly.msgpack_loads(gzip.decompress(shipped))
    assert data["key"] == drugs.dictionary_key(rules, dictionary), "stale: run `make lexicon`"
    assert data["entries"] == drugs.filter_dictionary(rules, dictionary)
    assert drugs.dictionary_part(rules, dictionary) == data["entries"]


def test_other_rules_do_not_use_the_shipped_dictionary_part():
    from imr_nlp.entities import drugs

    dictionary = drugs.dictionary_path()
    rules = [*default_rules(drugs.DRUGS_FILE), {"id": "t", "kind": "exclude", "names": ["Ultram"]}]
    assert "ultram" in drugs.dictionary_part(default_rules(drugs.DRUGS_FILE), dictionary)
    assert "ultram" not in drugs.dictionary_part(rules, dictionary)


def test_a_mesh_class_of_drugs_is_no_drug(with_drugs):
    """Entries of the dictionary whose MeSH tree numbers all lie under D27 (Chemical Actions and
    Uses) name what drugs do; the substances themselves stay."""
    from imr_nlp.entities import drugs

    part = drugs.dictionary_part(default_rules(drugs.DRUGS_FILE), drugs.dictionary_path())
    for name in ("viscosupplement", "antiemetics", "antacid", "analgesics, opioid"):
        assert name not in part, name
    for name in ("hyaluronic acid", "ondansetron", "calcium carbonate", "cephalexin"):
        assert name in part, name
    doc = with_drugs("She tried viscosupplement and antiemetic agents, then cephalexin.")
    assert [(e.label_, e.text) for e in doc.ents] == [("DRUG", "cephalexin")]


@pytest.mark.parametrize(
    "text",
    [
        "She was warned of serotonin syndrome.",
        "A selective serotonin reuptake inhibitor was tried.",
        "He takes a serotonin-norepinephrine reuptake inhibitor.",
        "Dopamine agonists were considered.",
    ],
)
def test_a_substance_named_for_a_mechanism_is_no_drug(with_drugs, text):
    assert [e.text for e in with_drugs(text).ents if e.label_ == "DRUG"] == []


def test_a_drug_before_and_is_still_a_drug(with_drugs):
    doc = with_drugs("Norepinephrine was given, then tramadol and duloxetine.")
    assert [e.kb_id_ for e in doc.ents if e.label_ == "DRUG"] == [
        "norepinephrine",
        "tramadol",
        "duloxetine",
    ]


def test_curated_antibiotic_brands(with_drugs):
    doc = with_drugs("After the repair she took Keflex, then Augmentin for a wound infection.")
    drugs_found = [(e.text, e.kb_id_) for e in doc.ents if e.label_ == "DRUG"]
    assert drugs_found == [("Keflex", "cephalexin"), ("Augmentin", "amoxicillin/clavulanate")]


def test_combination_strength_without_unit(with_drugs):
    doc = with_drugs("Norco 10/325 #90, pain 6/10, seen 10/2016")
    strengths = [(e.text, e._.value) for e in doc.ents if e.label_ == "STRENGTH"]
    assert strengths == [("10/325", Strength((10.0, 325.0), ""))]


@pytest.fixture(scope="module")
def with_guidelines():
    return rule_pipeline("imr_guidelines", "imr_entities", cleaning=False)


def citations(nlp, text):
    return of_label(nlp, text, "GUIDELINE")


@pytest.mark.parametrize(
    ("text", "span", "source", "year", "pages"),
    [
        (
            "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines "
            "2009, Section(s): Opioids, criteria for use.",
            "MTUS Chronic Pain Medical Treatment Guidelines 2009, Section(s): Opioids, criteria "
            "for use",
            "MTUS",
            2009,
            (),
        ),
        (
            "Decision based on MTUS Chronic Pain Treatment Guidelines Opioids Page(s): 76-78.",
            "MTUS Chronic Pain Treatment Guidelines Opioids Page(s): 76-78",
            "MTUS",
            None,
            (76, 77, 78),
        ),
        (
            "Decision based on MTUS Chronic Pain Treatment Guidelines Opioids Page(s): 78, 86, "
            "and 87.",
            "MTUS Chronic Pain Treatment Guidelines Opioids Page(s): 78, 86, and 87",
            "MTUS",
            None,
            (78, 86, 87),
        ),
        (
            "Decision based on MTUS Chronic Pain Guidelines 9792.20 - 9792.26, Page 80.",
            "MTUS Chronic Pain Guidelines 9792.20 - 9792.26, Page 80",
            "MTUS",
            None,
            (80,),
        ),
        (
            "Decision based on MTUS Shoulder Complaints 2004, Section(s): Special Studies.",
            "MTUS Shoulder Complaints 2004, Section(s): Special Studies",
            "MTUS",
            2004,
            (),
        ),
        (
            "Decision based on MTUS Opioid Treatment 2016, Section(s): 4. Tapering Opioids.",
            "MTUS Opioid Treatment 2016, Section(s): 4. Tapering Opioids",
            "MTUS",
            2016,
            (),
        ),
        (
            "Decision based on Non-MTUS Citation https://www.example-drugs.org/item.html.",
            "Non-MTUS Citation https://www.example-drugs.org/item.html",
            "example-drugs.org",
            None,
            (),
        ),
    ],
)
def test_guideline_citations(with_guidelines, text, span, source, year, pages):
    found = citations(with_guidelines, text)
    assert [(" ".join(e.text.split()), e.kb_id_) for e in found] == [(span, source)]
    value = found[0]._.value
    assert (value.source, value.year, value.pages) == (source, year, pages)


def test_odg_citation_has_chapter_and_sections(with_guidelines):
    text = (
        "Decision based on Non-MTUS Citation Official Disability Guidelines, Pain, "
        "Exalgo (Hydromorphone)."
    )
    (cite,) = citations(with_guidelines, text)
    assert cite.text.startswith("Official Disability") is False  # "Non-MTUS Citation" kept
    assert (cite._.value.source, cite._.value.chapter, cite._.value.sections) == (
        "ODG",
        "Pain",
        ("Exalgo (Hydromorphone)",),
    )


def test_guideline_mentions_and_no_citation(with_guidelines):
    assert (
        citations(with_guidelines, "The Claims Administrator did not cite any medical evidence.")
        == []
    )
    found = citations(with_guidelines, "Per CA MTUS and the ODG, opioids are not advised.")
    assert [(e.text, e.kb_id_) for e in found] == [("CA MTUS", "MTUS"), ("ODG", "ODG")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the 2016 MTUS Chronic Pain Guidelines advise",
            ("2016 MTUS Chronic Pain Guidelines", "MTUS"),
        ),
        (
            "per California 2016 Chronic Pain Guidelines, no",
            ("California 2016 Chronic Pain Guidelines", "MTUS"),
        ),
        (
            "American College of Occupational and Environmental Medicine guidelines say",
            ("American College of Occupational and Environmental Medicine guidelines", "ACOEM"),
        ),
        (
            "the California Medical Treatment Utilization Schedule 2009 Acupuncture Guidelines",
            (
                "California Medical Treatment Utilization Schedule 2009 Acupuncture Guidelines",
                "MTUS",
            ),
        ),
    ],
)
def test_guideline_names_in_prose(with_guidelines, text, expected):
    assert [(e.text, e.kb_id_) for e in citations(with_guidelines, text)] == [expected]


def test_a_second_source_named_after_and_is_its_own_citation(with_guidelines):
    text = (
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low Back, "
        "Manipulation and ODG Chiropractic Guidelines."
    )
    found = [(e.text, e.kb_id_) for e in citations(with_guidelines, text)]
    assert found == [
        ("Non-MTUS Citation Official Disability Guidelines (ODG) Low Back, Manipulation", "ODG"),
        ("ODG Chiropractic Guidelines", "ODG"),
    ]


@pytest.fixture(scope="module")
def with_diagnoses():
    return rule_pipeline("imr_diagnoses", "imr_entities", cleaning=False)


def diagnoses(nlp, text):
    return [(e.text, e.kb_id_) for e in of_label(nlp, text, "DIAGNOSIS")]


def test_diagnosis_list_items_with_codes(with_diagnoses):
    text = (
        "She is being treated for the diagnoses of right lumbar radiculopathy, "
        "post-laminectomy syndrome and chronic pain syndrome. An MRI was ordered."
    )
    assert diagnoses(with_diagnoses, text) == [
        ("right lumbar radiculopathy", "M54.16"),
        ("post-laminectomy syndrome", "M96.1"),
        ("chronic pain syndrome", "G89.4"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Patient has a diagnosis of carpal tunnel syndrome.",
            [("carpal tunnel syndrome", "G56.00")],
        ),
        (
            "Current diagnoses are documented as left shoulder impingement.",
            [("left shoulder impingement", "M75.42")],
        ),
        (
            "She is undergoing treatment for strain of muscle, fascia and tendon of lower back, "
            "initial encounter, and insomnia.",
            [
                (
                    "strain of muscle, fascia and tendon of lower back, initial encounter",
                    "S39.012A",
                ),
                ("insomnia", "G47.00"),
            ],
        ),
        (
            "He was diagnosed as having right hand contusion and left knee pain.",
            [("right hand contusion", "S60.221A"), ("left knee pain", "M25.562")],
        ),
        (
            "Diagnoses include carpal tunnel syndrome to the bilateral wrists, "
            "bilateral knee pain and chondromalacia left knee.",
            [
                ("carpal tunnel syndrome to the bilateral wrists", "G56.03"),
                ("bilateral knee pain", ""),
                ("chondromalacia left knee", "M94.262"),
            ],
        ),
        (
            "Diagnoses include fracture of the lumbosacral spine and pelvis, and obesity.",
            [("fracture of the lumbosacral spine and pelvis", ""), ("obesity", "E66.9")],
        ),
        (
            "The worker has a diagnosis of right shoulder injury.",
            [("right shoulder injury", "S49.91XA")],
        ),
        (  # the side and site pick the code under the alias's unspecified one
            "Diagnoses include trigger finger of the left thumb.",
            [("trigger finger of the left thumb", "M65.312")],
        ),
        (  # rewrites: spelling variant, site first, synonym
            "Diagnoses include tendonitis at the left lateral epicondyle.",
            [("tendonitis at the left lateral epicondyle", "M77.12")],
        ),
        (
            "Diagnoses include low back pain wit sciatica.",
            [("low back pain wit sciatica", "M54.40")],
        ),
        (  # the closest ICD-10-CM description
            "Diagnoses include left foot pain and strain of muscle and-or tendon of wrist.",
            [
                ("left foot pain", "M79.672"),
                ("strain of muscle and-or tendon of wrist", "S66.919A"),
            ],
        ),
        (  # closest descriptions: too many other words, or only an "Other ..." code
            "Diagnoses include peripheral tear of lateral meniscus and lumbar region spondylosis.",
            [("peripheral tear of lateral meniscus", ""), ("lumbar region spondylosis", "")],
        ),
        ("rule out rotator cuff tear on MRI", [("rotator cuff tear", "M75.100")]),
        ("an unusual condition called widget elbow", []),
    ],
)
def test_diagnosis_forms(with_diagnoses, text, expected):
    assert diagnoses(with_diagnoses, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Certification(s)/Specialty: Physical Medicine & Rehabilitation",
        "Diagnostic testing was requested.",
        "MTUS Chronic Pain Medical Treatment Guidelines apply.",
    ],
)
def test_not_diagnoses(with_diagnoses, text):
    assert diagnoses(with_diagnoses, text) == []


def test_closest_code():
    from imr_nlp.entities.diagnoses import closest_code, description_words

    assert description_words("Pain in the left hips") == ["pain", "left", "hip"]
    assert closest_code({"pain", "left", "hip"}) == "M25.552"
    assert closest_code({"pain", "hip"}) == ""  # right, left and unspecified hip tie
    assert closest_code({"pain", "hip"}, free={"unspecified"}) == "M25.559"
    assert closest_code({"pain", "hip"}, free={"unspecified"}, prefix="M79") == ""
    sheath = {"fascia", "tendon", "level", "initial", "encounter"}
    assert closest_code({"strain", "neck"}, free=sheath, max_extra=1) == "S16.1XXA"
    assert closest_code({"strain", "neck"}, free=sheath, max_extra=0) == ""
    assert closest_code({"strain", "neck"}, free=sheath, max_extra=1, exclude={"muscle"}) == ""
    assert closest_code({"no-such-word"}) == ""
    assert closest_code(set()) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a body site and an injury, anywhere; modifiers kept, also across a line break
        ("Surgery followed her unstable left\nwrist fracture.", "unstable left\nwrist fracture"),
        ("An x-ray after the fall showed no ankle dislocation.", "ankle dislocation"),
    ],
)
def test_site_injuries_are_diagnoses_anywhere(with_diagnoses, text, expected):
    assert [t for t, _ in diagnoses(with_diagnoses, text)] == [expected]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("right medial meniscus tear", "S83.241A"),
        ("lateral meniscal tear", "S83.289A"),
        ("meniscal tear", "S83.209A"),
        ("left foot crush injury", "S97.82XA"),
    ],
)
def test_meniscus_and_crush_codes(with_diagnoses, name, code):
    assert with_diagnoses.get_pipe("imr_diagnoses").code(name) == code


def test_closest_description_needs_a_condition_word(with_diagnoses):
    component = with_diagnoses.get_pipe("imr_diagnoses")
    assert component.code("right leg pain") == "M79.604"
    assert component.code("right leg") == ""


def test_unknown_list_items_get_no_code(with_diagnoses):
    found = diagnoses(with_diagnoses, "He was treated for scapulothoracic syndrome.")
    assert found == [("scapulothoracic syndrome", "")]


@pytest.fixture(scope="module")
def with_context():
    return rule_pipeline("imr_drugs", "imr_diagnoses", "imr_entities", "imr_context")


@pytest.mark.parametrize(
    ("text", "target", "flag"),
    [
        (
            "Treatment has included failed Morphine, Dilaudid, Opana and Vicodin.",
            "Vicodin",
            "is_historical",
        ),
        (
            "An MRI to rule out rotator cuff tear was requested.",
            "rotator cuff tear",
            "is_hypothetical",
        ),
        ("There is no evidence of lumbar radiculopathy.", "lumbar radiculopathy", "is_negated"),
    ],
)
def test_context_flags(with_context, text, target, flag):
    doc = with_context(text)
    (ent,) = [e for e in doc.ents if e.text == target]
    flags = {f: getattr(ent._, f) for f in ("is_negated", "is_historical", "is_hypothetical")}
    assert flags == {f: f == flag for f in flags}


def test_context_flags_stop_at_the_sentence_end(with_context):
    doc = with_context("There is no evidence of radiculopathy. Continue Norco.")
    norco = next(e for e in doc.ents if e.text == "Norco")
    assert not norco._.is_negated


@pytest.mark.parametrize(
    "text",
    [
        "An MRI to rule out rotator cuff tear was requested. She takes Norco daily.",
        "An MRI to rule out rotator cuff tear was requested.\nShe takes Norco daily.",
    ],
)
def test_a_full_stop_ends_a_scope_that_lies_inside_the_terminators(with_context, text):
    # medspaCy 1.3.1 misses scopes wholly inside a terminator's own (its window both ways)
    ents = with_context(text).ents
    flags = {e.text: e._.is_hypothetical for e in ents if e.label_ in ("DRUG", "DIAGNOSIS")}
    assert flags == {"rotator cuff tear": True, "Norco": False}


def test_context_leaves_only_serialisable_data(with_context):
    import srsly

    doc = with_context("No evidence of radiculopathy; failed Soma 350mg.")
    srsly.msgpack_dumps(doc.user_data)  # no ConText graph or modifier objects left
    strength = next(e for e in doc.ents if e.label_ == "STRENGTH")
    assert not strength._.is_historical  # flags only on DRUG and DIAGNOSIS


FILLER = (
    "The reviewer read the progress notes from the spring visits and the physical therapy "
    "summaries, which describe the daily routine, the work restrictions and the home exercise "
    "program in some detail without adding anything new to the request under review. "
)
WINDOWED_TEXT = (
    "The patient denies lumbar radiculopathy and has no evidence of carpal tunnel syndrome. "
    + FILLER * 3
    + "She has a history of gastritis, but Norco is taken daily, and Soma was tried in 2015. "
    + FILLER * 2
    + "An MRI to rule out rotator cuff tear was requested. Failed Gabapentin, Lyrica and "
    "Cymbalta; the knee shows no effusion"
    + " and no instability" * 12
    + " after Tramadol. "
    + FILLER
    + "Neurontin was not helpful"
)


def test_context_windows_set_the_flags_of_the_whole_doc(with_context):
    """ConText over token windows around its targets gives the same flags as over the Doc."""
    context = with_context.get_pipe("imr_context")
    assert context.margin is not None

    def flags(doc):
        spans = [*doc.ents, *doc.spans.get("rationale_factors", ())]
        return [(s.start, s.end, s.label_, [f for f in FLAGS if getattr(s._, f)]) for s in spans]

    windowed = with_context(WINDOWED_TEXT)
    targets = [e for e in windowed.ents if e.label_ in context.labels]
    assert len(context.windows(windowed, targets)) >= 3
    margin, context.margin = context.margin, None  # one window: the whole Doc
    try:
        whole = with_context(WINDOWED_TEXT)
        assert context.windows(whole, targets) == [(0, len(whole))]
    finally:
        context.margin = margin
    assert flags(windowed) == flags(whole)
    assert sum(bool(f) for *_, f in flags(whole)) >= 5  # the text does exercise ConText


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "never", "OP": "+"}],  # unbounded length
        [{"LOWER": "never"}, {"POS": "VERB"}],  # more than the text of a token
        r"never\s+\w+",  # a regex: characters, not tokens
    ],
)
def test_context_reads_the_whole_doc_for_rules_windows_cannot_hold(pattern):
    from medspacy.context import ConTextRule

    context = rule_pipeline("imr_context").get_pipe("imr_context")
    assert context.margin == 2 * (10 + 7)  # max_scope 10; longest default rule: 7 tokens
    context.context.add([ConTextRule("never", "NEGATED_EXISTENCE", pattern=pattern)])
    assert context._margin() is None


DENSE_TEXT = (
    "No history of gastritis; she denies lumbar radiculopathy but has a history of "
    "depression. Norco may be ruled out, not Soma. Her mother had carpal tunnel syndrome "
    "and no evidence of rotator cuff tear was found; possible lumbar radiculopathy. "
    "Should she need Tramadol, it is not to be taken with Gabapentin, since Lyrica failed. "
    + FILLER
    + "Tramadol was not ruled out, no new Neurontin, and the patient was not given Cymbalta."
)


def _window_docs_matches(context, doc, start, end):
    """medspaCy's own matcher over the window's tokens as a Doc (what :meth:`_flags` reads)."""
    from spacy.tokens import Doc

    tokens = doc[start:end]
    window = Doc(
        doc.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens]
    )
    matcher = context.context._ConText__matcher
    return sorted(
        matcher._MedspacyMatcher__matcher(window) + matcher._MedspacyMatcher__phrase_matcher(window)
    )


@pytest.mark.parametrize("text", [DENSE_TEXT, WINDOWED_TEXT])
def test_context_letter_matches_and_flags_are_medspacys_own(with_context, text):
    """The rules matched once over the letter give each window medspaCy's matches and flags."""
    context = with_context.get_pipe("imr_context")
    assert context.phrases is not None
    doc = with_context(text)
    targets = [e for e in doc.ents if e.label_ in context.labels]
    matches = context._matches(doc)
    flagged = 0
    for start, end in context.windows(doc, targets):
        ours = sorted(
            (key, s - start, e - start) for key, s, e in matches if start <= s and e <= end
        )
        assert ours == _window_docs_matches(context, doc, start, end)
        inside = [t for t in targets if start <= t.start and t.end <= end]
        fast = context._window_flags(matches, start, end, inside)
        assert fast == context._flags(doc, start, end, inside)
        flagged += sum(bool(f) for f in fast)
    assert flagged >= 5


def test_context_same_tokens_matched_by_rules_acting_differently_use_medspacy():
    nlp = rule_pipeline("imr_drugs", "imr_diagnoses", "imr_entities", "imr_context")
    context = nlp.get_pipe("imr_context")
    # "denies" is also medspaCy's "deny" (negated): which of the two wins is medspaCy's matter
    extra = {"id": "context.x", "kind": "context", "literal": "denies"}
    extra |= {"category": "HISTORICAL", "direction": "FORWARD"}
    context.set_rules([*default_rules("context.jsonl"), extra])
    doc = nlp("She denies taking Norco daily.")
    (norco,) = [e for e in doc.ents if e.text == "Norco"]
    assert context._window_flags(context._matches(doc), 0, len(doc), [norco]) is None
    flags = [f for f in FLAGS if getattr(norco._, f)]
    assert [flags] == context._flags(doc, 0, len(doc), [norco])
    assert flags


def test_token_patterns_are_spelled_out_with_and_without_optional_tokens():
    from imr_nlp.entities.context import _spelled_out

    pattern = [{"LOWER": "no"}, {"LOWER": {"IN": ["new", "Other", "other"]}, "OP": "?"}]
    assert _spelled_out(pattern) == {("no",), ("no", "new"), ("no", "other")}
    assert _spelled_out([{"LOWER": "never", "OP": "+"}]) is None
    assert _spelled_out([{"LOWER": "never"}, {"POS": "VERB"}]) is None
    assert _spelled_out([{"LOWER": {"NOT_IN": ["a"]}}]) is None
    assert _spelled_out([{"LOWER": {"IN": [str(i) for i in range(100)]}}] * 2) is None


def test_one_sentence_citing_several_guidelines(with_guidelines):
    text = (
        "Decision based on MTUS Knee Complaints 2004, Section(s): Summary, and Elbow, Arm, "
        "and Wrist Complaints 2007."
    )
    found = [
        (e.text, e._.value.title, e._.value.source, e._.value.year)
        for e in citations(with_guidelines, text)
    ]
    assert found == [
        ("MTUS Knee Complaints 2004, Section(s): Summary", "Knee Complaints", "MTUS", 2004),
        ("Elbow, Arm, and Wrist Complaints 2007", "Elbow, Arm, and Wrist Complaints", "MTUS", 2007),
    ]


@pytest.mark.parametrize(
    ("a", "b"), [("S16.1XXA", "S16.1"), ("S39.012A", "S39.012"), ("M54.16", "M54.16")]
)
def test_icd10_codes_compare_without_the_7th_character(a, b):
    from evaluation.evaluate import icd10_key

    assert icd10_key(a) == icd10_key(b)
    assert icd10_key("M54.16") != icd10_key("M54.12")


def test_diagnosis_fragments_join_the_next_item(with_diagnoses):
    text = "Current diagnoses are documented as lumbar, hip, and neck strain. Rest was advised."
    assert [t for t, _ in diagnoses(with_diagnoses, text)] == ["lumbar, hip, and neck strain"]


def test_symptoms_are_diagnoses_only_in_a_list(with_diagnoses):
    assert diagnoses(with_diagnoses, "She complained of low back pain and anxiety.") == []
    listed = diagnoses(with_diagnoses, "Diagnoses include low back pain and anxiety.")
    assert listed == [("low back pain", "M54.5"), ("anxiety", "F41.9")]


def test_an_amount_ending_a_sentence_keeps_its_period_out():
    nlp = rule_pipeline("imr_entities", cleaning=True)
    found = [(e.text, e.label_) for e in nlp("Ketoprofen 10% cream 120 g. It was denied.").ents]
    assert ("120 g", "QUANTITY") in found


def test_a_total_in_parentheses_is_a_quantity_not_an_emoticon():
    nlp = rule_pipeline("imr_entities", cleaning=True)
    found = [
        (e.text, e.label_)
        for e in nlp("Extra therapy two times three visits (6) for the knee").ents
    ]
    assert ("6", "QUANTITY") in found
    assert ("two times three", "FREQUENCY") in found


@pytest.mark.parametrize(
    ("tail", "second"),
    [
        (
            "and Other Medical Treatment Guidelines www.example-guides.com.",
            ("Other Medical Treatment Guidelines www.example-guides.com", "example-guides.com"),
        ),
        (
            "and Other Medical Treatment Guidelines.",
            ("Other Medical Treatment Guidelines", "OTHER"),
        ),
    ],
)
def test_a_second_guideline_keeps_its_own_source(with_guidelines, tail, second):
    """A guideline named after 'and' is its own citation: its source is its own (a web address
    written without 'http://' is a domain), OTHER when unknown, never the first citation's."""
    text = (
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Neck Chapter, "
        "Facet Injections " + tail
    )
    found = [(" ".join(e.text.split()), e.kb_id_) for e in citations(with_guidelines, text)]
    assert found[1:] == [second]
    assert found[0][1] == "ODG"


def test_web_pages_listed_in_one_citation_are_one_citation_each(with_guidelines):
    text = (
        "Decision based on Non-MTUS Citation http://www.example-one.net/a-page-on-rehab, "
        "https://health.example-two.org/another-page."
    )
    found = [e.kb_id_ for e in citations(with_guidelines, text)]
    assert found == ["example-one.net", "health.example-two.org"]
