"""Planner pages: the units list, the unit planner and the lesson editor (every role may
plan; each page's ``on_load`` reads its ids from the URL)."""
