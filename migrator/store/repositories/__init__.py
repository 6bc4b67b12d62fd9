"""One repository per aggregate: the only place the services' reads and writes become SQL.

Each takes the services' unit-of-work factory; reads open a session (or join the open unit),
writes join the unit of work the calling service opened. They return domain values or ids.
"""
