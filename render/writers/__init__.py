"""Write layer: one writer per format, each from the same checked AST (see render/__init__.py)."""
