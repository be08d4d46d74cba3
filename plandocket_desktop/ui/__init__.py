"""The desktop wizard (PySide6). Thin: it shows and asks; the core does the work."""
