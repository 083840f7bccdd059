// S3's departures from plain rest-xml: the bucket may come from the Host (virtual-host style), errors are
// a bare <Error> document with RequestId and HostId (no body on HEAD or 304), GetBucketLocation answers
// with a bare <LocationConstraint> root, and an unknown method is MethodNotAllowed.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { CHECKSUM_ALGORITHMS, checksumHeader, checksumOf, DIGEST_LENGTH } from '../../aws/checksums.js';
import { AwsError } from '../../aws/errors.js';
import { readBody, type HttpRequest, type HttpResponse } from '../../aws/protocol/http.js';
import type { Operation, Shape } from '../../aws/protocol/model.js';
import type { ProtocolContext } from '../../aws/protocol/protocol.js';
import { RestXmlProtocol, type RoutingView } from '../../aws/protocol/restxml.js';
import { escapeXml } from '../../aws/protocol/xml.js';
import { findViolations } from '../../aws/protocol/validate.js';
import * as errors from '../../aws/generated/s3/errors.js';

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Root element names of S3's XML responses (the model does not carry them). */
const ROOTS: Record<string, string> = {
  CompleteMultipartUpload: 'CompleteMultipartUploadResult',
  CreateMultipartUpload: 'InitiateMultipartUploadResult',
  DeleteObjects: 'DeleteResult',
  GetBucketAcl: 'AccessControlPolicy',
  GetObjectAcl: 'AccessControlPolicy',
  GetBucketCors: 'CORSConfiguration',
  GetBucketLifecycleConfiguration: 'LifecycleConfiguration',
  GetBucketTagging: 'Tagging',
  GetObjectTagging: 'Tagging',
  GetBucketVersioning: 'VersioningConfiguration',
  ListBuckets: 'ListAllMyBucketsResult',
  ListMultipartUploads: 'ListMultipartUploadsResult',
  ListObjectVersions: 'ListVersionsResult',
  ListObjects: 'ListBucketResult',
  ListObjectsV2: 'ListBucketResult',
  ListParts: 'ListPartsResult',
  GetObjectAttributes: 'GetObjectAttributesResponse',
  GetBucketEncryption: 'ServerSideEncryptionConfiguration',
  GetBucketOwnershipControls: 'OwnershipControls',
  GetPublicAccessBlock: 'PublicAccessBlockConfiguration',
};

/** Operations S3 answers with 204 although the model names no status (the SDKs accept either). */
const NO_CONTENT = new Set(['PutBucketTagging', 'PutBucketPolicy']);

/** Operations a Host-less client can never mean; kept out of routing so they do not shadow real ones. */
const UNROUTED = new Set(['WriteGetObjectResponse', 'ListDirectoryBuckets']);

/** The bucket named by a virtual-host style Host header, if any. */
export function bucketFromHost(hostname: string): string | undefined {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (!h || h === 'localhost' || isIP(h.replace(/^\[|\]$/g, ''))) return undefined;
  const s3 = h.lastIndexOf('.s3.');
  if (s3 > 0) return h.slice(0, s3);
  const s3dash = /^(.+)\.s3-[a-z0-9-]+\./.exec(h);
  if (s3dash) return s3dash[1];
  if (h.endsWith('.localhost')) return h.slice(0, -'.localhost'.length);
  return undefined;
}

export class S3Protocol extends RestXmlProtocol {
  protected override routingView(req: HttpRequest): RoutingView {
    const bucket = bucketFromHost(req.hostname);
    return { path: bucket ? `/${bucket}${req.rawPath === '/' ? '' : req.rawPath}` : req.rawPath, query: req.query };
  }

  override resolveOperation(req: HttpRequest): string {
    const op = super.resolveOperation(req);
    if (UNROUTED.has(op)) throw this.noOperation(req);
    return op;
  }

  /**
   * Document payloads (tagging, delete lists, policies …) are checked against the Content-MD5 or
   * x-amz-checksum-* header the client sent, as S3 does; object bodies are checked by the provider
   * while they stream to disk.
   */
  override async parseInput(req: HttpRequest, operation: string): Promise<Record<string, unknown>> {
    const op = this.model.operations[operation]!;
    const input = op.input ? this.model.shapes[op.input.shape] : undefined;
    const payload = input?.payload ? input.members?.[input.payload] : undefined;
    const streaming = payload && (payload.streaming || this.model.shapes[payload.shape]?.streaming);
    let parsed: Record<string, unknown>;
    if (!op.httpChecksum || streaming || req.headers['x-amz-trailer']) {
      parsed = await super.parseInput(req, operation);
    } else {
      const body = await readBody(req.body);
      verifyDocumentChecksums(req.headers, body);
      parsed = await super.parseInput({ ...req, body: Readable.from([body]) }, operation);
    }
    // S3 answers a document that lacks an element its schema requires (a Tag without a Key, an
    // Object without a Key) with MalformedXML, and so does a missing required document.
    if (payload && input?.payload && this.model.shapes[payload.shape]?.type === 'structure') {
      const doc = parsed[input.payload] as Record<string, unknown> | undefined;
      const missing = doc === undefined
        ? input.required?.includes(input.payload)
        : findViolations(this.model, payload.shape, doc).some((v) => v.endsWith('Member must not be null'));
      if (missing) throw new errors.MalformedXML();
    }
    return parsed;
  }

  protected override noOperation(req: HttpRequest): AwsError {
    return new errors.MethodNotAllowed(undefined, { Method: req.method, ResourceType: req.rawPath.split('/').filter(Boolean).length > 1 ? 'OBJECT' : 'BUCKET' });
  }

  protected override malformedPayload(): AwsError {
    return new errors.MalformedXML();
  }

  protected override invalidValue(member: string, value: string): AwsError {
    return new errors.InvalidArgument(`Invalid value for ${member}`, { ArgumentName: member, ArgumentValue: value });
  }

  protected override preferred(a: Operation & { deprecated?: boolean }, b: Operation & { deprecated?: boolean }): Operation {
    if (UNROUTED.has(a.name)) return b;
    if (UNROUTED.has(b.name)) return a;
    return super.preferred(a, b);
  }

  protected override xmlns(): string {
    return S3_XMLNS;
  }

  protected override commonHeaders(ctx: ProtocolContext): Record<string, string> {
    return { 'x-amz-request-id': ctx.requestId, 'x-amz-id-2': hostId(ctx.requestId) };
  }

  protected override document(shape: Shape, shapeName: string, rootName: string, value: unknown, operation: string): string {
    if (operation === 'GetBucketLocation') {
      // A bare root whose text is the region; us-east-1 is an empty element.
      const lc = (value as { LocationConstraint?: string }).LocationConstraint;
      return `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_XMLNS}">${lc ? escapeXml(lc) : ''}</LocationConstraint>`;
    }
    return super.document(shape, shapeName, ROOTS[operation] ?? rootName, value, operation);
  }

  override serializeOutput(operation: string, output: unknown, ctx: ProtocolContext): HttpResponse {
    const res = super.serializeOutput(operation, output, ctx);
    // A ranged (or part-numbered) read is a 206; the model has no status member for it.
    if ((operation === 'GetObject' || operation === 'HeadObject') && (output as { ContentRange?: string } | undefined)?.ContentRange) res.status = 206;
    if (operation === 'HeadObject' || operation === 'HeadBucket') res.body = undefined;
    if (NO_CONTENT.has(operation)) {
      res.status = 204;
      res.body = undefined;
      delete res.headers['content-length'];
    }
    return res;
  }

  override serializeError(error: AwsError, ctx: ProtocolContext): HttpResponse {
    const headers: Record<string, string> = { ...this.commonHeaders(ctx), ...error.headers };
    // HEAD answers carry no body, and neither does 304.
    if (ctx.operation === 'HeadObject' || ctx.operation === 'HeadBucket' || ctx.request?.method === 'HEAD' || error.status === 304) {
      return { status: error.status, headers, body: undefined };
    }
    const fields = Object.entries(error.fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${escapeXml(String(v))}</${k}>`)
      .join('');
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${fields}<RequestId>${ctx.requestId}</RequestId><HostId>${hostId(ctx.requestId)}</HostId></Error>`;
    return { status: error.status, headers: { ...headers, 'content-type': 'application/xml' }, body };
  }
}

/** Checks a whole, in-memory payload against the digests its headers declare. */
export function verifyDocumentChecksums(headers: Record<string, string>, body: Buffer): void {
  const md5 = headers['content-md5'];
  if (md5 !== undefined) {
    if (Buffer.from(md5, 'base64').length !== 16) throw new errors.InvalidDigest('The Content-MD5 you specified is not valid.', { 'Content-MD5': md5 });
    if (createHash('md5').update(body).digest('base64') !== md5) throw new errors.BadDigest('The Content-MD5 you specified did not match what we received.');
  }
  for (const alg of CHECKSUM_ALGORITHMS) {
    const header = checksumHeader(alg);
    const sent = headers[header];
    if (sent === undefined) continue;
    if (Buffer.from(sent, 'base64').length !== DIGEST_LENGTH[alg]) throw new errors.InvalidRequest(`Value for ${header} header is invalid.`);
    if (checksumOf(alg, body) !== sent) throw new errors.BadDigest(`The ${alg} you specified did not match the calculated checksum.`);
  }
}

function hostId(requestId: string): string {
  return createHash('sha256').update(requestId).digest('base64');
}
