"""Subcommands of plandocket-import, one module each."""
