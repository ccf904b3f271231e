import { expect, test } from "vitest";
import { HTMLRewriter } from "./html-rewriter.js";

const html = (body: string, init?: ResponseInit) => new Response(body, init);
const names = (value: object) => Object.getOwnPropertyNames(Object.getPrototypeOf(value)).toSorted();

test("element handlers edit attributes and content; the answer keeps the original's status and headers", async () => {
  const seen: unknown[] = [];
  const rewriter = new HTMLRewriter().on("p", {
    element(element) {
      seen.push([element.constructor.name, element.tagName, [...element.attributes], element.getAttribute("a")]);
      element.setAttribute("x", "1");
      element.append("<b>!</b>", { html: true });
      element.prepend("<i>", { html: false });
    },
  });
  const response = rewriter.transform(html("<p a=1>hi</p>", { status: 201, headers: { "x-kept": "yes" } }));
  expect(await response.text()).toBe('<p a=1 x="1">&lt;i&gt;hi<b>!</b></p>');
  expect([response.status, response.headers.get("x-kept")]).toEqual([201, "yes"]);
  expect(seen).toEqual([["Element", "p", [["a", "1"]], "1"]]);
});

test("Element has workerd's prototype: methods there, fields on the instance", async () => {
  let prototype: string[] = [];
  await new HTMLRewriter()
    .on("p", { element: (element) => void (prototype = names(element)) })
    .transform(html("<p>x</p>"))
    .text();
  expect(prototype).toEqual([
    "after",
    "append",
    "before",
    "constructor",
    "getAttribute",
    "hasAttribute",
    "onEndTag",
    "prepend",
    "remove",
    "removeAndKeepContent",
    "removeAttribute",
    "replace",
    "setAttribute",
    "setInnerContent",
  ]);
});

test("end tag handlers rename and add around the end tag", async () => {
  const body = await new HTMLRewriter()
    .on("p", {
      element(element) {
        element.onEndTag((end) => {
          end.before("!");
          end.name = "q";
        });
      },
    })
    .transform(html("<p>a</p>"))
    .text();
  expect(body).toBe("<p>a!</q>");
});

test("text handlers see chunks and the end of each text node, and replace them", async () => {
  const seen: unknown[] = [];
  const body = await new HTMLRewriter()
    .on("p", {
      text(text) {
        seen.push([text.constructor.name, text.text, text.lastInTextNode]);
        if (text.text) text.replace("<i>", { html: false });
      },
    })
    .transform(html("<p>ab</p>"))
    .text();
  expect([body, seen]).toEqual([
    "<p>&lt;i&gt;</p>",
    [
      ["Text", "ab", false],
      ["Text", "", true],
    ],
  ]);
});

test("comment handlers read and rewrite comments", async () => {
  const body = await new HTMLRewriter()
    .on("*", {
      comments(comment) {
        expect(comment.constructor.name).toBe("Comment");
        comment.text = comment.text.toUpperCase();
      },
    })
    .transform(html("<div><!--old--></div>"))
    .text();
  expect(body).toBe("<div><!--OLD--></div>");
});

test("document handlers see the doctype and append at the end", async () => {
  const seen: unknown[] = [];
  const body = await new HTMLRewriter()
    .onDocument({
      doctype: (doctype) => void seen.push([doctype.constructor.name, doctype.name, doctype.publicId]),
      end(end) {
        seen.push(end.constructor.name);
        end.append("<!--end-->", { html: true });
      },
    })
    .transform(html("<!DOCTYPE html><p>x</p>"))
    .text();
  expect([body, seen]).toEqual(["<!DOCTYPE html><p>x</p><!--end-->", [["Doctype", "html", null], "DocumentEnd"]]);
});

test("async handlers are awaited before the rewriter goes on", async () => {
  const body = await new HTMLRewriter()
    .on("p", {
      async element(element) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        element.setInnerContent("async");
      },
    })
    .transform(html("<p>x</p><p>y</p>"))
    .text();
  expect(body).toBe("<p>async</p><p>async</p>");
});

test("the body is rewritten as it streams: the first chunk comes out before the input ends", async () => {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const output = new HTMLRewriter()
    .on("p", { element: (element) => void element.setAttribute("s", "1") })
    .transform(new Response(readable))
    .body!.getReader();
  void writer.write(new TextEncoder().encode("<p>one</p>"));
  let first = "";
  // lol-html hands out its output in pieces; the input stays open all along.
  while (!first.endsWith("</p>")) first += new TextDecoder().decode((await output.read()).value);
  expect(first).toBe('<p s="1">one</p>');
  void writer.close();
  let rest = "";
  for (let read = await output.read(); !read.done; read = await output.read()) rest += new TextDecoder().decode(read.value);
  expect(rest).toBe("");
});

test("a handler's error fails the body; a token used after its handler refuses with workerd's wording", async () => {
  await expect(
    new HTMLRewriter()
      .on("p", {
        element() {
          throw new Error("boom");
        },
      })
      .transform(html("<p>x</p>"))
      .text(),
  ).rejects.toThrow("boom");
  let saved: { tagName: string } | undefined;
  await new HTMLRewriter()
    .on("p", { element: (element) => void (saved = element) })
    .transform(html("<p>x</p>"))
    .text();
  expect(() => saved!.tagName).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: This content token is no longer valid. Content tokens are only valid during the execution of the relevant content handler.]`,
  );
});

test("bad selectors, handlers, attribute names and arguments fail with workerd's wording", async () => {
  expect(() => new HTMLRewriter().on("<<", {})).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Parser error: The selector is empty.]`,
  );
  expect(() => new HTMLRewriter().on("p", 5 as never)).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Failed to execute 'on' on 'HTMLRewriter': parameter 2 is not of type 'ElementContentHandlers'.]`,
  );
  expect(() => new HTMLRewriter().transform("x" as never)).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Failed to execute 'transform' on 'HTMLRewriter': parameter 1 is not of type 'Response'.]`,
  );
  let error: unknown;
  await new HTMLRewriter()
    .on("p", {
      element(element) {
        try {
          element.setAttribute("a b", "c");
        } catch (caught) {
          error = caught;
        }
      },
    })
    .transform(html("<p>x</p>"))
    .text();
  expect(error).toMatchInlineSnapshot(`[TypeError: Parser error: \` \` character is forbidden in the attribute name]`);
});

test("a response without a body is answered as it is", () => {
  const response = new HTMLRewriter().on("p", {}).transform(new Response(null, { status: 204 }));
  expect([response.status, response.body]).toEqual([204, null]);
});
