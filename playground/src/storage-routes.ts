/**
 * Storage demo routes (state in .kindling/state, survives edits and restarts):
 *   /api/kv?key=k           GET value; PUT body stores it (?ttl=seconds); DELETE removes; /api/kv/list
 *   /api/r2?key=k           GET object; PUT body stores it; DELETE removes; /api/r2/list?prefix=&delimiter=
 *   /api/cache?key=k        GET from caches.default (cf-cache-status: HIT); PUT body caches it for 60 s
 */
export interface StorageEnv {
  KV: KVNamespace;
  BUCKET: R2Bucket;
}

export async function handleStorage(request: Request, env: StorageEnv): Promise<Response | undefined> {
  const url = new URL(request.url);
  const key = url.searchParams.get("key") ?? "";
  const method = request.method;
  switch (url.pathname) {
    case "/api/kv": {
      if (method === "PUT") {
        const ttl = url.searchParams.get("ttl");
        await env.KV.put(key, await request.text(), ttl ? { expirationTtl: Number(ttl) } : {});
        return new Response(`stored ${key}\n`);
      }
      if (method === "DELETE") return (await env.KV.delete(key), new Response(`deleted ${key}\n`));
      const value = await env.KV.getWithMetadata(key);
      return value.value === null ? new Response("not found\n", { status: 404 }) : new Response(value.value);
    }
    case "/api/kv/list":
      return Response.json(await env.KV.list({ prefix: url.searchParams.get("prefix") ?? undefined }));
    case "/api/r2": {
      if (method === "PUT") {
        const object = await env.BUCKET.put(key, request.body, { httpMetadata: request.headers });
        return Response.json(object);
      }
      if (method === "DELETE") return (await env.BUCKET.delete(key), new Response(`deleted ${key}\n`));
      const object = await env.BUCKET.get(key, { range: request.headers, onlyIf: request.headers });
      if (object === null) return new Response("not found\n", { status: 404 });
      const headers = new Headers({ etag: object.httpEtag });
      object.writeHttpMetadata(headers);
      if (!("body" in object)) return new Response(null, { status: 304, headers });
      return new Response(object.body, { status: request.headers.has("range") ? 206 : 200, headers });
    }
    case "/api/r2/list": {
      const listed = await env.BUCKET.list({
        prefix: url.searchParams.get("prefix") ?? undefined,
        delimiter: url.searchParams.get("delimiter") ?? undefined,
      });
      return Response.json({
        keys: listed.objects.map((o) => o.key),
        prefixes: listed.delimitedPrefixes,
        truncated: listed.truncated,
      });
    }
    case "/api/cache": {
      const cacheKey = `https://playground.local/cache/${encodeURIComponent(key)}`;
      if (method === "PUT") {
        await caches.default.put(cacheKey, new Response(await request.text(), { headers: { "cache-control": "max-age=60" } }));
        return new Response(`cached ${key} for 60 s\n`);
      }
      return (await caches.default.match(cacheKey)) ?? new Response("cache miss\n", { status: 404 });
    }
  }
  return undefined;
}
