"""`python -m spl.cli`: the `spl` command, for a checkout that is not installed."""

import sys

from spl.cli import main

sys.exit(main())
