"""The grammar of timechart, chart, xyseries, untable, addtotals and fieldsummary.

Splunk references (each command's Search Reference page, 9.4 unless said):
timechart https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/timechart,
chart https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/chart,
xyseries https://help.splunk.com/splunk-enterprise/spl-search-reference/9.3/search-commands/xyseries,
untable https://help.splunk.com/splunk-cloud-platform/spl-search-reference/10.0.2503/search-commands/untable,
addtotals https://help.splunk.com/splunk-enterprise/spl-search-reference/9.4/search-commands/addtotals,
fieldsummary https://help.splunk.com/splunk-enterprise/spl-search-reference/9.1/search-commands/fieldsummary.
"""

from spl import ast
from spl.parser import parse


def command(text):
    (parsed,) = parse(text).commands
    return parsed


def test_timechart_options_may_follow_the_split_by_field_and_the_where_clause():
    """The split-by clause is `<field> (<tc-options>)... [<where-clause>]`."""
    parsed = command("| timechart span=1h count by host limit=5 where max in top3 useother=f")
    assert parsed == ast.Timechart(
        (ast.Option("span", "1h"), ast.Option("useother", "f"), ast.Option("limit", "5")),
        (ast.Aggregation("count"),), ("host",), ast.SeriesWhere("max", "in", "top3"))


def test_timechart_options_may_come_between_aggregations():
    parsed = command("| timechart count span=5m avg(x) AS a")
    assert parsed.options == (ast.Option("span", "5m"),)
    assert parsed.aggregations == (ast.Aggregation("count"), ast.Aggregation("avg", "x", "a"))


def test_where_threshold():
    assert command("| timechart sum(x) by h where sum > 10").where == \
        ast.SeriesWhere("sum", ">", "10")


def test_chart_splits_keep_which_options_follow_the_column_split():
    """`OVER <row-split> [<bin-options>] BY <column-split> [<tc-options>]`, and
    `BY <row-split> [<bin-options>] <column-split> [<tc-options>]`."""
    over = command("| chart count over bytes span=10 by host usenull=f")
    assert (over.over, over.by) == ("bytes", ("host",))
    assert over.options == (ast.Option("span", "10"),)
    assert over.column_options == (ast.Option("usenull", "f"),)
    two = command("| chart count by bytes span=10, host limit=3")
    assert (two.over, two.by, two.options, two.column_options) == (
        None, ("bytes", "host"), (ast.Option("span", "10"),), (ast.Option("limit", "3"),))
    one = command("| chart count by bytes span=10")
    assert (one.by, one.options, one.column_options) == (("bytes",), (ast.Option("span", "10"),),
                                                         ())


def test_pivots_addtotals_and_fieldsummary():
    assert command("| untable _time, host, count") == ast.Untable("_time", "host", "count")
    assert command("| xyseries grouped=t x y a, b sep=.") == ast.Xyseries(
        (ast.Option("grouped", "t"), ast.Option("sep", ".")), ("x", "y", "a", "b"))
    # as security_content's "Windows Exchange Autodiscover SSRF Abuse" writes it
    assert command("| addtotals fieldname=Score is_autodiscover, powershell, mapi") == \
        ast.Addtotals((ast.Option("fieldname", "Score"),),
                      ("is_autodiscover", "powershell", "mapi"))
    assert command("| fieldsummary maxvals=5 a* b") == ast.Fieldsummary(
        (ast.Option("maxvals", "5"),), ("a*", "b"))
