"""One rule for the value an expression stores in a field, wherever the expression is written.

The eval page (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval):
"The result of an eval expression cannot be a Boolean", and "If, at search time, the expression
cannot be evaluated successfully for a given event, the eval command erases the resulting field".
A props.conf EVAL- and a data model's Eval calculation are eval expressions computed into a field;
each path once had its own copy of the rule; each must give the same null for a failing
expression and for one that gives a Boolean only for some rows (`coalesce(a == "1", 1)`: its type
depends on the row), and store a String as field text.

An expression that is a Boolean by its form is rejected before a row is read by eval and by a data
model's calculation (the data model manual's Eval Expression fields are eval expressions), but not
in props.conf, whose page says an EVAL- "can be evaluated to any value type, including multivals,
boolean, or null"
(https://help.splunk.com/splunk-enterprise/manage-knowledge-objects/knowledge-management-manual/9.4/calculated-fields/configure-calculated-fields-with-props.conf);
it does not say what the field then holds, so it is null, as for eval.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from engine.datamodels import DataModels
from engine.evaluation import EvalTypeError
from engine.expressions import field_value
from engine.knowledge import SourceKnowledge
from engine.table import Table
from spl.parser import parse_expression
from support import bind_search, run_search

# `p` holds "(", which is no regular expression, so replace() fails for this row only.
EXPRESSIONS = {"bad": 'replace(a, p, "z")', "flag": 'coalesce(a == "1", 1)', "ok": 'a . "x"'}
EVENT = {"sourcetype": "test:fields", "a": "1", "p": "(", "bad": "old", "flag": "old"}
STORED = {"ok": "1x"}  # bad and flag are null: the fields they held before are gone
BOOLEAN = 'a == "1"'  # a Boolean by its form


def test_the_helper_gives_null_for_a_failure_and_for_a_boolean() -> None:
    values = {name: field_value(parse_expression(text), EVENT)
              for name, text in EXPRESSIONS.items()}
    assert values == {"bad": None, "flag": None, "ok": "1x"}
    assert type(values["ok"]) is str  # a String is stored as plain field text, not a Text


def test_the_eval_command() -> None:
    assignments = ", ".join(f"{name} = {text}" for name, text in EXPRESSIONS.items())
    output, _ = run_search(f"| eval {assignments}", rows=Table([dict(EVENT)], list(EVENT)))
    (row,) = csv.DictReader(io.StringIO(output))
    assert {name: row[name] for name in EXPRESSIONS} == {"bad": "", "flag": "", "ok": "1x"}


def test_a_props_conf_eval(tmp_path: Path) -> None:
    addon = tmp_path / "addon"
    addon.mkdir()
    settings = "".join(f"EVAL-{name} = {text}\n" for name, text in
                       {**EXPRESSIONS, "boolean": BOOLEAN}.items())
    (addon / "props.conf").write_text(f"[test:fields]\n{settings}", encoding="utf-8")
    event = SourceKnowledge.load(tmp_path).enrich(dict(EVENT))
    assert {name: event[name] for name in [*EXPRESSIONS, "boolean"] if name in event} == STORED


def test_a_data_model_calculated_field(tmp_path: Path) -> None:
    model = {"modelName": "Test", "objects": [{
        "objectName": "Fields", "parentName": "BaseEvent",
        "fields": [{"fieldName": name} for name in EXPRESSIONS],
        "calculations": [{"calculationType": "Eval", "expression": text,
                          "outputFields": [{"fieldName": name}]}
                         for name, text in EXPRESSIONS.items()],
    }]}
    (tmp_path / "Test.json").write_text(json.dumps(model), encoding="utf-8")
    (row,) = DataModels.load(tmp_path).dataset("Test.Fields").rows([dict(EVENT)])
    assert {name.removeprefix("Fields."): value for name, value in row.items()
            if name.startswith("Fields.")} == STORED


def test_eval_rejects_a_boolean_by_its_form() -> None:
    with pytest.raises(EvalTypeError) as raised:
        bind_search(f"| eval flag = {BOOLEAN}")
    assert "cannot be a Boolean" in raised.value.message


def test_a_data_model_calculation_rejects_a_boolean_by_its_form(tmp_path: Path) -> None:
    model = {"modelName": "Test", "objects": [{
        "objectName": "Fields", "parentName": "BaseEvent", "fields": [{"fieldName": "flag"}],
        "calculations": [{"calculationType": "Eval", "expression": BOOLEAN,
                          "outputFields": [{"fieldName": "flag"}]}],
    }]}
    (tmp_path / "Test.json").write_text(json.dumps(model), encoding="utf-8")
    with pytest.raises(EvalTypeError) as raised:
        DataModels.load(tmp_path).dataset("Test.Fields").rows([dict(EVENT)])
    assert "cannot be a Boolean" in raised.value.message
