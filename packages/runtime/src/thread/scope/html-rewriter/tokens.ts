/**
 * The content tokens handlers receive, with workerd's class names (`Element`, `EndTag`, `Text`,
 * `Comment`, `Doctype`, `DocumentEnd`) and shape: methods on the prototype, fields on the instance.
 * Each wraps lol-html's token, which refuses use after its handler returned with workerd's wording.
 */
import type { LolHtml } from "./lol-html.js";

type ContentOptions = { html?: boolean };
type Token = Record<string, unknown>;

/** Instance accessors reading (and for `writable` ones writing) the lol-html token's fields. */
function fields(target: object, token: Token, readonly: string[], writable: string[] = []): void {
  for (const key of [...writable, ...readonly]) {
    Object.defineProperty(target, key, {
      get: () => token[key],
      ...(writable.includes(key) ? { set: (value: unknown) => void (token[key] = value) } : {}),
      enumerable: true,
      configurable: true,
    });
  }
}

const illegal = () => new TypeError("Illegal constructor");
let constructing = false;
/** Tokens are made by the rewriter only, as in workerd. */
function wrap<T>(make: () => T): T {
  constructing = true;
  try {
    return make();
  } finally {
    constructing = false;
  }
}
function assertConstructing(): void {
  if (!constructing) throw illegal();
}

export class Element {
  declare tagName: string;
  declare readonly attributes: IterableIterator<[string, string]>;
  declare readonly namespaceURI: string;
  declare readonly removed: boolean;
  #token: LolHtml.Element;
  constructor(token: LolHtml.Element) {
    assertConstructing();
    this.#token = token;
    fields(this, token as unknown as Token, ["attributes", "namespaceURI", "removed"], ["tagName"]);
  }
  before(content: string, options?: ContentOptions): this {
    return (this.#token.before(content, options), this);
  }
  after(content: string, options?: ContentOptions): this {
    return (this.#token.after(content, options), this);
  }
  replace(content: string, options?: ContentOptions): this {
    return (this.#token.replace(content, options), this);
  }
  remove(): this {
    return (this.#token.remove(), this);
  }
  getAttribute(name: string): string | null {
    return this.#token.getAttribute(name);
  }
  hasAttribute(name: string): boolean {
    return this.#token.hasAttribute(name);
  }
  setAttribute(name: string, value: string): this {
    return (this.#token.setAttribute(name, value), this);
  }
  removeAttribute(name: string): this {
    return (this.#token.removeAttribute(name), this);
  }
  prepend(content: string, options?: ContentOptions): this {
    return (this.#token.prepend(content, options), this);
  }
  append(content: string, options?: ContentOptions): this {
    return (this.#token.append(content, options), this);
  }
  setInnerContent(content: string, options?: ContentOptions): this {
    return (this.#token.setInnerContent(content, options), this);
  }
  removeAndKeepContent(): this {
    return (this.#token.removeAndKeepContent(), this);
  }
  onEndTag(handler: (this: unknown, tag: EndTag) => void | Promise<void>): void {
    if (typeof handler !== "function") {
      throw new TypeError("Failed to execute 'onEndTag' on 'Element': parameter 1 is not of type 'Function'.");
    }
    this.#token.onEndTag((token) =>
      handler.call(
        undefined,
        wrap(() => new EndTag(token)),
      ),
    );
  }
}

export class EndTag {
  declare name: string;
  #token: LolHtml.EndTag;
  constructor(token: LolHtml.EndTag) {
    assertConstructing();
    this.#token = token;
    fields(this, token as unknown as Token, [], ["name"]);
  }
  before(content: string, options?: ContentOptions): this {
    return (this.#token.before(content, options), this);
  }
  after(content: string, options?: ContentOptions): this {
    return (this.#token.after(content, options), this);
  }
  remove(): this {
    return (this.#token.remove(), this);
  }
}

export class Comment {
  declare text: string;
  declare readonly removed: boolean;
  #token: LolHtml.Comment;
  constructor(token: LolHtml.Comment) {
    assertConstructing();
    this.#token = token;
    fields(this, token as unknown as Token, ["removed"], ["text"]);
  }
  before(content: string, options?: ContentOptions): this {
    return (this.#token.before(content, options), this);
  }
  after(content: string, options?: ContentOptions): this {
    return (this.#token.after(content, options), this);
  }
  replace(content: string, options?: ContentOptions): this {
    return (this.#token.replace(content, options), this);
  }
  remove(): this {
    return (this.#token.remove(), this);
  }
}

export class Text {
  declare readonly text: string;
  declare readonly lastInTextNode: boolean;
  declare readonly removed: boolean;
  #token: LolHtml.TextChunk;
  constructor(token: LolHtml.TextChunk) {
    assertConstructing();
    this.#token = token;
    fields(this, token as unknown as Token, ["text", "lastInTextNode", "removed"]);
  }
  before(content: string, options?: ContentOptions): this {
    return (this.#token.before(content, options), this);
  }
  after(content: string, options?: ContentOptions): this {
    return (this.#token.after(content, options), this);
  }
  replace(content: string, options?: ContentOptions): this {
    return (this.#token.replace(content, options), this);
  }
  remove(): this {
    return (this.#token.remove(), this);
  }
}

// oxlint-disable-next-line no-extraneous-class -- workerd's Doctype has fields only, set on the instance
export class Doctype {
  declare readonly name: string | null;
  declare readonly publicId: string | null;
  declare readonly systemId: string | null;
  constructor(token: LolHtml.Doctype) {
    assertConstructing();
    fields(this, token as unknown as Token, ["name", "publicId", "systemId"]);
  }
}

export class DocumentEnd {
  #token: LolHtml.DocumentEnd;
  constructor(token: LolHtml.DocumentEnd) {
    assertConstructing();
    this.#token = token;
  }
  append(content: string, options?: ContentOptions): this {
    return (this.#token.append(content, options), this);
  }
}

/** Wraps lol-html's token in the class workerd hands to handlers. */
export const tokenOf = {
  element: (token: LolHtml.Element) => wrap(() => new Element(token)),
  comments: (token: LolHtml.Comment) => wrap(() => new Comment(token)),
  text: (token: LolHtml.TextChunk) => wrap(() => new Text(token)),
  doctype: (token: LolHtml.Doctype) => wrap(() => new Doctype(token)),
  end: (token: LolHtml.DocumentEnd) => wrap(() => new DocumentEnd(token)),
};
