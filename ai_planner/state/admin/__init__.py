"""States of the AI Settings pages: providers, task policies, templates."""
