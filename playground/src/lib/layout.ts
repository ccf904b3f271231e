import { evaluatedAt, generation } from "./generation.js";

/** A page of the playground: loads Vite's client (overlay, reloads) and the client script. */
export function layout(title: string, body: string): string {
  const served =
    generation === undefined
      ? "Not running under Kindling: there are no generations."
      : `Served by generation <strong id="generation">${generation}</strong>; its modules were evaluated at ` +
        `<time>${evaluatedAt.toISOString()}</time>.`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title} · Kindling playground</title>
    <script type="module" src="/@vite/client"></script>
    <script type="module" src="/src/client.ts"></script>
  </head>
  <body>
    <nav><a href="/">Kindling playground</a></nav>
    <h1>${title}</h1>
    ${body}
    <footer><p>${served}</p></footer>
  </body>
</html>`;
}

export function html(body: string, status = 200): Response {
  return new Response(body, { status, headers: { "content-type": "text/html; charset=utf-8" } });
}
