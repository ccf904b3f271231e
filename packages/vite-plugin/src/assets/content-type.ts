/** The Content-Type an asset is served with: mime's type for its extension, `charset=utf-8` on text (as wrangler uploads it). */
import mime from "mime";

export function contentTypeOf(file: string): string | undefined {
  const type = mime.getType(file);
  if (!type) return undefined;
  return type.startsWith("text/") && !type.includes("charset") ? `${type}; charset=utf-8` : type;
}
