/**
 * The inventory service: a named entrypoint whose `ctx.props` (set by the caller's binding) says
 * which shop it serves, and the `Shelf` Durable Object that keeps each shop's stock. The gateway
 * reaches the same objects directly too (a `script_name` binding).
 */
import { DurableObject, WorkerEntrypoint } from "cloudflare:workers";

interface Env {
  SHELF: DurableObjectNamespace<Shelf>;
}

export class Shelf extends DurableObject<Env> {
  async add(item: string, count: number): Promise<Record<string, number>> {
    const stock = await this.stock();
    stock[item] = (stock[item] ?? 0) + count;
    await this.ctx.storage.put("stock", stock);
    return stock;
  }

  async stock(): Promise<Record<string, number>> {
    return (await this.ctx.storage.get<Record<string, number>>("stock")) ?? {};
  }
}

export class Inventory extends WorkerEntrypoint<Env, { shop: string }> {
  async restock(item: string): Promise<{ shop: string; stock: Record<string, number> }> {
    const { shop } = this.ctx.props;
    return { shop, stock: await this.env.SHELF.getByName(shop).add(item, 3) };
  }
}

export default {
  async fetch(): Promise<Response> {
    return new Response("inventory: call its Inventory entrypoint over RPC", { status: 404 });
  },
} satisfies ExportedHandler<Env>;
