"""The JSON eval functions, from the "JSON functions" page
(https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/json-functions)
and mv_to_json_array from the multivalue page
(https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/evaluation-functions/multivalue-eval-functions).

Comments cite the page's example a case follows, and say "choice" where the page is silent.
Objects and arrays are compact JSON text; the page prints them with spaces, which are not part of
the value.
"""

from __future__ import annotations

import json

import pytest

from engine.expressions import evaluate
from engine.functions import check_calls
from engine.values import Text
from spl.errors import BadArgumentError
from spl.parser import parse_expression

CITIES = [  # the page's json_extract examples read this array from the field `cities`
    {"name": "London", "Bridges": [{"name": "Tower Bridge", "length": 801},
                                   {"name": "Millennium Bridge", "length": 1066}]},
    {"name": "Venice", "Bridges": [{"name": "Rialto Bridge", "length": 157},
                                   {"name": "Bridge of Sighs", "length": 36},
                                   {"name": "Ponte della Paglia"}]},
    {"name": "San Francisco", "Bridges": [{"name": "Golden Gate Bridge", "length": 8981},
                                          {"name": "Bay Bridge", "length": 23556}]},
]
GAMES = {"category": {"boardgames": {"cooperative": [
    {"name": "Pandemic"}, {"name": "Forbidden Island"}, {"name": "Castle Panic"}]}}}
ROW = {
    "cities": json.dumps(CITIES),
    "games": json.dumps(GAMES),
    "bridges": '{"name": "Clifton Suspension Bridge", "length": 1352, "city": "Bristol", '
               '"country": "England"}',
    "employee": '{"name":"maria","age":25,"status":"full-time"}',
    "splunk_path": '{"system.splunk.path":"/opt/splunk/"}',
    "age": "25", "plain": "Golden Gate Bridge", "mv": ("a", "1"),
}


def value(text: str, row=ROW):
    expr = parse_expression(text)
    check_calls(expr)
    return evaluate(expr, row)


def parsed(text: str):
    return json.loads(value(text))


def test_json_object_and_json_array():
    assert value('json_object("name", "maria")') == '{"name":"maria"}'           # example 1
    assert value('json_object("name", json_array("maria", "arun"))') \
        == '{"name":["maria","arun"]}'                                            # example 2
    nested = ('json_object("category", json_object("boardgames", json_object("cooperative", '
              'json_array("Pandemic", "Forbidden Island", "Castle Panic"))))')  # example 4
    assert parsed(nested) == {"category": {"boardgames": {"cooperative": [
        "Pandemic", "Forbidden Island", "Castle Panic"]}}}
    assert value('json_array("dubois", json_object("name", "patel"))') \
        == '["dubois",{"name":"patel"}]'                                          # json_array's
    assert value("json_object()") == "{}"                                         # json_set_exact's
    # choice: a number is a number, a field's numeric text too; a quoted "25" stays a string
    assert value('json_object("a", 1, "b", age, "c", "25", "d", null(), "e", true())') \
        == '{"a":1,"b":25,"c":"25","d":null,"e":true}'
    assert value('json_object("m", mv)') == '{"m":["a",1]}'  # a multivalue field: an array


def test_json_object_takes_pairs():
    with pytest.raises(BadArgumentError) as raised:
        check_calls(parse_expression('json_object("name")'))
    assert "pairs of key and value" in raised.value.message


def test_json():
    assert value('json(json_object("animal", "pony"))') == '{"animal":"pony"}'   # example 1
    assert value("json(bridges)") == ROW["bridges"]                              # example 2
    assert value("json(plain)") is None                      # "Golden Gate Bridge" is no JSON


def test_json_append():
    ponies = 'json_object("ponylist", json_array("Minty", "Rarity", "Buttercup"))'
    assert parsed(f'json_append({ponies}, "ponylist", "Fluttershy")') \
        == {"ponylist": ["Minty", "Rarity", "Buttercup", "Fluttershy"]}          # example 1
    details = 'json_object("Fluttershy", json_object("ponySkills", json_array("running", "jumping")))'
    assert parsed(f'json_append({details}, "Fluttershy.ponySkills", "codebreaking")') \
        == {"Fluttershy": {"ponySkills": ["running", "jumping", "codebreaking"]}}  # example 2
    # "appends the array as a single element"; a scalar is wrapped first; a path that names
    # nothing is ignored
    abc = 'json_object("l", json_array("a", "b", "c"), "s", 1)'
    assert parsed(f'json_append({abc}, "l", json_array("d", "e"), "s", 2, "zz", 3)') \
        == {"l": ["a", "b", "c", ["d", "e"]], "s": [1, 2]}
    assert value('json_append(plain, "a", 1)') is None  # not a JSON document: nothing


def test_json_extend():
    bands = 'json_object("fakeMovieBandList", json_array("The Blues Brothers", "Spinal Tap"))'
    assert parsed(f'json_extend({bands}, "fakeMovieBandList", json_array("The Weird Sisters"))') \
        == {"fakeMovieBandList": ["The Blues Brothers", "Spinal Tap", "The Weird Sisters"]}
    chars = 'json_object("characterClasses", json_array("wizard", "rogue"))'
    extra = 'json_array(json_object("artifact", "deck of many things"))'
    assert parsed(f'json_extend({chars}, "characterClasses", {extra})') \
        == {"characterClasses": ["wizard", "rogue", {"artifact": "deck of many things"}]}
    assert parsed(f'json_extend({chars}, "characterClasses", "not an array")') \
        == {"characterClasses": ["wizard", "rogue"]}  # "The <value> must be an array"


def test_json_array_to_mv():
    ponies = 'json_array("Buttercup", "Fluttershy", "Rarity")'
    assert value(f"json_array_to_mv({ponies})") == ("Buttercup", "Fluttershy", "Rarity")
    assert value(f"json_array_to_mv({ponies}, true())") \
        == ('"Buttercup"', '"Fluttershy"', '"Rarity"')  # true() keeps the quotes
    assert value('json_array_to_mv(json_array(1, true(), null()))') == ("1", "true", "null")
    assert value("json_array_to_mv(employee)") is None  # not an array: "outputs nothing"


def test_json_delete():
    record = ('"{\\"name\\":\\"Wei Zhang\\", \\"SSN\\":\\"123-45-6789\\", \\"city\\":\\"Seattle\\", '
              '\\"accounts\\":[\\"Hagal Quartz\\"]}"')
    assert value(f'json_delete({record}, "SSN", "accounts")') \
        == '{"name":"Wei Zhang","city":"Seattle"}'                               # example 1
    employee = 'json_object("name", "Celestino", "addresses", json_object("email", "c@x", "office", "890"))'
    assert parsed(f'json_delete({employee}, "addresses.email")') \
        == {"name": "Celestino", "addresses": {"office": "890"}}                 # example 2
    assert parsed(f'json_delete({employee}, json_array("addresses.email", "name"))') \
        == {"addresses": {"office": "890"}}                     # the keys given as an array


def test_json_entries():
    assert value('json_entries("{\\"a\\": 1, \\"b\\": 2}")') \
        == '[{"key":"a","value":1},{"key":"b","value":2}]'                       # basic example
    assert parsed("json_entries(employee)") == [
        {"key": "name", "value": "maria"}, {"key": "age", "value": 25},
        {"key": "status", "value": "full-time"}]                                 # extended


@pytest.mark.parametrize("text, expected", [
    ('json_extract(cities, "{0}")', json.dumps(CITIES[0], separators=(",", ":"))),  # example 2
    ('json_extract(cities, "{}.name")', '["London","Venice","San Francisco"]'),     # example 4
    ('json_extract(cities, "{}.Bridges{}.name")',
     '["Tower Bridge","Millennium Bridge","Rialto Bridge","Bridge of Sighs",'
     '"Ponte della Paglia","Golden Gate Bridge","Bay Bridge"]'),                  # example 6
    ('json_extract(cities, "{2}.Bridges{0}")',
     '{"name":"Golden Gate Bridge","length":8981}'),                              # example 7
    ('json_extract(cities, "{2}.Bridges{0}.length")', 8981),                     # example 8
    ('json_extract(cities, "{0}.name", "{1}.name", "{9}.name")',
     '["London","Venice",null]'),       # several paths: an array (choice: null for no match)
    ('json_extract(cities, "{9}.name")', None),
    ('json_extract("\\"text\\"")', "text"),         # no path: a JSON string to a string
    ("json_extract(plain)", None),                    # not JSON
])
def test_json_extract(text, expected):
    assert value(text) == expected


def test_json_extract_gives_native_types():
    assert type(value('json_extract(cities, "{0}.name")')) is Text  # a String
    assert value('json_extract("true")') is True                    # a Boolean
    assert value('json_extract("null")') is None


def test_json_extract_exact():
    assert value('json_extract_exact(splunk_path, "system.splunk.path")') == "/opt/splunk/"
    assert value('json_extract(splunk_path, "system.splunk.path")') is None  # the page's point
    assert value('json_extract_exact(employee, "name", "age")') == '["maria",25]'


def test_json_has_key_exact():
    assert value('json_has_key_exact(json_object("name", "charlie"), "name")') is True
    assert value('json_has_key_exact("{\\"charlie.garcia\\":10}", "charlie.garcia")') is True
    assert value('json_has_key_exact(employee, "region")') is False
    assert value('json_has_key_exact(cities, "name")') is False  # an array has no keys


def test_json_keys():
    assert value("json_keys(bridges)") == '["name","length","city","country"]'  # example 1
    assert value("json_keys(cities)") is None  # "cannot be used on JSON arrays"


def test_json_set():
    # example 2: the missing key "competitive" is created
    competitive = ('json_array(json_object("name", "Settlers of Catan"), '
                   'json_object("name", "Terraforming Mars"))')
    result = parsed(f'json_set(games, "category.boardgames.competitive", {competitive})')
    assert result["category"]["boardgames"]["competitive"] == [
        {"name": "Settlers of Catan"}, {"name": "Terraforming Mars"}]
    assert result["category"]["boardgames"]["cooperative"] == GAMES["category"]["boardgames"][
        "cooperative"]
    # example 3: {} sets the key in every element; {0} in the first
    every = parsed('json_set(games, "category.boardgames.cooperative{}.available", true())')
    assert [g["available"] for g in every["category"]["boardgames"]["cooperative"]] == [True] * 3
    first = parsed('json_set(games, "category.boardgames.cooperative{0}.available", false())')
    assert [g.get("available") for g in first["category"]["boardgames"]["cooperative"]] \
        == [False, None, None]
    # "all of the keys in the chain are created"; a mismatch "is skipped"
    assert value('json_set("{\\"a\\": \\"b\\"}", "x.y", 1)') == '{"a":"b","x":{"y":1}}'
    assert value('json_set("{\\"a\\": \\"b\\"}", "a.c", "d")') == '{"a":"b"}'
    assert value('json_set(json_object("n", 1), "n", "text")') == '{"n":"text"}'  # overwrites


def test_json_set_exact():
    assert value('json_set_exact(json_object(), "system.splunk.path", "/opt/splunk")') \
        == '{"system.splunk.path":"/opt/splunk"}'                                # the example
    assert value('json_set(json_object(), "system.splunk.path", "/opt/splunk")') \
        == '{"system":{"splunk":{"path":"/opt/splunk"}}}'                        # its contrast


def test_json_valid():
    assert value('json_valid(json_object("names", json_array("maria", "arun")))') is True
    assert value("json_valid(plain)") is False
    assert value("json_valid(missing)") is None


def test_mv_to_json_array():
    ponies = 'mvappend("\\"Buttercup\\"", "\\"Fluttershy\\"", "\\"Rarity\\"", "true", "null")'
    assert value(f"mv_to_json_array({ponies}, false())") \
        == '["\\"Buttercup\\"","\\"Fluttershy\\"","\\"Rarity\\"","true","null"]'  # the example
    assert value(f"mv_to_json_array({ponies}, true())") \
        == '["Buttercup","Fluttershy","Rarity",true,null]'
    assert value('mv_to_json_array(mvappend("5", "x"), true())') == '[5,null]'  # x is no JSON


@pytest.mark.parametrize("text, message", [
    ('json_set(games, "a", 1, "b")', "pairs of path and value"),
    ('json_set_exact(games, "a", 1, "b")', "pairs of key and value"),
    ("json_keys(a, b)", "json_keys() takes 1 argument(s), got 2"),
    ("json_has_key_exact(a)", "takes 2 argument(s), got 1"),
    ("json_array_to_mv(a, b, c)", "takes 1 to 2 argument(s), got 3"),
    ("json_append(a, b)", "takes 3 or more argument(s), got 2"),
])
def test_arity_is_checked_at_bind_time(text, message):
    with pytest.raises(BadArgumentError) as raised:
        check_calls(parse_expression(text))
    assert message in raised.value.message
