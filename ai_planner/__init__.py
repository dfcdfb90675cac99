"""ai_planner: unit and lesson planning with a governed AI assistant."""
