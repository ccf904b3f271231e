/** Runs in the browser, served by Vite like in any Vite app; edits apply in place (HMR). */
import "./style.css";

const loadedAt = new Date().toLocaleTimeString();

const status = document.querySelector("#client-status");
if (status) status.textContent = `The client script ran at ${loadedAt}. Edit src/client.ts: this line updates without a reload.`;

const button = document.querySelector<HTMLButtonElement>("#ask-worker");
const answer = document.querySelector("#worker-answer");
// Removed when an edit replaces this module, so handlers do not pile up.
const listeners = new AbortController();
button?.addEventListener(
  "click",
  async () => {
    const response = await fetch("/api/info");
    if (answer) answer.textContent = JSON.stringify(await response.json(), null, 2);
  },
  { signal: listeners.signal },
);

if (import.meta.hot) {
  import.meta.hot.dispose(() => listeners.abort());
  import.meta.hot.accept();
}
