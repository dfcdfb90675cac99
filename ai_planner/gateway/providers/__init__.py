"""Providers behind one interface (``base.Provider``): anthropic, openai, openai_compatible,
demo."""
