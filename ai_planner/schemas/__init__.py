"""Entity schema families for forms and API bodies: ``XCreate``, ``XUpdate``, ``XPublic``.

Table models are never sent out as they are. ``Public`` schemas carry no secret (a provider
config shows ``api_key_mask`` and ``has_api_key`` only). Turn raw form/API input into a schema
with ``schemas.base.parse`` to get a readable ``ValidationFailed(field, message)``.
"""
