"""One rule for the value an expression stores in a field, wherever the expression is written.

The eval page (https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/eval):
"The result of an eval expression cannot be a Boolean", and "If, at search time, the expression
cannot be evaluated successfully for a given event, the eval command erases the resulting field".
A props.conf EVAL- and a data model's Eval calculation are eval expressions computed into a field;
their pages say nothing else of failures or booleans, so they follow eval's rule. Each path once
had its own copy of it; each must give the same null for a failing and for a boolean expression.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from engine.datamodels import DataModels
from engine.expressions import field_value
from engine.knowledge import SourceKnowledge
from engine.table import Table
from spl.parser import parse_expression
from support import run_search

# `p` holds "(", which is no regular expression, so replace() fails for this row only.
EXPRESSIONS = {"bad": 'replace(a, p, "z")', "flag": 'a == "1"', "ok": 'a . "x"'}
EVENT = {"sourcetype": "test:fields", "a": "1", "p": "(", "bad": "old", "flag": "old"}
STORED = {"ok": "1x"}  # bad and flag are null: the fields they held before are gone


def test_the_helper_gives_null_for_a_failure_and_for_a_boolean() -> None:
    values = {name: field_value(parse_expression(text), EVENT)
              for name, text in EXPRESSIONS.items()}
    assert values == {"bad": None, "flag": None, "ok": "1x"}


def test_the_eval_command() -> None:
    assignments = ", ".join(f"{name} = {text}" for name, text in EXPRESSIONS.items())
    output, _ = run_search(f"| eval {assignments}", rows=Table([dict(EVENT)], list(EVENT)))
    (row,) = csv.DictReader(io.StringIO(output))
    assert {name: row[name] for name in EXPRESSIONS} == {"bad": "", "flag": "", "ok": "1x"}


def test_a_props_conf_eval(tmp_path: Path) -> None:
    addon = tmp_path / "addon"
    addon.mkdir()
    settings = "".join(f"EVAL-{name} = {text}\n" for name, text in EXPRESSIONS.items())
    (addon / "props.conf").write_text(f"[test:fields]\n{settings}", encoding="utf-8")
    event = SourceKnowledge.load(tmp_path).enrich(dict(EVENT))
    assert {name: event[name] for name in EXPRESSIONS if name in event} == STORED


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
