"""English vocabularies are pattern data, and the sentence-end rules are shared objects."""

from __future__ import annotations

import re

import pytest

from imr_nlp.errors import PatternError
from imr_nlp.linking.records import RecordWords, record_words
from imr_nlp.linking.request import RequestParser
from imr_nlp.normalize.amounts import AmountWords, amount_words, frequency, strength
from imr_nlp.rules import default_rules, file_schemas
from imr_nlp.text import sentences
from imr_nlp.values import Strength


def amounts_with(*extra, drop=()):
    rules = [r for r in default_rules("amounts.jsonl") if r["kind"] not in drop]
    return AmountWords(rules + list(extra))


def test_new_pattern_files_have_schemas():
    assert {"number_words", "times_words", "schedules", "unit"} <= set(
        file_schemas("amounts.jsonl")
    )
    assert {"no_citation", "release_form"} <= set(file_schemas("records.jsonl"))
    assert "number_words" not in file_schemas("requests.jsonl")  # one table: amounts.jsonl


def test_shipped_vocabulary_reads_as_before():
    assert strength("10/325 MGs") == Strength((10.0, 325.0), "mg")
    assert strength("25 mcg / hour").unit == "mcg/hr"
    assert strength("5 mg / 5 ml").unit == "mg/ml"
    assert strength("0.1 percent").unit == "%"
    assert frequency("two tablets bid").per_day == 4
    assert frequency("1 capsule thrice a day").per_day == 3
    assert amount_words().quantity("Eight (8) visits") == 8


def test_a_unit_spelling_added_to_the_data_is_read():
    assert strength("400 iu").unit == ""
    words = amounts_with({"id": "unit.iu", "kind": "unit", "unit": "IU", "spellings": ["iu"]})
    assert words.strength("400 IU") == Strength((400.0,), "IU")
    assert amount_words().strength("400 iu").unit == ""  # the shipped vocabulary is untouched


def test_a_schedule_and_a_times_word_added_to_the_data_are_read():
    assert frequency("1 tab tds").per_day is None
    schedules = dict(next(r for r in default_rules("amounts.jsonl") if r["kind"] == "schedules"))
    schedules["values"] = {**schedules["values"], "tds": 3}
    times = {"id": "times", "kind": "times_words", "values": {"once": 1, "fourfold": 4}}
    words = amounts_with(schedules, times, drop=("schedules", "times_words"))
    assert words.frequency("1 tab tds").per_day == 3
    assert words.frequency("2 tabs fourfold daily").per_day == 8


def test_number_words_are_one_table_for_normalisers_and_request_grammar():
    numbers = {"id": "numbers", "kind": "number_words", "values": {"a dozen": 12, "two": 2}}
    words = amounts_with(numbers, drop=("number_words",))
    assert words.quantity("a dozen") == 12 and words.refills("two refills") == 2
    assert amount_words().quantity("a dozen") is None
    assert RequestParser(words=words).number("A dozen") == 12
    assert RequestParser().number("a dozen") is None
    assert RequestParser().number("Twelve") == 12  # the shipped table, from amounts.jsonl


def test_request_grammar_no_longer_takes_its_own_number_words():
    with pytest.raises(PatternError):
        RequestParser([{"id": "n", "kind": "number_words", "values": {"one": 1}}])


def test_vocabulary_is_validated():
    with pytest.raises(PatternError):
        amounts_with({"id": "unit.bad", "kind": "unit", "unit": "x", "spellings": ["("]})
    with pytest.raises(PatternError):
        amounts_with({"id": "unit.bad", "kind": "unit", "unit": "x", "spelling": ["x"]})
    with pytest.raises(PatternError):
        RecordWords.from_rules([{"id": "x", "kind": "release_form", "pattern": "ER", "words": 1}])


def test_record_words_are_data():
    words = record_words()
    assert words.no_citation.search("The reviewer did  not cite any studies.")
    assert words.release.search("oxycodone ER 20mg") and not words.release.search("Percocet")
    custom = RecordWords.from_rules(
        [
            {"id": "n", "kind": "no_citation", "pattern": "(?i)cited nothing"},
            {"id": "r", "kind": "release_form", "pattern": r"\bLA\b"},
        ]
    )
    assert custom.no_citation.search("It cited nothing.") and custom.release.search("drug LA")
    assert not custom.release.search("oxycodone ER")


def test_same_product_reads_the_release_form_data(nlp):
    from imr_nlp.linking.link import Mention
    from imr_nlp.linking.records import same_product

    from .test_linking import _labelled

    doc = nlp.make_doc("oxycodone LA 20mg twice a day")
    oxy = Mention(doc[0:1])
    oxy.attached = [_labelled(doc[2:4], "STRENGTH", "20")]
    la = RecordWords(record_words().no_citation, re.compile(r"\bLA\b"))
    assert same_product(oxy, "Oxycodone 20mg #60", "20")  # LA is no release form by default
    assert not same_product(oxy, "Oxycodone 20mg #60", "20", la)


def test_sentence_end_rules_differ_as_documented():
    text = "Norco 10mg; tramadol 50mg.\n \nNext"
    assert [m.group() for m in sentences.CLAUSE_END.finditer(text)] == [";", ".", "\n \n"]
    assert [m.group() for m in sentences.SENTENCE_END.finditer(text)] == [".\n"]
    assert sentences.SENTENCE_END.search("ends here.")  # the end of a text ends a sentence
    assert [m.group() for m in sentences.FULL_STOP.finditer("a. b\n\nc; d")] == [". "]
    assert sentences.FULL_STOP.split("pain 7/10. with meds")[0] == "pain 7/10"
    assert sentences.QUOTED_FULL_STOP.search('as "indicated." Then')[0] == '." '
    assert sentences.FULL_STOP.search('as "indicated." Then') is None
