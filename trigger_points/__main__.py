"""`python -m trigger_points` runs the command."""

import sys

from trigger_points.cli import main

sys.exit(main())
