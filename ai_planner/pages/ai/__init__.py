"""The AI pages every role reaches from the sidebar: approvals (admins and leads)."""
