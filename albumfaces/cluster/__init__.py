"""Pure clustering and matching: arrays in, labels out. No I/O, no database.

Modules: ``graph`` (neighbour graph), ``algorithms`` (Chinese whispers, DBSCAN), ``assign``
(the user's decisions, propagation, the plan), ``evaluate`` (BCubed), ``defaults``.
"""
