"""`python -I -m tfguard.shim NAME DIR -- ARGS`: the entry installed shim scripts run."""

import sys

from tfguard.shim import main

sys.exit(main(sys.argv[1:]))
