// Logs as EMR lays them out under LogUri: `<cluster-id>/steps/<step-id>/{controller,stdout,stderr}.gz` and
// `<cluster-id>/node/<instance-id>/bootstrap-actions/<n>/{stdout,stderr}.gz`, gzipped, written through the
// lake's durable path so they are ordinary S3 objects.
import { gzipSync } from 'node:zlib';
import type { S3Lake } from '../s3/lake.js';
import { parseS3Location } from '../s3/lake.js';
import { log } from '../../core/log.js';

export class LogWriter {
  constructor(private readonly lake: S3Lake, private readonly logUri: string | undefined, private readonly clusterId: string, private readonly accountId: string) {}

  /** `s3://…/<cluster-id>/steps/<step-id>/` or undefined without a LogUri. */
  stepFolder(stepId: string): string | undefined {
    return this.logUri ? `${this.base()}steps/${stepId}/` : undefined;
  }

  async write(relative: string, content: Buffer | string): Promise<void> {
    if (!this.logUri) return;
    try {
      const loc = parseS3Location(this.base() + relative);
      if (!this.lake.bucketExists(loc.bucket)) return;
      await this.lake.putText(loc.bucket, `${loc.prefix}.gz`, gzipSync(content), 'application/octet-stream', this.accountId);
    } catch (err) {
      // A log that cannot be written never fails the step it describes.
      log.warn('emr: could not write a log', { cluster: this.clusterId, file: relative, error: String(err) });
    }
  }

  private base(): string {
    return `${this.logUri!.replace(/\/?$/, '/')}${this.clusterId}/`;
  }
}
