"""The layer every front end stands on (the CLI, the review page, the HTTP API): reading
what a reviewer sees (:mod:`.review`, :mod:`.suggestions`), each value in one JSON shape,
above the decisions of :mod:`albumfaces.people`, which the front ends call with ids they
resolved once with :func:`albumfaces.people.refs.resolve_person` or ``find_people``."""
