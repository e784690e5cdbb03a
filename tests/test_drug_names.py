"""Drug names the lexicon resolves beyond the dictionary's exact spellings: misspellings one
edit from a common drug's name, the dictionary's "and"-joined combinations, curated brands and
exclusions (invented inputs)."""

from __future__ import annotations

import pytest
import spacy

from imr_nlp.entities.drugs import IMRDrugs
from imr_nlp.rules import default_rules
from imr_nlp.text.spelling import deletion_index, near, one_edit


@pytest.fixture(scope="module")
def with_drugs():
    tokenizer = {"@tokenizers": "imr_nlp.CleaningTokenizer.v1"}
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": tokenizer}})
    nlp.add_pipe("imr_drugs")
    nlp.add_pipe("imr_entities")
    return nlp


@pytest.fixture(scope="module")
def component(with_drugs):
    return with_drugs.get_pipe("imr_drugs")


def drugs(nlp, text):
    return [(e.text, e.kb_id_) for e in nlp(text).ents if e.label_ == "DRUG"]


@pytest.mark.parametrize(
    ("a", "b", "one"),
    [
        ("tizanadine", "tizanidine", True),  # a letter replaced
        ("sertaline", "sertraline", True),  # a letter dropped
        ("meloxicamm", "meloxicam", True),  # a letter added
        ("meloxicam", "meloxicam", False),  # the same word
        ("tizandien", "tizanidine", False),  # two edits
        ("duloxetnie", "duloxetine", False),  # two letters swapped: two edits
    ],
)
def testone_edit(a, b, one):
    assert one_edit(a, b) is one
    assert one_edit(b, a) is one


def test_a_sound_slip_is_one_slip_only_when_asked():
    """'ph' written for 'f' (or the reverse) throughout is one slip for ``near(sounds=True)``;
    a sound slip and another edit are two."""
    index = deletion_index(["ibuprofen", "morphine"])
    assert near("ibuprophen", index) == set()
    assert near("ibuprophen", index, sounds=True) == {"ibuprofen"}
    assert near("morfine", index, sounds=True) == {"morphine"}
    assert near("ibuprophan", index, sounds=True) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # in a sentence that speaks of medication
        ("Medications: Tizanadine 4 mg at night.", [("Tizanadine", "tizanidine")]),
        ("She was prescribed Duloxetene 30 mg.", [("Duloxetene", "duloxetine")]),
        ("He takes Flexiril for spasm.", [("Flexiril", "cyclobenzaprine")]),
        # a request line: the dose glued to its number
        ("Duloxetene 60mg #30", [("Duloxetene", "duloxetine")]),
        # "ph" written for "f" (and the reverse): one slip of sound
        (
            "Compound: Flurbiprophen 10%, Lidocaine 5% cream",
            [("Flurbiprophen", "flurbiprofen"), ("Lidocaine", "lidocaine")],
        ),
        ("He was given Ketoprophen 75 mg.", [("Ketoprophen", "ketoprofen")]),
        ("Medications: Morfine sulfate 15 mg.", [("Morfine", "morphine")]),
        # beside another drug
        (
            "He went from Tramadole to Norco.",
            [("Tramadole", "tramadol"), ("Norco", "hydrocodone/acetaminophen")],
        ),
    ],
)
def test_misspelt_names_in_a_medication_sentence(with_drugs, text, expected):
    assert drugs(with_drugs, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # no medication in the sentence
        "The Tizanadine folder was returned to the clinic.",
        # a name of fewer than seven letters is not matched fuzzily ("Lyrica")
        "Medications: Lyrca 75 mg.",
        # words of ICD-10-CM's conditions and anatomy, though one edit from a brand
        "Medications were reviewed for a reactive airway and morphea.",
        # a generic's plural is no drug, nor a misspelling of it
        "Medications: Tramadols.",
        # a compounding base is not a misspelt 'Lidoderm'
        "Ketoprofen 10% cream in a Lipoderm base.",
        # a sound slip is a misspelling only under the same conditions
        "The Flurbiprophen folder was returned to the clinic.",
    ],
)
def test_no_misspelling_outside_its_conditions(with_drugs, text):
    assert [generic for _, generic in drugs(with_drugs, text)] in ([], ["ketoprofen"])


def test_a_misspelling_near_two_drugs_is_left_out(component):
    """'lonazepam' is one edit from lorazepam and from clonazepam: no guess."""
    assert component.misspelt("lonazepam") is None
    assert component.misspelt("clonazapam") == ["clonazepam", False]


def test_the_models_unknown_drug_is_resolved_when_misspelt(component):
    """A DRUG the model found and the lexicon lacks takes the misspelt name's generic, also
    with a release suffix; an unknown word stays unknown."""
    assert component.value_of("Diclofanac")[0] == "diclofenac"
    generic, value = component.value_of("Orphenadrin ER")
    assert (generic, value.drug_class) == ("orphenadrine", "muscle relaxant")
    assert component.value_of("Vicodine")[0] == "hydrocodone/acetaminophen"
    assert component.value_of("Zentravix")[0] == ""


@pytest.mark.parametrize(
    ("text", "generics"),
    [
        ("He used Darvocet and Vioxx years ago.", ["propoxyphene/acetaminophen", "rofecoxib"]),
        ("Norgesic Forte twice daily", ["orphenadrine/aspirin/caffeine"]),
        ("Roxicodone 15 mg and Tylox", ["oxycodone", "oxycodone/acetaminophen"]),
        ("Tylenol #4 at bedtime", ["acetaminophen/codeine"]),
        ("Sonata 10 mg for sleep", ["zaleplon"]),
        ("Biofreeze gel on the neck", ["menthol"]),
        ("ASA 81 mg daily", ["aspirin"]),
        ("Synthroid 50 mcg", ["levothyroxine"]),
        ("Vitamin B-12 1000 mcg IM monthly and vitamin B12 tablets", ["cyanocobalamin"] * 2),
        # the dictionary's "and"-joined combinations are split into their ingredients
        ("Advair 250/50", ["fluticasone/salmeterol"]),
        ("a tablet of diclofenac and misoprostol", ["diclofenac/misoprostol"]),
        # dictionary variants that are no drug names
        ("generics are cheaper", []),
        ("a saline nasal spray", []),
    ],
)
def test_curated_names(with_drugs, text, generics):
    assert [generic for _, generic in drugs(with_drugs, text)] == generics


def test_only_common_drugs_are_targets_of_misspellings():
    """The names a misspelling may be matched to are those of the drug-class table's drugs."""
    component = IMRDrugs()
    classes = {
        g for r in default_rules("drugs.jsonl") if r["kind"] == "drug_class" for g in r["generics"]
    }
    names = {n for names in component._misspelt_index().values() for n in names}
    assert "tizanidine" in names and "neurontin" in names
    assert all(set(component.lexicon[n][0].split("/")) <= classes for n in names)
    assert all(len(n) >= 7 for n in names)


@pytest.mark.parametrize(
    ("text", "generics"),
    [
        (  # a drug's name inside an organism's name
            "The wound grew methicillin-resistant Staphylococcus aureus; vancomycin was given.",
            ["vancomycin"],
        ),
        ("Cover methicillin sensitive strains with cefazolin.", ["cefazolin"]),
    ],
)
def test_an_organisms_name_names_no_drug(with_drugs, text, generics):
    assert [generic for _, generic in drugs(with_drugs, text)] == generics


@pytest.mark.parametrize(
    ("text", "generics"),
    [
        (  # a laboratory value names no drug; the drug beside it does
            "Labs: uric acid 6.1, ferritin low, a morning cortisol level normal; on allopurinol.",
            ["allopurinol"],
        ),
        ("The urine screen was positive for cotinine and benzoylecgonine only.", []),
        (  # the body's own substances in a reviewer's explanation
            "Exercise releases endorphins and lowers prostaglandins; bradykinin and substance P "
            "sensitise the nerve, and amino acids feed the muscle.",
            [],
        ),
        ("Naproxen blocks the making of prostaglandins.", ["naproxen"]),
        (  # a messenger named after the mechanism acting on it (drug_context.mechanism_before)
            "Duloxetine blocks the reuptake of serotonin and norepinephrine; the release of "
            "histamine explains the itch with morphine.",
            ["duloxetine", "morphine"],
        ),
        (  # epinephrine stays a drug: it is given with a local anaesthetic
            "Injected lidocaine with epinephrine.",
            ["lidocaine", "epinephrine"],
        ),
    ],
)
def test_a_lab_analyte_or_body_substance_names_no_drug(with_drugs, text, generics):
    assert [generic for _, generic in drugs(with_drugs, text)] == generics


@pytest.mark.parametrize(
    ("text", "generics"),
    [
        ("Her medications are Motrin and B12 shots.", ["ibuprofen", "cyanocobalamin"]),
        ("B-12 1000 mcg by mouth each day.", ["cyanocobalamin"]),
        ("She takes B12.", ["cyanocobalamin"]),
        ("A serum B12 was drawn and her B12 deficiency noted.", []),
        ("The B12 level came back low; he is on Celebrex.", ["celecoxib"]),
        ("Blood counts and B12 were checked at the visit.", []),
    ],
)
def test_a_short_name_given_is_a_drug_but_not_one_measured(with_drugs, text, generics):
    assert [generic for _, generic in drugs(with_drugs, text)] == generics


@pytest.fixture(scope="module")
def with_abbreviations():
    tokenizer = {"@tokenizers": "imr_nlp.CleaningTokenizer.v1"}
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": tokenizer}})
    for name in ("imr_abbreviations", "imr_drugs", "imr_entities"):
        nlp.add_pipe(name)
    return nlp


@pytest.mark.parametrize(
    ("text", "generics"),
    [
        (  # the letter defines the short form as a society: no aspirin, here or later
            "The advisory of the American Society of Anesthesiologists (ASA) applies. The ASA "
            "asks for a history.",
            [],
        ),
        (  # defined as the drug, or not defined: the drug
            "He takes acetylsalicylic acid (ASA) daily; ASA 81 mg.",
            ["aspirin", "aspirin", "aspirin"],
        ),
        ("Medications: ASA 81 mg and Norco.", ["aspirin", "hydrocodone/acetaminophen"]),
    ],
)
def test_a_short_form_the_letter_defines_as_no_drug(with_abbreviations, text, generics):
    assert [generic for _, generic in drugs(with_abbreviations, text)] == generics


# Round 7 (drugs3's tune half): the shapes, in invented sentences of our own.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a scanned page's "0" for "o" and "rn" for "m"
        ("Medications: 0xycodone 5 mg.", [("0xycodone", "oxycodone")]),
        ("Medications: rnethocarbamol 500 mg.", [("rnethocarbamol", "methocarbamol")]),
        # slips that keep every letter may hit a shorter name: a letter typed twice, a swap
        ("Medications: Norrco 5/325 mg.", [("Norrco", "hydrocodone/acetaminophen")]),
        ("He takes Lyirca 50 mg.", [("Lyirca", "pregabalin")]),
        # a drug of the antipsychotic class, misspelt
        ("He takes Seroquell 25 mg at night.", [("Seroquell", "quetiapine")]),
    ],
)
def test_slips_that_keep_every_letter_and_scan_slips(with_drugs, text, expected):
    assert drugs(with_drugs, text) == expected


@pytest.mark.parametrize(
    ("text", "generics"),
    [
        ("Dilantin 100 mg twice daily", ["phenytoin"]),
        ("Hyzaar 50/12.5 daily", ["losartan/hydrochlorothiazide"]),
        ("Tylenol PM at night", ["acetaminophen/diphenhydramine"]),
        # the dictionary's qualifiers and chemical names are written as letters write them
        ("Inderal 20 mg", ["propranolol"]),
        ("Aggrenox twice daily", ["aspirin/dipyridamole"]),
        # a sedative's brand that is also a word
        ("Sedation was Versed 2 mg IV.", ["midazolam"]),
        ("She is well versed in her medications.", []),
        # a urine screen's panels in the plural are classes; an alcohol metabolite no drug
        ("The screen was negative for barbiturates and amphetamines.", []),
        ("Ethyl glucuronide was detected in the urine.", []),
        # a word right after a drug's name is the product's, no misspelt second drug
        ("Celestone Soluspan 6 mg/ml injection", ["betamethasone"]),
        # an everyday word one letter from a brand is no misspelling of it
        ("Her medications improved her ability to sleep.", []),
    ],
)
def test_curated_names_round_7(with_drugs, text, generics):
    assert [generic for _, generic in drugs(with_drugs, text)] == generics


# Session 22: mechanisms that generalise (a brand list per class, the dictionary's own shapes).

#: Common US brands, by the classes workers' compensation letters name, and their generics: the
#: lexicon must resolve each (a check of coverage written from the classes, not from items).
BRANDS_BY_CLASS = {
    "opioid": {
        "Dolophine": "methadone",
        "Actiq": "fentanyl",
        "Subsys": "fentanyl",
        "Xodol": "hydrocodone/acetaminophen",
        "Verdrocet": "hydrocodone/acetaminophen",
        "Primlev": "oxycodone/acetaminophen",
        "Xartemis XR": "oxycodone/acetaminophen",
        "Percodan": "oxycodone/aspirin",
        "Targiniq": "oxycodone/naloxone",
        "Hysingla": "hydrocodone",
        "Methadose": "methadone",
    },
    "NSAID": {
        "Naprelan": "naproxen",
        "Cataflam": "diclofenac",
        "Vivlodex": "meloxicam",
        "Tivorbex": "indomethacin",
        "Treximet": "sumatriptan/naproxen",
    },
    "muscle relaxant": {"Metaxall": "metaxalone", "Lyvispah": "baclofen", "Ozobax": "baclofen"},
    "anticonvulsant": {"Depakote": "divalproex", "Divalproex": "divalproex"},
    "antidepressant": {"Sinequan": "doxepin", "Silenor": "doxepin"},
    "sleep aid": {"Intermezzo": "zolpidem", "Edluar": "zolpidem"},
    "benzodiazepine": {"Tranxene": "clorazepate"},
    "headache": {
        "Esgic": "acetaminophen/butalbital/caffeine",
        "Fiorinal": "butalbital/aspirin/caffeine",
        "Cafergot": "ergotamine/caffeine",
        "Aimovig": "erenumab",
        "Emgality": "galcanezumab",
    },
    "laxative": {
        "Peri-Colace": "docusate/senna",
        "Senokot-S": "docusate/senna",
        "Miralax": "polyethylene glycol",
    },
    "topical": {
        "Bengay": "methyl salicylate/menthol",
        "Icy Hot": "methyl salicylate/menthol",
        "Tiger Balm": "camphor/menthol",
        "Qutenza": "capsaicin",
    },
    "injection": {
        "Synvisc": "hyaluronic acid",
        "Euflexxa": "hyaluronic acid",
        "Durolane": "hyaluronic acid",
        "Zilretta": "triamcinolone",
    },
    "diabetes and anticoagulant": {"Janumet": "sitagliptin/metformin", "Jantoven": "warfarin"},
}


@pytest.mark.parametrize(
    ("name", "generic"),
    [(name, generic) for brands in BRANDS_BY_CLASS.values() for name, generic in brands.items()],
)
def test_common_brands_of_each_class_resolve(component, name, generic):
    entry = component.lexicon.get(name.lower())
    assert entry is not None and set(entry[0].split("/")) == set(generic.split("/"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name hyphenated at a line break: the cleaning keeps the hyphen, drops the break
        ("Medications: Cyclobenza-\nprine 10 mg.", [("Cyclobenza-prine", "cyclobenzaprine")]),
        ("Medications: Gaba- pentin 300 mg.", [("Gaba- pentin", "gabapentin")]),
        (
            "Medications: Oxy-\ncodone/APAP 5/325.",
            [("Oxy-codone", "oxycodone"), ("APAP", "acetaminophen")],
        ),
        # two names joined by a hyphen stay two names
        (
            "Medications: Hydrocodone-acetaminophen.",
            [("Hydrocodone", "hydrocodone"), ("acetaminophen", "acetaminophen")],
        ),
        # hyphenated words that make no name
        ("A well-documented follow-up with anti-inflammatory advice.", []),
    ],
)
def test_a_name_split_by_a_hyphen(with_drugs, text, expected):
    assert drugs(with_drugs, text) == expected


@pytest.mark.parametrize(
    ("text", "generics"),
    [
        # salts and release forms in any order
        ("Tramadol ER HCl 100mg and morphine sulfate ER 30 mg", ["tramadol", "morphine"]),
        ("Tranxene 7.5 mg; clorazepate dipotassium", ["clorazepate", "clorazepate"]),
        # names glued to their strengths
        ("Cymbalta60mg daily, Zanaflex4mg", ["duloxetine", "tizanidine"]),
    ],
)
def test_salts_release_forms_and_glued_strengths(with_drugs, text, generics):
    assert [generic for _, generic in drugs(with_drugs, text)] == generics


@pytest.mark.parametrize(
    ("text", "generics"),
    [
        # a dosage form abbreviated in a medication list (the dictionary's CAPS buffer)
        ("Gabapentin 300mg caps, tizanidine 4mg tabs", ["gabapentin", "tizanidine"]),
        # enzymes a panel reports
        ("Labs showed elevated transaminases and negative autoantibodies.", []),
        # a brand that is also a town of California
        ("She lives in Norco, California; seen in Norco, CA 92860.", []),
        ("Medications: Norco, Soma.", ["hydrocodone/acetaminophen", "carisoprodol"]),
        # a name right after a title is a person's
        ("Seen by Dr. Lyrica Smith; Dr. Smith prescribed Soma.", ["carisoprodol"]),
    ],
)
def test_what_is_no_drug(with_drugs, text, generics):
    assert [generic for _, generic in drugs(with_drugs, text)] == generics


def test_comma_joined_combinations_split_only_into_drugs(component):
    """The dictionary lists some combinations with commas ("acetaminophen, butalbital, and
    caffeine"): split when every part is a drug the dictionary names alone; a class's inverted
    name ("receptors, opioid") stays out."""
    assert component.lexicon["esgic"][0] == "acetaminophen/butalbital/caffeine"
    assert all("," not in generic for generic, _ in component.lexicon.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a scan's slips undone at one place of the word, not only throughout
        ("Medications: Iyrica 75 mg.", [("Iyrica", "pregabalin")]),
        ("Medications: Dilauclid 2 mg.", [("Dilauclid", "hydromorphone")]),
        ("Medications: Ceiebrex 200 mg.", [("Ceiebrex", "celecoxib")]),
        # a misspelt name in a sentence of a drug's use or effect
        ("He reports Neurontine has helped his burning pain.", [("Neurontine", "gabapentin")]),
        ("She stopped Tramadole last month.", [("Tramadole", "tramadol")]),
        # an abbreviation glued to its strength
        (
            "Current: Oxycodone/APAP10/325 q6h prn.",
            [("Oxycodone", "oxycodone"), ("APAP", "acetaminophen")],
        ),
    ],
)
def test_scan_slips_use_verbs_and_glued_abbreviations(with_drugs, text, expected):
    assert drugs(with_drugs, text) == expected


def test_scan_slips_undone_once_or_throughout():
    from imr_nlp.text.spelling import ocr_undone

    assert "lyrica" in ocr_undone("iyrica")
    assert "oxycodone" in ocr_undone("0xyc0done")
    assert "dilaudid" in ocr_undone("dilauclid")
    assert ocr_undone("norco") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the classes of a claimant's other medications are in the class table: their misspelt
        # names are read too
        ("Medications: Lisinoprel 10 mg.", [("Lisinoprel", "lisinopril")]),
        ("Medications: Metformine 500 mg.", [("Metformine", "metformin")]),
        ("Medications: Coumadine 5 mg.", [("Coumadine", "warfarin")]),
        # a local anaesthetic's plain form names no epinephrine; 'with epinephrine' does
        ("Injected lidocaine 1% without epinephrine.", [("lidocaine", "lidocaine")]),
        ("Neosporin to the wound.", [("Neosporin", "neomycin/polymyxin b/bacitracin")]),
    ],
)
def test_other_classes_and_plain_anaesthetics(with_drugs, text, expected):
    assert drugs(with_drugs, text) == expected


def test_other_classes_are_classed(component):
    assert component.drug("amlodipine", None).drug_class == "antihypertensive"
    assert component.drug("apixaban", None).drug_class == "anticoagulant"


@pytest.mark.parametrize(
    ("text", "generics"),
    [
        # medication lists' shorthand
        ("OxyIR 5 mg and Oxy IR 10 mg", ["oxycodone", "oxycodone"]),
        ("Tylenol w/ codeine #3", ["acetaminophen/codeine"]),
        ("Vit D3 2000 IU, Vit B12 1000 mcg", ["vitamin d", "cyanocobalamin"]),
        ("Lido patch to the low back", ["lidocaine"]),
        # a count after a brand is no codeine strength
        ("Tylenol 3 times a day", ["acetaminophen"]),
    ],
)
def test_medication_list_shorthand(with_drugs, text, generics):
    assert [generic for _, generic in drugs(with_drugs, text)] == generics


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a capitalised word (a brand is a proper noun) with one vowel slip after its first
        # letter names a short brand
        (
            "The list shows Soma and Xanex among his medications.",
            [("Soma", "carisoprodol"), ("Xanex", "alprazolam")],
        ),
        # not in lower case, nor at the first letter, nor outside a medication sentence
        ("Medications: the xanex tablets.", []),
        ("Undone, the medications were reviewed.", []),
        ("Xanex was the name of the street.", []),
        # the body's own substance as what a test measures; a drug's level is the drug taken
        ("Serum lithium level was 0.8 mEq/L.", [("lithium", "lithium")]),
        (
            "An insulin level was normal; he takes insulin glargine.",
            [("insulin glargine", "insulin glargine")],
        ),
        (
            "Celestone and ropivacaine were injected at each level.",
            [("Celestone", "betamethasone"), ("ropivacaine", "ropivacaine")],
        ),
    ],
)
def test_vowel_slips_of_proper_nouns_and_measured_substances(with_drugs, text, expected):
    assert drugs(with_drugs, text) == expected


@pytest.mark.parametrize(
    ("text", "generics"),
    [
        # a dosage form, the verb of giving one, a schedule or a strength makes a sentence of
        # medication, where a misspelt name is read
        ("He was given Percoset 5/325 after the operation.", ["oxycodone/acetaminophen"]),
        ("Lidoderrn patches, apply one daily to the knee.", ["lidocaine"]),
        # 'given' as a preposition and 'daily living' are no such sentence
        ("Given the above, Percoset is a question for the pain clinic.", []),
        # a class named in the singular is still a class
        ("There are no red flags for the use of a triptan.", []),
        # the dictionary's plural class name for penicillin; a salt it did not list
        ("Allergies: penicillin and sulfa.", ["penicillin"]),
        ("Lithium carbonate 300 mg twice a day.", ["lithium"]),
        # a metal named for a battery
        ("The lithium battery of the stimulator was replaced.", []),
        # a brand with its strength after a hyphen
        ("Injection of Kenalog-40 with lidocaine.", ["triamcinolone", "lidocaine"]),
    ],
)
def test_medication_sentences_classes_salts_and_hyphenated_strengths(with_drugs, text, generics):
    assert [generic for _, generic in drugs(with_drugs, text)] == generics


@pytest.mark.parametrize(
    ("text", "generics"),
    [
        # a drug the dictionary describes under a name it does not list among its variants
        ("She applies estradiol cream twice a week.", ["estradiol"]),
        ("He takes senna at bedtime.", ["senna"]),
        # ... but not a word of ICD-10-CM's conditions and anatomy
        ("Her thyroid was enlarged.", []),
        # British and Commonwealth spellings
        ("She uses an oestradiol gel from her general practitioner.", ["estradiol"]),
        ("Morphine sulphate 15 mg twice a day.", ["morphine"]),
        # the British approved names of combinations, the dictionary's INN entries
        ("Co-codamol 30/500 at night.", ["acetaminophen/codeine"]),
        ("He uses a beclometasone inhaler.", ["beclomethasone"]),
        # brands of records from abroad
        (
            "Records from Sydney list Panadeine Forte and Palexia.",
            ["acetaminophen/codeine", "tapentadol"],
        ),
        ("She was on Cipramil and Climara.", ["citalopram", "estradiol"]),
        # a withdrawn brand
        ("She tried Bextra years ago.", ["valdecoxib"]),
    ],
)
def test_described_names_spellings_and_brands_from_abroad(with_drugs, text, generics):
    assert [generic for _, generic in drugs(with_drugs, text)] == generics


@pytest.mark.parametrize(
    ("text", "generics"),
    [
        # an opioid named alone is that opioid, whatever its strength implies (a name, not a
        # product, is what a letter mentions)
        ("Oxycodone 7.5/325 every six hours as needed.", ["oxycodone"]),
        # a curated name of four tokens (a period inside)
        ("Medications: Tylenol No. 3 at bedtime.", ["acetaminophen/codeine"]),
        # names glued to their strengths in a list with no spaces
        ("meds:Gabapentin300mg,Tramadol50mg(#60)", ["gabapentin", "tramadol"]),
        # supplements and an injection's diluent are no drugs
        ("He takes krill oil and fish oil capsules.", []),
        ("Lidocaine was diluted in normal saline.", ["lidocaine"]),
    ],
)
def test_named_opioids_long_names_glued_lists_and_no_drugs(with_drugs, text, generics):
    assert [generic for _, generic in drugs(with_drugs, text)] == generics


@pytest.mark.parametrize(
    ("text", "generics"),
    [
        # a capitalised word with a letter added inside a six-letter brand, in a sentence of
        # medication
        ("Medications: Motrien 800 mg at night.", ["ibuprofen"]),
        ("She was started on Celexia 10 mg.", ["citalopram"]),
        # one letter for another of the same sound, or a vowel slip giving an English word's
        # shape ("-ian")
        ("Medications: Lyrika 75 mg and Clonopin 1 mg.", ["pregabalin", "clonazepam"]),
        ("He takes Ambian 10 mg at bedtime.", ["zolpidem"]),
        # prescribers' short forms
        (
            "Meds: HC/APAP 5/325, NTG 0.4 mg SL, MSO4 15 mg.",
            ["hydrocodone/acetaminophen", "nitroglycerin", "morphine"],
        ),
        # a letter added at either end makes another word
        ("Medications: Ambient air purifier, 1 unit.", []),
        # a short word of two capitalised parts is a place, not a brand
        ("She shops in NoHo and takes Norco 10/325 daily.", ["hydrocodone/acetaminophen"]),
        ("Her clinic is in SoMa; she takes Soma 350 mg.", ["carisoprodol"]),
    ],
)
def test_letters_added_inside_brands_and_camel_case_places(with_drugs, text, generics):
    assert [generic for _, generic in drugs(with_drugs, text)] == generics
