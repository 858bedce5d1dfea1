"""``python -m addin``: the jixiao command."""

from addin.cli import main

main()
