/** A tiny router: routes are matched in order with URLPattern (a Workers global). */
import type { Env } from "./env.js";

export interface RouteContext {
  request: Request;
  env: Env;
  ctx: ExecutionContext;
  url: URL;
  /** Named groups of the matched pathname (`/kv/:key` -> `{ key }`). */
  params: Record<string, string | undefined>;
  /** All routes, so that pages can link to them. */
  routes: readonly Route[];
}

export interface Route {
  /** A URLPattern pathname: `/errors/throw`, `/kv/:key`. */
  path: string;
  /** Default: any method. */
  method?: string;
  /** Shown as a link on the home page when set (GET routes). */
  title?: string;
  handler(context: RouteContext): Response | Promise<Response>;
}

export async function route(routes: readonly Route[], request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const url = new URL(request.url);
  for (const candidate of routes) {
    if (candidate.method && candidate.method !== request.method) continue;
    const match = new URLPattern({ pathname: candidate.path }).exec({ pathname: url.pathname });
    if (match) return candidate.handler({ request, env, ctx, url, params: match.pathname.groups, routes });
  }
  return new Response("Not found", { status: 404 });
}
