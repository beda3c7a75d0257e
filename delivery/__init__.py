"""Delivery: statements sent where their readers are (Telegram, webhooks)."""
