"""``python -m migrator ...`` runs the command line."""

import sys

from migrator.cli import main

sys.exit(main())
