"""Contributor tools: scaffolds for new essays and simulations, and the editorial checks.

``python -m tools.scaffold --help`` and ``python -m tools.editorial --help``; the Makefile
wraps both (``make essay``, ``make simulation``, ``make test``).
"""
