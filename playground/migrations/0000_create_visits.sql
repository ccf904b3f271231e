-- Migration number: 0000 	 2026-11-01T00:00:00.000Z
CREATE TABLE visits (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  path TEXT NOT NULL,
  user_agent TEXT,
  visited_at TEXT NOT NULL DEFAULT (datetime('now'))
);
