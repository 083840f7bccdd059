import type { Readable } from 'node:stream';

/**
 * A streaming payload member (S3 object bodies). In an input it is the request stream, already decoded
 * from aws-chunked; in an output it is a stream (e.g. a file read) or bytes. `length` is set when known,
 * so that the protocol layer can send Content-Length.
 */
export type StreamingBlob = Readable | Uint8Array;
