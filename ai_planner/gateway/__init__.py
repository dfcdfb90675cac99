"""The AI gateway: one HTTP API (/v1/generate, /v1/generate_stream, /v1/providers,
/v1/health) in front of Anthropic, OpenAI, OpenAI-compatible servers and the built-in demo.

- ``app.create_gateway_app()`` builds the FastAPI app; ``app.get_gateway_app()`` is the
  process's shared one (mounted under /gateway by ``mount.gateway_api_transformer`` and used
  by the in-process client); ``server.serve(host, port)`` runs it alone.
- ``service`` is the request pipeline: safety filters, system prompt, credentials, retries.
- ``providers/`` speak each provider's wire format (``http``: the shared request/stream loop,
  ``connections``: the environment and tenant clients, every tenant connection checked by
  ``ai_planner.outbound``); ``resilience`` retries; ``safety`` redacts (the grammar is in
  ``pii``) and flags; ``prompts`` holds the five task-specific system prompts.

Nothing here touches the database: callers hand over the tenant's credentials per request.
"""
