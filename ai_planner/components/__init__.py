"""Reusable UI: the app shell (``shell.app_shell``) and small shared pieces (``ui``)."""
