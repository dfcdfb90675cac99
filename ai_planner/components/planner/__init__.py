"""UI pieces of the planner pages: form fields, unit cards, lesson rows, the assist slot."""
