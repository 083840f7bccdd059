// Tags on Glue resources (databases, tables, crawlers, …), kept by ARN: TagResource, UntagResource, GetTags.
import type { GlueService } from '../../aws/generated/glue/service.js';
import { EntityNotFoundException, InvalidInputException } from '../../aws/generated/glue/errors.js';
import type { GlueCatalog } from './catalog.js';

type Ops = Pick<GlueService, 'tagResource' | 'untagResource' | 'getTags'>;

const ARN = /^arn:aws[a-z-]*:glue:([a-z0-9-]+):(\d{12}):([a-zA-Z]+)\/(.+)$/;

/** Checks the resource an ARN names exists in this catalog, as Glue does before tagging it. */
function checkExists(catalog: GlueCatalog, arn: string): void {
  const m = ARN.exec(arn);
  if (!m) throw new InvalidInputException(`Invalid ARN: ${arn}`);
  const s = { accountId: m[2]!, region: m[1]! };
  const [kind, rest] = [m[3]!, m[4]!];
  const exists =
    kind === 'database' ? !!catalog.findDatabase(s, rest)
    : kind === 'table' ? !!catalog.findTable(s, rest.split('/')[0]!, rest.split('/').slice(1).join('/'))
    : kind === 'crawler' ? !!catalog.store.named('crawlers', s, rest)
    : true;
  if (!exists) throw new EntityNotFoundException(`Resource ${arn} not found.`);
}

export function tagOperations(catalog: GlueCatalog): Ops {
  return {
    async tagResource(_ctx, input) {
      checkExists(catalog, input.ResourceArn);
      catalog.store.setTags(input.ResourceArn, { ...catalog.store.tags(input.ResourceArn), ...input.TagsToAdd });
      return {};
    },

    async untagResource(_ctx, input) {
      checkExists(catalog, input.ResourceArn);
      const tags = catalog.store.tags(input.ResourceArn);
      for (const k of input.TagsToRemove) delete tags[k];
      catalog.store.setTags(input.ResourceArn, tags);
      return {};
    },

    async getTags(_ctx, input) {
      checkExists(catalog, input.ResourceArn);
      return { Tags: catalog.store.tags(input.ResourceArn) };
    },
  };
}
