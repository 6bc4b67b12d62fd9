"""Open the Migrator window: ``python main.py [FILE]``."""

import sys

from migrator.app import main

sys.exit(main())
