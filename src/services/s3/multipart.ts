// Multipart uploads. Parts are durable files of their own; Complete checks the list (order, ETags, the
// 5 MiB minimum), streams the parts into one new file (so the object stays a single plain file the SQL
// engine can read), and commits the object row and the removal of the upload in one transaction.
import type { RequestContext } from '../../aws/context.js';
import { compositeChecksum, createHasher, isChecksumAlgorithm, type ChecksumAlgorithm } from '../../aws/checksums.js';
import * as errors from '../../aws/generated/s3/errors.js';
import type * as T from '../../aws/generated/s3/shapes.js';
import { receiveBody, requestedAlgorithm } from './body.js';
import { checkKey, newVersionId, now, ownerOf, requireBucket, standardHeaders, userMetadata, type S3Deps } from './common.js';
import { checkWriteConditions, etagMatches } from './conditions.js';
import { copySourceRow, openSource } from './copy.js';
import { commitObject, freeBlobs, liveObject, visibleVersionId } from './objects.js';
import type { PartRow, UploadRow } from './store.js';
import { parseTagging } from './tagging.js';
import { encoder } from './listing.js';

const MIN_PART_SIZE = 5 * 1024 * 1024;

function requireUpload(deps: S3Deps, bucket: string, key: string, uploadId: string): UploadRow {
  requireBucket(deps, bucket);
  const u = deps.store.upload(uploadId);
  if (!u || u.bucket !== bucket || u.key !== key) {
    throw new errors.NoSuchUpload('The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', { UploadId: uploadId });
  }
  return u;
}

function checkPartNumber(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > 10000) {
    throw new errors.InvalidArgument('Part number must be an integer between 1 and 10000, inclusive', { ArgumentName: 'partNumber', ArgumentValue: String(n) });
  }
}

function partChecksum(alg: string | null, value: string | null): Partial<Record<`Checksum${ChecksumAlgorithm}`, string>> {
  return alg && value ? { [`Checksum${alg}`]: value } : {};
}

export async function createMultipartUpload(deps: S3Deps, ctx: RequestContext, input: T.CreateMultipartUploadRequest): Promise<T.CreateMultipartUploadOutput> {
  requireBucket(deps, input.Bucket);
  checkKey(input.Key);
  const alg = input.ChecksumAlgorithm?.toUpperCase();
  if (alg !== undefined && !isChecksumAlgorithm(alg)) throw new errors.InvalidRequest('Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]');
  let type = input.ChecksumType;
  if (type !== undefined && type !== 'COMPOSITE' && type !== 'FULL_OBJECT') {
    throw new errors.InvalidRequest('Value for x-amz-checksum-type header is invalid.');
  }
  if (alg === 'CRC64NVME') type ??= 'FULL_OBJECT';
  if (type === 'FULL_OBJECT' && (alg === 'SHA1' || alg === 'SHA256')) {
    throw new errors.InvalidRequest(`The ${alg} checksum algorithm does not support the FULL_OBJECT checksum type.`);
  }
  if (type === 'COMPOSITE' && alg === 'CRC64NVME') throw new errors.InvalidRequest('The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  if (type !== undefined && alg === undefined) throw new errors.InvalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
  if (alg !== undefined) type ??= 'COMPOSITE';
  const uploadId = newVersionId();
  deps.store.insertUpload({
    upload_id: uploadId,
    bucket: input.Bucket,
    key: input.Key,
    initiated: now(ctx).toISOString(),
    headers: JSON.stringify(standardHeaders(input)),
    metadata: JSON.stringify(userMetadata(input.Metadata)),
    tags: JSON.stringify(parseTagging(input.Tagging)),
    checksum_algorithm: alg ?? null,
    checksum_type: type ?? null,
    storage_class: input.StorageClass ?? 'STANDARD',
  });
  return { Bucket: input.Bucket, Key: input.Key, UploadId: uploadId, ServerSideEncryption: 'AES256', ChecksumAlgorithm: alg as T.ChecksumAlgorithm | undefined, ChecksumType: type };
}

async function storePart(deps: S3Deps, ctx: RequestContext, upload: UploadRow, partNumber: number, body: Awaited<ReturnType<typeof receiveBody>>): Promise<PartRow> {
  const relPath = deps.blobs.newRelPath(`s3/.parts/${upload.bucket}`);
  await deps.blobs.commit(body.tmpPath, relPath);
  const part: PartRow = {
    upload_id: upload.upload_id,
    part_number: partNumber,
    size: body.size,
    etag: `"${body.md5Hex}"`,
    checksum: body.checksum.value,
    last_modified: now(ctx).toISOString(),
    blob_path: relPath,
  };
  let freed: string | undefined;
  try {
    freed = await deps.store.group(() => {
      // The upload may have been aborted or completed while the bytes were arriving.
      requireUpload(deps, upload.bucket, upload.key, upload.upload_id);
      return deps.store.putPart(part);
    });
  } catch (err) {
    freeBlobs(deps, [relPath]);
    throw err;
  }
  if (freed) freeBlobs(deps, [freed]);
  return part;
}

export async function uploadPart(deps: S3Deps, ctx: RequestContext, input: T.UploadPartRequest): Promise<T.UploadPartOutput> {
  const upload = requireUpload(deps, input.Bucket, input.Key, input.UploadId);
  checkPartNumber(input.PartNumber);
  const sent = requestedAlgorithm(ctx, input);
  if (upload.checksum_algorithm && sent && sent !== upload.checksum_algorithm) {
    throw new errors.InvalidRequest(`Checksum Type mismatch occurred, expected checksum Type: ${upload.checksum_algorithm.toLowerCase()}, actual checksum Type: ${sent.toLowerCase()}`);
  }
  const body = await receiveBody(deps, ctx, input.Body, { ...input, ChecksumAlgorithm: input.ChecksumAlgorithm ?? upload.checksum_algorithm ?? undefined });
  const part = await storePart(deps, ctx, upload, input.PartNumber, body);
  const alg = upload.checksum_algorithm ?? (body.checksum.clientProvided ? body.checksum.algorithm : null);
  return { ETag: part.etag, ...partChecksum(alg, part.checksum), ServerSideEncryption: 'AES256' };
}

export async function uploadPartCopy(deps: S3Deps, ctx: RequestContext, input: T.UploadPartCopyRequest): Promise<T.UploadPartCopyOutput> {
  const upload = requireUpload(deps, input.Bucket, input.Key, input.UploadId);
  checkPartNumber(input.PartNumber);
  const { row } = copySourceRow(deps, input);
  let start = 0;
  let end = row.size - 1;
  if (input.CopySourceRange !== undefined) {
    const m = /^bytes=(\d+)-(\d+)$/.exec(input.CopySourceRange);
    if (!m) throw new errors.InvalidArgument('The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy', { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: input.CopySourceRange });
    start = Number(m[1]);
    end = Number(m[2]);
    if (end < start || end >= row.size) {
      throw new errors.InvalidArgument(`Range specified is not valid for source object of size: ${row.size}`, { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: input.CopySourceRange });
    }
  }
  const body = await receiveBody(deps, ctx, openSource(deps, row, start, end), { ChecksumAlgorithm: upload.checksum_algorithm ?? undefined }, { verifyPayloadHash: false });
  const part = await storePart(deps, ctx, upload, input.PartNumber, body);
  const srcBucket = requireBucket(deps, row.bucket);
  return {
    CopyPartResult: { ETag: part.etag, LastModified: new Date(part.last_modified), ...partChecksum(upload.checksum_algorithm, part.checksum) },
    CopySourceVersionId: visibleVersionId(srcBucket, row.version_id),
  };
}

export async function completeMultipartUpload(deps: S3Deps, ctx: RequestContext, input: T.CompleteMultipartUploadRequest): Promise<T.CompleteMultipartUploadOutput> {
  const upload = requireUpload(deps, input.Bucket, input.Key, input.UploadId);
  const conditions = { IfMatch: input.IfMatch, IfNoneMatch: input.IfNoneMatch };
  checkWriteConditions(conditions, liveObject(deps, input.Bucket, input.Key), input.Key);
  const requested = input.MultipartUpload?.Parts ?? [];
  if (requested.length === 0) throw new errors.MalformedXML('The XML you provided was not well-formed or did not validate against our published schema');
  const stored = new Map(deps.store.parts(upload.upload_id).map((p) => [p.part_number, p]));
  const chosen: PartRow[] = [];
  let prev = 0;
  for (const rp of requested) {
    const n = rp.PartNumber ?? 0;
    if (n <= prev) throw new errors.InvalidPartOrder('The list of parts was not in ascending order. Parts must be ordered by part number.', { UploadId: upload.upload_id });
    prev = n;
    const part = stored.get(n);
    if (!part || (rp.ETag !== undefined && !etagMatches(rp.ETag, part.etag))) {
      throw new errors.InvalidPart(undefined, { UploadId: upload.upload_id, PartNumber: n, ETag: rp.ETag });
    }
    const alg = upload.checksum_algorithm as ChecksumAlgorithm | null;
    const sent = alg ? rp[`Checksum${alg}`] : undefined;
    if (sent !== undefined && sent !== part.checksum) throw new errors.InvalidPart(undefined, { UploadId: upload.upload_id, PartNumber: n, ETag: rp.ETag });
    chosen.push(part);
  }
  chosen.forEach((p, i) => {
    if (i < chosen.length - 1 && p.size < MIN_PART_SIZE) {
      throw new errors.EntityTooSmall('Your proposed upload is smaller than the minimum allowed size', { ProposedSize: p.size, MinSizeAllowed: MIN_PART_SIZE, PartNumber: p.part_number, ETag: p.etag.replace(/"/g, '') });
    }
  });
  const alg = (upload.checksum_algorithm ?? 'CRC64NVME') as ChecksumAlgorithm;
  const type = upload.checksum_type ?? 'FULL_OBJECT';
  const full = createHasher(alg);
  const md5s = createHasher('MD5');
  for (const p of chosen) md5s.update(Buffer.from(p.etag.replace(/"/g, ''), 'hex'));
  const body = await deps.blobs.writeTemp(concatParts(deps, chosen), type === 'FULL_OBJECT' ? [full] : []);
  const checksum = type === 'FULL_OBJECT' ? full.digest().toString('base64') : compositeChecksum(alg, chosen.map((p) => p.checksum ?? ''));
  const sentTotal = input[`Checksum${alg}`];
  if (sentTotal !== undefined && sentTotal !== checksum && sentTotal.split('-')[0] !== checksum.split('-')[0]) {
    await deps.blobs.discard(body.tmpPath);
    throw new errors.BadDigest(`The ${alg} you specified did not match the calculated checksum.`);
  }
  if (input.MpuObjectSize !== undefined && input.MpuObjectSize !== body.size) {
    await deps.blobs.discard(body.tmpPath);
    throw new errors.InvalidRequest(`The provided 'x-amz-mp-object-size' header value ${input.MpuObjectSize} does not match what was computed: ${body.size}`);
  }
  const etag = `"${md5s.digest().toString('hex')}-${chosen.length}"`;
  const { row, bucket } = await commitObject(
    deps,
    ctx,
    input.Bucket,
    input.Key,
    body,
    {
      etag,
      headers: upload.headers,
      metadata: upload.metadata,
      tags: upload.tags,
      checksum_algorithm: alg,
      checksum_value: checksum,
      checksum_type: type,
      parts: JSON.stringify(chosen.map((p) => ({ size: p.size, checksum: p.checksum }))),
      storage_class: upload.storage_class,
    },
    conditions,
    () => {
      if (!deps.store.upload(upload.upload_id)) requireUpload(deps, input.Bucket, input.Key, input.UploadId);
      return deps.store.deleteUpload(upload.upload_id);
    },
  );
  const host = ctx.http.headers['host'] ?? 'localhost';
  return {
    Location: `http://${host}/${input.Bucket}/${encodeURI(input.Key)}`,
    Bucket: input.Bucket,
    Key: input.Key,
    ETag: etag,
    [`Checksum${alg}`]: checksum,
    ChecksumType: type as T.ChecksumType,
    VersionId: visibleVersionId(bucket, row.version_id),
    ServerSideEncryption: 'AES256',
  };
}

async function* concatParts(deps: S3Deps, parts: PartRow[]): AsyncGenerator<Buffer> {
  for (const p of parts) {
    const src = openSource(deps, { blob_path: p.blob_path, size: p.size } as Parameters<typeof openSource>[1]);
    if (Buffer.isBuffer(src)) yield src;
    else for await (const chunk of src as AsyncIterable<Buffer>) yield chunk;
  }
}

export async function abortMultipartUpload(deps: S3Deps, _ctx: RequestContext, input: T.AbortMultipartUploadRequest): Promise<T.AbortMultipartUploadOutput> {
  const upload = requireUpload(deps, input.Bucket, input.Key, input.UploadId);
  freeBlobs(deps, deps.store.deleteUpload(upload.upload_id));
  return {};
}

export async function listParts(deps: S3Deps, ctx: RequestContext, input: T.ListPartsRequest): Promise<T.ListPartsOutput> {
  const upload = requireUpload(deps, input.Bucket, input.Key, input.UploadId);
  const max = Math.min(input.MaxParts ?? 1000, 1000);
  const marker = Number(input.PartNumberMarker ?? 0);
  const all = deps.store.parts(upload.upload_id).filter((p) => p.part_number > marker);
  const page = all.slice(0, max);
  const owner = ownerOf(ctx.accountId);
  return {
    Bucket: input.Bucket,
    Key: input.Key,
    UploadId: input.UploadId,
    PartNumberMarker: marker,
    NextPartNumberMarker: page.length ? page[page.length - 1]!.part_number : undefined,
    MaxParts: max,
    IsTruncated: all.length > max,
    Parts: page.map((p) => ({
      PartNumber: p.part_number,
      LastModified: new Date(p.last_modified),
      ETag: p.etag,
      Size: p.size,
      ...partChecksum(upload.checksum_algorithm, p.checksum),
    })),
    Initiator: { ID: owner.ID, DisplayName: owner.DisplayName },
    Owner: owner,
    StorageClass: upload.storage_class as T.StorageClass,
    ChecksumAlgorithm: (upload.checksum_algorithm ?? undefined) as T.ChecksumAlgorithm | undefined,
    ChecksumType: (upload.checksum_type ?? undefined) as T.ChecksumType | undefined,
  };
}

export async function listMultipartUploads(deps: S3Deps, ctx: RequestContext, input: T.ListMultipartUploadsRequest): Promise<T.ListMultipartUploadsOutput> {
  requireBucket(deps, input.Bucket);
  const enc = encoder(input.EncodingType);
  const max = Math.min(input.MaxUploads ?? 1000, 1000);
  const prefix = input.Prefix ?? '';
  let rows = deps.store.uploads(input.Bucket, prefix);
  if (input.KeyMarker) {
    rows = rows.filter((u) => u.key > input.KeyMarker! || (u.key === input.KeyMarker && !!input.UploadIdMarker && u.upload_id > input.UploadIdMarker));
  }
  const uploads: T.MultipartUpload[] = [];
  const prefixes = new Set<string>();
  let truncated = false;
  let last: UploadRow | undefined;
  for (const u of rows) {
    if (uploads.length + prefixes.size >= max) {
      truncated = true;
      break;
    }
    const d = input.Delimiter ? u.key.indexOf(input.Delimiter, prefix.length) : -1;
    if (d >= 0) prefixes.add(u.key.slice(0, d + input.Delimiter!.length));
    else uploads.push({ UploadId: u.upload_id, Key: enc(u.key), Initiated: new Date(u.initiated), StorageClass: u.storage_class as T.StorageClass, Owner: ownerOf(ctx.accountId), Initiator: ownerOf(ctx.accountId), ChecksumAlgorithm: (u.checksum_algorithm ?? undefined) as T.ChecksumAlgorithm | undefined, ChecksumType: (u.checksum_type ?? undefined) as T.ChecksumType | undefined });
    last = u;
  }
  return {
    Bucket: input.Bucket,
    KeyMarker: enc(input.KeyMarker ?? ''),
    UploadIdMarker: input.UploadIdMarker ?? '',
    NextKeyMarker: truncated && last ? enc(last.key) : undefined,
    NextUploadIdMarker: truncated && last ? last.upload_id : undefined,
    Prefix: enc(input.Prefix),
    Delimiter: enc(input.Delimiter),
    MaxUploads: max,
    IsTruncated: truncated,
    Uploads: uploads.length ? uploads : undefined,
    CommonPrefixes: prefixes.size ? [...prefixes].map((p) => ({ Prefix: enc(p) })) : undefined,
    EncodingType: input.EncodingType,
  };
}
