/**
 * The 500 page of a failed navigation: the error as text, plus Vite's client, which opens the
 * overlay at once and reloads the page when a later edit fixes the worker.
 */
import path from "node:path";
import { formatErrorText, type OverlayError } from "./to-error-payload.js";

export function renderErrorPage(payload: OverlayError, base: string): string {
  const client = JSON.stringify(path.posix.join(base, "/@vite/client"));
  const data = JSON.stringify(payload).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Error: ${escapeHtml(payload.message.split("\n", 1)[0]!)}</title>
    <script type="module">
      const { ErrorOverlay } = await import(${client});
      document.body.appendChild(new ErrorOverlay(${data}));
    </script>
  </head>
  <body>
    <pre style="white-space: pre-wrap; font: 13px/1.5 ui-monospace, monospace; padding: 1em">${escapeHtml(formatErrorText(payload))}</pre>
  </body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
