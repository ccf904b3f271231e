/**
 * workerd's `HTMLRewriter`: `on(selector, handlers)`, `onDocument(handlers)` and `transform(response)`,
 * which answers a Response whose body is rewritten as it is read (streamed, chunk by chunk, through
 * lol-html), with the status and headers of the original. Handlers may be async.
 */
import { lolHtml, type LolHtml } from "./lol-html.js";
import { tokenOf, type Comment, type Doctype, type DocumentEnd, type Element, type Text } from "./tokens.js";

type Returns = void | Promise<void>;
export interface ElementHandlers {
  element?(element: Element): Returns;
  comments?(comment: Comment): Returns;
  text?(text: Text): Returns;
}
export interface DocumentHandlers {
  doctype?(doctype: Doctype): Returns;
  comments?(comment: Comment): Returns;
  text?(text: Text): Returns;
  end?(end: DocumentEnd): Returns;
}

type Handler = (token: never) => void | Promise<void>;
type Handlers = Partial<Record<keyof typeof tokenOf, Handler>>;
type Wrapped = Record<string, (token: never) => unknown>;
type Registration = { selector?: string; handlers: Wrapped };

const notHandlers = (method: string, type: string) =>
  new TypeError(
    `Failed to execute '${method}' on 'HTMLRewriter': parameter ${method === "on" ? 2 : 1} is not of type '${type}'.`,
  );

/** The user's handlers, called with workerd's token classes and their own `this`. */
function wrapHandlers(handlers: Handlers, kinds: (keyof typeof tokenOf)[]): Wrapped {
  const wrapped: Wrapped = {};
  for (const kind of kinds) {
    const handler = handlers[kind];
    if (handler === undefined) continue;
    if (typeof handler !== "function")
      throw new TypeError(`Incorrect type for the '${kind}' field on 'handlers': the provided value is not of type 'function'.`);
    const wrap = tokenOf[kind] as unknown as (token: never) => never;
    wrapped[kind] = (token: never) => handler.call(handlers, wrap(token));
  }
  return wrapped;
}

function asHandlers(value: unknown, method: string, type: string): Handlers {
  if (value === null) return {};
  if (typeof value !== "object" && typeof value !== "function") throw notHandlers(method, type);
  return value as Handlers;
}

export class HTMLRewriter {
  #registrations: Registration[] = [];

  on(selector: string, handlers: ElementHandlers | null): this {
    const checked = asHandlers(handlers, "on", "ElementContentHandlers");
    const text = String(selector);
    // lol-html parses the selector when it is registered: refused here, as workerd does.
    const probe = new (lolHtml().HTMLRewriter)(() => {});
    try {
      probe.on(text, {});
    } finally {
      probe.free();
    }
    this.#registrations.push({ selector: text, handlers: wrapHandlers(checked, ["element", "comments", "text"]) });
    return this;
  }

  onDocument(handlers: DocumentHandlers | null): this {
    const checked = asHandlers(handlers, "onDocument", "DocumentContentHandlers");
    this.#registrations.push({ handlers: wrapHandlers(checked, ["doctype", "comments", "text", "end"]) });
    return this;
  }

  transform(response: Response): Response {
    if (!(response instanceof Response)) throw notHandlers("transform", "Response");
    if (response.body === null) return new Response(null, response);
    const registrations = [...this.#registrations];
    return new Response(rewrite(response.body, registrations), response);
  }
}
Object.defineProperty(HTMLRewriter, "length", { value: 0 });

/** The body rewritten on demand: each pull feeds one input chunk to lol-html. */
function rewrite(body: ReadableStream<Uint8Array>, registrations: Registration[]): ReadableStream<Uint8Array> {
  let rewriter: LolHtml.HTMLRewriter | undefined;
  let input: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const finish = () => (rewriter?.free(), (rewriter = undefined));
  return new ReadableStream<Uint8Array>({
    start(controller) {
      rewriter = new (lolHtml().HTMLRewriter)((chunk) => controller.enqueue(chunk.slice()));
      for (const { selector, handlers } of registrations) {
        if (selector === undefined) rewriter.onDocument(handlers);
        else rewriter.on(selector, handlers);
      }
      input = body.getReader();
    },
    async pull(controller) {
      try {
        const { value, done } = await input!.read();
        if (done) {
          await rewriter!.end();
          finish();
          controller.close();
        } else {
          await rewriter!.write(value);
        }
      } catch (error) {
        finish();
        void input!.cancel(error).catch(() => {});
        throw error;
      }
    },
    cancel(reason) {
      finish();
      return input?.cancel(reason);
    },
  });
}
