"""`python -m simulator` runs the same command line as `interview-sim`."""

from simulator.cli import main

raise SystemExit(main())
