/** `/api/d1`: records a visit in D1 and shows the latest ones (apply the migrations first). */
export async function d1Route(request: Request, db: D1Database): Promise<Response> {
  try {
    const [, recent, total] = await db.batch([
      db.prepare("INSERT INTO visits (path, user_agent) VALUES (?, ?)").bind("/api/d1", request.headers.get("user-agent")),
      db.prepare("SELECT id, path, visited_at FROM visits ORDER BY id DESC LIMIT 5"),
      db.prepare("SELECT count(*) AS n FROM visits"),
    ]);
    return Response.json({ total: total!.results[0], recent: recent!.results, meta: recent!.meta });
  } catch (error) {
    const message = (error as Error).message;
    const hint = message.includes("no such table")
      ? "Run `pnpm exec kindling d1 migrations apply DB` in playground/."
      : undefined;
    return Response.json({ error: message, hint }, { status: 500 });
  }
}
