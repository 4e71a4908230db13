"""`python -m doxwacht.cli`: the same as the `doxwacht` command."""

from doxwacht.cli.app import main

main()
