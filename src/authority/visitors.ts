/** Client IPs tracked per module for the per-visitor limit; the least recently seen is forgotten first. */
export const MAX_TRACKED_VISITORS = 1000;

export const VISITORS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS visitors (ip TEXT PRIMARY KEY, last_seen INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS visitors_last_seen ON visitors (last_seen);
`;

/**
 * The module's tracked visitors, least recently seen first: read from SQLite once per object
 * start, then kept in memory in step with it (one upsert per request; no count or lookup
 * query). Beyond the bound the least recently seen visitor is forgotten, with its window.
 */
export class Visitors {
  private seen: Map<string, number> | null = null;

  constructor(
    private readonly sql: SqlStorage,
    private readonly forget: (ip: string) => void,
    private readonly max = MAX_TRACKED_VISITORS,
  ) {}

  /** Records the visitor as seen now, forgetting the least recently seen one beyond the bound. */
  touch(ip: string, now: number): void {
    const seen = this.load();
    const known = seen.delete(ip);
    seen.set(ip, now);
    this.sql.exec(
      "INSERT INTO visitors (ip, last_seen) VALUES (?, ?) ON CONFLICT (ip) DO UPDATE SET last_seen = excluded.last_seen",
      ip,
      now,
    );
    if (known) return;
    for (const oldest of seen.keys()) {
      if (seen.size <= this.max) break;
      seen.delete(oldest);
      this.sql.exec("DELETE FROM visitors WHERE ip = ?", oldest);
      this.forget(oldest);
    }
  }

  /** Forgets every visitor (a deleted module). */
  clear(): void {
    this.seen = new Map();
    this.sql.exec("DELETE FROM visitors");
  }

  private load(): Map<string, number> {
    if (this.seen === null) {
      const rows = this.sql
        .exec<{ ip: string; last_seen: number }>("SELECT ip, last_seen FROM visitors ORDER BY last_seen, rowid")
        .toArray();
      this.seen = new Map(rows.map((r) => [r.ip, r.last_seen]));
    }
    return this.seen;
  }
}
