"""Run Parity as `python -m parity`."""

import sys

from parity.cli.main import main

sys.exit(main())
