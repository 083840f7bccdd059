// GetObjectAttributes: the metadata of an object (ETag without quotes, checksum, parts, size, storage
// class) in one call, as tools that verify uploads use it.
import type { RequestContext } from '../../aws/context.js';
import * as errors from '../../aws/generated/s3/errors.js';
import type * as T from '../../aws/generated/s3/shapes.js';
import { parseJson, requireBucket, type S3Deps } from './common.js';
import { checkReadConditions } from './conditions.js';
import { readableVersion, visibleVersionId } from './objects.js';

const KNOWN = new Set(['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize']);

export async function getObjectAttributes(deps: S3Deps, _ctx: RequestContext, input: T.GetObjectAttributesRequest): Promise<T.GetObjectAttributesOutput> {
  const bucket = requireBucket(deps, input.Bucket);
  const wanted = new Set(input.ObjectAttributes ?? []);
  for (const a of wanted) {
    if (!KNOWN.has(a)) throw new errors.InvalidArgument('Invalid attribute name specified.', { ArgumentName: 'x-amz-object-attributes', ArgumentValue: a });
  }
  if (wanted.size === 0) throw new errors.InvalidArgument('Empty attribute specified.', { ArgumentName: 'x-amz-object-attributes', ArgumentValue: '' });
  const row = readableVersion(deps, input.Bucket, input.Key, input.VersionId, 'GET');
  checkReadConditions({}, row);
  const out: T.GetObjectAttributesOutput = { LastModified: new Date(row.last_modified), VersionId: visibleVersionId(bucket, row.version_id) };
  if (wanted.has('ETag')) out.ETag = row.etag.replace(/"/g, '');
  if (wanted.has('StorageClass')) out.StorageClass = row.storage_class as T.StorageClass;
  if (wanted.has('ObjectSize')) out.ObjectSize = row.size;
  const alg = row.checksum_algorithm;
  if (wanted.has('Checksum') && alg && row.checksum_value) {
    // A composite checksum is reported without its "-<parts>" suffix here; the part count is in ObjectParts.
    out.Checksum = { [`Checksum${alg}`]: row.checksum_value.replace(/-\d+$/, ''), ChecksumType: (row.checksum_type ?? 'FULL_OBJECT') as T.ChecksumType };
  }
  const parts = parseJson<{ size: number; checksum?: string | null }[] | null>(row.parts, null);
  if (wanted.has('ObjectParts') && parts) {
    const max = Math.min(input.MaxParts ?? 1000, 1000);
    const marker = Number(input.PartNumberMarker ?? 0);
    const numbered = parts.map((p, i) => ({ n: i + 1, ...p })).filter((p) => p.n > marker);
    const page = numbered.slice(0, max);
    const composite = row.checksum_type === 'COMPOSITE' && alg;
    out.ObjectParts = {
      TotalPartsCount: parts.length,
      PartNumberMarker: marker,
      NextPartNumberMarker: page.length ? page[page.length - 1]!.n : marker,
      MaxParts: max,
      IsTruncated: numbered.length > max,
      Parts: page.map((p) => ({ PartNumber: p.n, Size: p.size, ...(composite && p.checksum ? { [`Checksum${alg}`]: p.checksum } : {}) })),
    };
  }
  return out;
}
