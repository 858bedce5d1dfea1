"""The ``jixiao`` subcommands, one module per family (registered in :mod:`addin.cli`)."""
