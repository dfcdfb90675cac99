"""The AI Settings pages: providers, task policies, templates."""
