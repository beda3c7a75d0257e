"""Journalists under embargo: press contacts and lists, and statements sent
to them before they are public, with the time they may be published."""
