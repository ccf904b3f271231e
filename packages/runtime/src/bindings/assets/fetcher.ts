/** `env.ASSETS`: a Fetcher whose requests the host's asset server answers (through the assets host unit). */
import type { WireRequest, WireResponse } from "../../protocol/messages.js";
import { notImplemented } from "../../shared/not-implemented.js";
import { toWireRequest } from "../../web/wire-request.js";

export class Fetcher {
  #send: (request: WireRequest) => Promise<WireResponse>;

  constructor(send: (request: WireRequest) => Promise<WireResponse>) {
    this.#send = send;
  }

  async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const answer = await this.#send(await toWireRequest(new Request(input, init)));
    const nullBody = answer.status === 101 || answer.status === 204 || answer.status === 205 || answer.status === 304;
    return new Response(nullBody ? null : answer.body, {
      status: answer.status,
      statusText: answer.statusText,
      headers: answer.headers,
    });
  }

  connect(): never {
    return notImplemented("Fetcher.connect (on the assets binding)");
  }
}
