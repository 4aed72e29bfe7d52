"""Data models and add-on settings load lazily, and a mistake in them still names its file and
expression, now when a search first names the dataset or uses the setting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.datamodels import DataModels
from engine.knowledge import SourceKnowledge
from spl.errors import DataModelError, SplError
from spl.parser import cached_expression, parse_expression

ROOT = Path(__file__).resolve().parents[2]


def _model(name: str, constraint: str = "tag=x", expression: str = "lower(a)") -> dict:
    return {"modelName": name, "objects": [{
        "objectName": "Root", "parentName": "BaseEvent",
        "constraints": [{"search": constraint}],
        "fields": [{"fieldName": "a"}, {"fieldName": "b"}],
        "calculations": [{"calculationType": "Eval", "expression": expression,
                          "outputFields": [{"fieldName": "b"}]}],
    }]}


def _write(folder: Path, name: str, document: dict | str) -> None:
    text = document if isinstance(document, str) else json.dumps(document)
    (folder / f"{name}.json").write_text(text, encoding="utf-8")


def test_the_shipped_models_are_listed_without_reading_them():
    models = DataModels.load(ROOT / "datamodels")
    assert "Endpoint" in models.models() and "Network_Traffic" in models.models()
    assert models._datasets == {}  # nothing parsed yet
    registry = models.dataset("Endpoint.Registry")
    assert list(models._datasets) == ["Endpoint"]
    assert registry.constraints and registry.calculations


def test_a_broken_calculation_is_reported_with_its_file_and_expression(tmp_path):
    _write(tmp_path, "Good", _model("Good"))
    _write(tmp_path, "Broken", _model("Broken", expression="lower(a"))
    models = DataModels.load(tmp_path)  # loading reads names only: no error yet
    assert models.models() == ["Broken", "Good"]
    assert models.dataset("Good.Root").calculations[0].output == "b"
    with pytest.raises(SplError) as raised:
        models.dataset("Broken.Root")
    assert "Broken.json: calculation 'lower(a'" in str(raised.value)
    with pytest.raises(SplError) as again:  # the same message, not prefixed twice
        models.dataset("Broken.Root")
    assert str(again.value).count("Broken.json") == 1


def test_a_broken_constraint_is_reported_with_its_file(tmp_path):
    _write(tmp_path, "Broken", _model("Broken", constraint="tag=x | where ("))
    with pytest.raises(SplError) as raised:
        DataModels.load(tmp_path).dataset("Broken")
    assert "Broken.json: constraint 'tag=x | where ('" in str(raised.value)


def test_an_unknown_function_in_a_calculation_names_the_file(tmp_path):
    _write(tmp_path, "Broken", _model("Broken", expression="nosuchfunction(a)"))
    with pytest.raises(SplError) as raised:
        DataModels.load(tmp_path).dataset("Broken.Root")
    assert "Broken.json: calculation 'nosuchfunction(a)'" in str(raised.value)


def test_a_file_that_is_not_json_is_named_when_used(tmp_path):
    _write(tmp_path, "Good", _model("Good"))
    _write(tmp_path, "Bad", '{"modelName": "Bad", "objects": [')
    models = DataModels.load(tmp_path)
    assert models.dataset("Good.Root").name == "Root"
    with pytest.raises(DataModelError, match="Bad.json"):
        models.dataset("Bad.Root")


def test_the_model_name_comes_from_the_document_not_the_file_name(tmp_path):
    _write(tmp_path, "whatever", _model("Named"))
    models = DataModels.load(tmp_path)
    assert models.models() == ["Named"]
    assert models.dataset("Named.Root").model == "Named"


def test_repeated_expressions_are_parsed_once():
    text = 'if(isnull(x), "unknown", lower(x))'
    assert cached_expression(text) is cached_expression(text)
    assert cached_expression(text) == parse_expression(text)


def test_props_evals_and_eventtypes_parse_on_first_use(tmp_path):
    addon = tmp_path / "TA"
    addon.mkdir()
    (addon / "props.conf").write_text("[st]\nEVAL-good = lower(a)\nEVAL-bad = lower(\n",
                                      encoding="utf-8")
    (addon / "eventtypes.conf").write_text("[et]\nsearch = sourcetype=st a=1\n",
                                           encoding="utf-8")
    (addon / "tags.conf").write_text("[eventtype=et]\nthing = enabled\n", encoding="utf-8")
    knowledge = SourceKnowledge.load(tmp_path)  # no error: nothing parsed yet
    props = knowledge.props["st"]
    assert "bad" in knowledge.computed_fields()
    assert props.expression("good") == parse_expression("lower(a)")
    event = knowledge.enrich({"sourcetype": "st", "a": "1"}, frozenset({"good"}))
    assert event["good"] == "1" and event["tag"] == "thing"
    assert knowledge.eventtype_fields == {"sourcetype", "a"}
    with pytest.raises(SplError) as raised:
        knowledge.enrich({"sourcetype": "st", "a": "1"})
    assert "props.conf, EVAL-bad" in str(raised.value)
