import { expect, test } from "vitest";
import { redactHeaders, redactUrl } from "./redact.js";

test("credential headers are redacted, others kept (names lower-cased, repeats joined)", () => {
  expect(
    redactHeaders([
      ["Authorization", "Bearer x"],
      ["Cookie", "a=1"],
      ["X-Session-Token", "t"],
      ["X-Secret", "s"],
      ["X-Jwt", "j"],
      ["Accept", "text/html"],
      ["X-Many", "1"],
      ["x-many", "2"],
    ]),
  ).toEqual({
    authorization: "REDACTED",
    cookie: "REDACTED",
    "x-session-token": "REDACTED",
    "x-secret": "REDACTED",
    "x-jwt": "REDACTED",
    accept: "text/html",
    "x-many": "1, 2",
  });
});

test("id-like runs in a URL are redacted: 32+ hex digits (a UUID too), 21+ characters mixing cases and digits", () => {
  expect(
    redactUrl("https://a.example/users/123e4567-e89b-12d3-a456-426614174000?token=abcdef0123456789abcdef0123456789&q=1"),
  ).toBe("https://a.example/users/REDACTED?token=REDACTED&q=1");
  expect(redactUrl("https://a.example/k/AbCdEfGhIjKlMnOpQrSt12?api_key=short&word=verylongwordwithoutdigits")).toBe(
    "https://a.example/k/REDACTED?api_key=short&word=verylongwordwithoutdigits",
  );
});
