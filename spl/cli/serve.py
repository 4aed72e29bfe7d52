"""`spl serve`: the search page, a local web application over the logs named here.

It listens on 127.0.0.1 unless --host says otherwise, so that no other machine can reach it by
default, and reads only the data, macros, lookups, detection folders and attack data named on
its command line (log files, or an event store that `spl ingest` made). The events are read
once, at start.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import uvicorn

from engine.catalog import Catalog
from engine.progress import Progress
from spl.cli.run import (add_geoip_option, add_lookups_option, add_macros_option,
                         add_now_option, add_store_options, clock, data_files, geoip_file,
                         macro_folders, store_source, zone, TZ_HELP)
from spl.errors import UsageError
from spl.serve.app import LOCAL_HOSTS, create_app
from spl.serve.workspace import Workspace


def add_parser(commands: argparse._SubParsersAction, summary: str) -> None:
    parser = commands.add_parser("serve", help=summary,
                                 description="Start the search page, a local web application: "
                                             "a search bar, events with a field sidebar and "
                                             "timeline, tables, charts, the per-command "
                                             "explain view and detections with their tests. "
                                             "It reads only what is named here, and listens "
                                             "on 127.0.0.1 unless --host says otherwise.")
    parser.add_argument("--data", action="append", type=Path, default=[], metavar="PATH",
                        help="a log file, a folder of them, or a glob pattern (repeatable); "
                             "read once, at start")
    add_macros_option(parser)
    add_lookups_option(parser)
    parser.add_argument("--detections", action="append", type=Path, default=[], metavar="DIR",
                        help="a folder of detections (security_content YAML) the page may "
                             "open (repeatable); it opens nothing outside these")
    parser.add_argument("--data-root", type=Path, metavar="DIR",
                        help="where the detections' attack_data files are, as for spl test "
                             "--data-root; without it the page cannot run detections' tests")
    parser.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on (default 127.0.0.1: this machine only; "
                             "0.0.0.0 lets any machine that reaches this one read your logs)")
    parser.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    parser.add_argument("--tz", default="UTC", metavar="ZONE", help=TZ_HELP)
    add_now_option(parser)
    add_geoip_option(parser)
    add_store_options(parser)
    parser.set_defaults(handler=_serve)


def workspace_of(args: argparse.Namespace) -> Workspace:
    """What the page may read, checked as the other subcommands check it."""
    zone(args.tz)
    clock(args)  # a bad --now is a usage error now, not at the first search
    for folder in args.detections:
        if not folder.is_dir():
            raise UsageError(f"--detections {folder}: not a folder")
    if args.data_root is not None and not args.data_root.is_dir():
        raise UsageError(f"--data-root {args.data_root}: not a folder")
    data = data_files(args.data)
    catalog = Catalog.load(macro_folders(args.macros), args.lookups, store_source(args, data))
    return Workspace(data, catalog, lambda: clock(args),
                     detection_dirs=list(args.detections), data_root=args.data_root,
                     geoip=geoip_file(args.geoip))


def _serve(args: argparse.Namespace) -> int:
    workspace = workspace_of(args)
    with Progress(workspace.loaded, workspace.data, sys.stderr):
        workspace.load()
    source = f"the store {args.store}" if args.store else f"{len(workspace.data)} file(s)"
    print(f"read {workspace.events} events from {source}", file=sys.stderr)
    workspace.loaded.report(sys.stderr)
    host = f"[{args.host}]" if ":" in args.host else args.host
    if args.host not in LOCAL_HOSTS:
        print(f"warning: listening on {args.host}: other machines that reach this one can read "
              "the logs named here", file=sys.stderr)
    print(f"the search page is at http://{host}:{args.port}/ (Ctrl-C stops it)", flush=True)
    app = create_app(workspace, (*LOCAL_HOSTS, args.host) if args.host != "0.0.0.0" else ("*",))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
