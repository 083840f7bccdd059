import type { Readable } from 'node:stream';

/** The parts of an HTTP request the protocol layer reads; built once per request by the gateway. */
export interface HttpRequest {
  method: string;
  /** The raw (still percent-encoded) path, without the query string. */
  rawPath: string;
  /** The raw query string, without the leading '?'. */
  rawQuery: string;
  /** Decoded query parameters in order; a key without '=' has the value ''. */
  query: [string, string][];
  /** Lower-cased names; repeated headers joined with ','. */
  headers: Record<string, string>;
  /** The Host header without the port. */
  hostname: string;
  /**
   * The payload, already decoded from aws-chunked when it was sent that way
   * (the trailers then land in RequestContext.trailers once it ends).
   */
  body: Readable;
  /** The url-encoded form of a query-protocol POST, parsed once by the gateway (it routes on Action/Version). */
  form?: URLSearchParams;
}

export type ResponseBody = Uint8Array | string | Readable | undefined;

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: ResponseBody;
}

/** First value of a query parameter, or undefined. */
export function queryParam(req: Pick<HttpRequest, 'query'>, name: string): string | undefined {
  for (const [k, v] of req.query) if (k === name) return v;
  return undefined;
}

/** Reads a whole body into memory (for protocols whose payload is a document, never object data). */
export async function readBody(body: Readable, limit = 64 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > limit) throw new Error(`request body larger than ${limit} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}
