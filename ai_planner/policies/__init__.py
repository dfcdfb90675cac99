"""Who may do what: the access table of SPEC.md "Authorization", as plain Python.

One module per resource, each with the same shape (see ``policies/base.py``)::

    can_list(actor) -> bool
    can_show(actor, obj) -> bool
    can_create(actor) -> bool
    can_update(actor, obj) -> bool
    can_delete(actor, obj) -> bool
    scope(actor, query: Select) -> Select   # tenant filter + role scope

``actor`` is ``Actor | None``: anonymous gets False everywhere and an empty scope. An object of
another tenant is never allowed. States, the JSON API and repositories call the same functions.
Import the modules themselves (``from ai_planner.policies import ai_template``); this package
re-exports nothing.
"""
