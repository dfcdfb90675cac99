"""Tenant-scoped data access: the only place that builds queries.

Every function takes the acting user keyword-only (``fn(session, *, actor, ...)``). Reads go
through the resource's policy ``scope`` (which carries the tenant filter), writes check the
policy predicate and raise ``NotAllowed``; an id from another tenant raises ``NotFound``
exactly like a missing id. No function takes a tenant id from request input.
Import the modules themselves (``from ai_planner.repositories import ai_templates``); this
package re-exports nothing.
"""
