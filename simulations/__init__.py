"""The questions the site asks, one figure module each; the machinery lives in ``engine``.

Each module here whose name does not start with ``_`` answers one question and follows
the contract in :mod:`simulations.engine.contract`; :mod:`simulations._style` is the
house style they draw with. The runner, its cache, the dependency finder and the output
writers are :mod:`simulations.engine`. Run ``python -m simulations --help``.
"""
