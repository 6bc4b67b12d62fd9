"""Open the Migrator window: ``python main.py [FILE | postgresql://host/database]``."""

import sys

from migrator.app import main

sys.exit(main())
