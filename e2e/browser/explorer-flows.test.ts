/**
 * The explorer's Queues and Workflows views and its auxiliary workers, in Chromium, on a dev
 * server whose main worker produces to and consumes a queue with a dead-letter queue, defines a
 * workflow, and calls an auxiliary worker with its own KV namespace.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "../helpers/dev-server.js";
import { launchBrowser, withPage } from "../helpers/browser.js";

let browser: Browser;
let server: DevServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startDevServer("explorer-flows")]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

async function open(page: Page, route: string): Promise<void> {
  await page.goto(`${server.url}/cdn-cgi/local/explorer${route}`);
  await page.getByRole("navigation", { name: "Explorer" }).getByRole("link", { name: "Queues" }).waitFor();
}

/** The rows of a table of the page, each as its cells' text. */
function rows(page: Page, table: string): Promise<string[][]> {
  return page
    .getByRole("table", { name: table })
    .locator("tbody tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")));
}

async function workerStatus(id: string): Promise<string> {
  return ((await (await server.fetch(`/workflow/status?id=${id}`)).json()) as { status: string }).status;
}

test("a message the worker sent shows in the Queues view, then its retry, its move to the dead-letter queue, and the acknowledged one", async ({
  task,
}) => {
  expect(await (await server.fetch("/send?kind=later&note=delayed&delay=3600")).text()).toBe("sent");
  await withPage(browser, task.name, async (page) => {
    await open(page, "#/queues");
    const queues = page.getByRole("table", { name: "Queues" });
    await queues.getByText("tasks-dlq").waitFor();
    expect((await rows(page, "Queues")).find((row) => row[0] === "tasks")?.slice(1, 3)).toEqual([
      "flows-app (TASKS)",
      "flows-app",
    ]);
    await queues.getByRole("cell", { name: "tasks", exact: true }).click();

    // Waiting: its body by content type, no attempt yet, delayed.
    const messages = page.getByRole("table", { name: "Messages" });
    await messages.getByText('"note": "delayed"').click();
    const [delayed] = await rows(page, "Messages");
    expect(delayed!.slice(1, 3)).toEqual([expect.stringMatching(/^delayed until /), "0"]);
    expect(delayed![4]).toBe("json");
    expect(await page.getByLabel("Message body").locator("pre").textContent()).toBe(
      '{\n  "kind": "later",\n  "note": "delayed"\n}',
    );
    expect(await page.getByRole("definition").allTextContents()).toContain(
      "1 retry, 0 s apart · then dead-letter queue tasks-dlq",
    );

    // The consumer retries "fail" (max_retries 1: two attempts, then the dead-letter queue) and acknowledges "ok".
    expect(await (await server.fetch("/send?kind=fail&note=doomed")).text()).toBe("sent");
    expect(await (await server.fetch("/send?kind=ok&note=fine")).text()).toBe("sent");
    const outcomes = async () => (await rows(page, "Deliveries")).map((row) => row[4]);
    await until(async () => (await outcomes()).length === 3, 20_000);
    // Newest first; the acknowledgement of "ok" may settle before, between or after those of "fail".
    const fail = (await outcomes()).filter((outcome) => outcome !== "acknowledged");
    expect(fail).toEqual(["moved to dead-letter queue tasks-dlq after 2 attempts", "retried (attempt 1 failed; again in 0 s)"]);
    expect(await outcomes()).toContain("acknowledged");
    expect(await until(async () => await server.fetch("/last").then((r) => r.text()))).toBe("fine");
    // Only the delayed message still waits here; the dead-lettered one waits in tasks-dlq.
    expect((await rows(page, "Messages")).map((row) => row[5])).toEqual([expect.stringContaining('"delayed"')]);
    await page.getByRole("link", { name: "dead-letter queue tasks-dlq" }).click();
    await page.getByRole("table", { name: "Messages" }).getByText('"note": "doomed"').waitFor();
    expect(await page.getByLabel("Queue").textContent()).toContain("Dead-letter queue oftasks");
  });
});

test("a message sent from the Queues page reaches the worker's consumer", async ({ task }) => {
  await withPage(browser, task.name, async (page) => {
    await open(page, "#/queues/tasks");
    const form = page.getByRole("form", { name: "Send a message" });
    await form.getByLabel("Message body").fill('{ "kind": "ok", "note": "from the page" }');
    await form.getByRole("button", { name: "Send" }).click();
    await form.getByRole("status").waitFor();
    expect(await until(async () => (await server.fetch("/last").then((r) => r.text())) === "from the page", 20_000)).toBe(true);

    await form.getByLabel("Message body").fill("not json");
    await form.getByRole("button", { name: "Send" }).click();
    expect(await form.getByRole("alert").textContent()).toMatch(
      /^\[kindling\] The message body is not JSON \(.*\)\. Choose "text" to send it as it is\.$/,
    );
  });
});

test("a workflow instance the worker created shows with its steps, and pause, resume and terminate from the page are what the worker sees", async ({
  task,
}) => {
  expect(await (await server.fetch("/workflow/create?id=order-1&order=42")).text()).toBe("order-1");
  await withPage(browser, task.name, async (page) => {
    await open(page, "#/workflows");
    await page.getByRole("table", { name: "Workflows" }).getByRole("cell", { name: "approvals", exact: true }).click();
    await page.getByRole("table", { name: "Instances" }).getByRole("cell", { name: "order-1" }).click();
    const steps = page.getByRole("table", { name: "Steps" });
    await steps.getByText('event "approve"', { exact: false }).waitFor({ timeout: 20_000 });
    expect(await rows(page, "Steps")).toEqual([
      ["prepare", "do", "done", "1", "", "{ order: '42', prepared: true }"],
      ["approval", "waitForEvent", "waiting", "", expect.stringMatching(/^event "approve", times out /), ""],
    ]);
    expect(await page.locator("pre.code").first().textContent()).toBe("{ order: '42' }");
    const status = page.getByRole("definition").locator("[data-status]");

    await page.getByRole("button", { name: "Pause" }).click();
    await status.and(page.locator('[data-status="paused"]')).waitFor();
    expect(await workerStatus("order-1")).toBe("paused");

    await page.getByRole("button", { name: "Resume" }).click();
    await status.and(page.locator('[data-status="waiting"]')).waitFor({ timeout: 20_000 });
    expect(await workerStatus("order-1")).toBe("waiting");

    await page.getByRole("button", { name: "Terminate" }).click();
    await status.and(page.locator('[data-status="terminated"]')).waitFor();
    expect(await workerStatus("order-1")).toBe("terminated");

    // The Workflows API's own error, as the binding throws it.
    await page.getByRole("button", { name: "Terminate" }).click();
    expect(await page.getByRole("alert").textContent()).toBe(
      "WorkflowError: (instance.cannot_terminate) Cannot terminate instance since its on a finite state",
    );
  });
});

test("an instance created from the page with params completes once an event sent from the page arrives", async ({ task }) => {
  await withPage(browser, task.name, async (page) => {
    await open(page, "#/workflows/approvals");
    const create = page.getByRole("form", { name: "Create an instance" });
    await create.getByLabel("Instance id (optional)").fill("order-2");
    await create.getByLabel("Params (JSON)").fill('{ "order": "7" }');
    await create.getByRole("button", { name: "Create instance" }).click();
    await page.getByRole("table", { name: "Steps" }).getByText("waitForEvent").waitFor({ timeout: 20_000 });
    expect(await workerStatus("order-2")).toBe("waiting");

    const send = page.getByRole("form", { name: "Send an event" });
    await send.getByLabel("Event type").fill("approve");
    await send.getByLabel("Payload (JSON, optional)").fill('{ "by": "ada" }');
    await send.getByRole("button", { name: "Send event" }).click();
    await page.locator('[data-status="complete"]').waitFor({ timeout: 20_000 });
    expect((await rows(page, "Steps")).map((row) => [row[0], row[2]])).toEqual([
      ["prepare", "done"],
      ["approval", "done"],
      ["finish", "done"],
    ]);
    const status = (await (await server.fetch("/workflow/status?id=order-2")).json()) as { status: string; output: unknown };
    expect(status).toEqual({ status: "complete", output: { order: "7", prepared: true, approvedBy: "ada" } });
  });
});

test("an auxiliary worker's requests and KV show under its name", async ({ task }) => {
  expect(await (await server.fetch("/aux?key=from-main&value=hi")).text()).toBe("aux stored from-main");
  await withPage(browser, task.name, async (page) => {
    await open(page, "#/requests");
    // The service binding's call is a span of the main worker's request, and a request of the auxiliary worker.
    const served = page.locator('tr[data-worker="aux-store"]', { hasText: "/put?key=from-main" });
    await served.waitFor();
    await page.locator('tr[data-worker="flows-app"][data-request="GET /aux?key=from-main&value=hi"]').click();
    await page
      .getByRole("list", { name: "Calls" })
      .locator('li[data-span="rpc fetch GET http://aux/put?key=from-main&value=hi"]')
      .waitFor();
    await page.goBack();
    await served.click();
    expect(await page.locator(".request-head").textContent()).toContain("worker aux-store");
    await page.getByRole("list", { name: "Calls" }).locator('li[data-span="kv put"]').waitFor();

    await page.getByRole("combobox", { name: "Worker" }).selectOption("aux-store");
    const nav = page.getByRole("navigation", { name: "Explorer" });
    await nav.getByRole("link", { name: "AUX_KV" }).click();
    await page.getByRole("list", { name: "Keys" }).getByRole("link", { name: "from-main" }).click();
    await page.getByText("hi", { exact: true }).waitFor();
    // The main worker's bindings are not the auxiliary worker's.
    expect(await nav.getByRole("link", { name: "KV", exact: true }).count()).toBe(0);
    await page.getByRole("link", { name: "Generations" }).click();
    await page.getByRole("list", { name: "Generations" }).locator("li").first().waitFor();
  });
});
