"""The search page: `spl serve`, a local web application over the logs the user named.

A front end of the product like the command line (spl.cli), so it may import the engine: the
language package `spl` apart from its two front ends does not (tests/plan/test_layers.py).

- workspace.py: what the user named at start (data, macros, lookups, detection folders), the
  events read once, and the one Runtime per search over them;
- jobs.py: each search runs in a worker thread with a cancel flag its sources check;
- results.py: a finished search as the page shows it (events, table, fields, timeline, chart);
- vocabulary.py: the names the page's highlighter colours, from the project's own registries;
- app.py: the Starlette application, its JSON API and the static page in static/.
"""
