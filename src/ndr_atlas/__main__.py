import sys

from ndr_atlas.cli import main

sys.exit(main())
