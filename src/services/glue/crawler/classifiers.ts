// Classifiers: CreateClassifier, GetClassifier(s), UpdateClassifier, DeleteClassifier for CSV and JSON
// classifiers, which crawlers that list them try before the built-in ones.
// Not yet: grok and XML classifiers (refused by name).
import type { GlueService } from '../../../aws/generated/glue/service.js';
import type * as T from '../../../aws/generated/glue/shapes.js';
import { AlreadyExistsException, EntityNotFoundException, InvalidInputException } from '../../../aws/generated/glue/errors.js';
import type { GlueStore, CatalogScope } from '../store.js';
import { page, scopeOf } from '../common.js';
import type { CustomClassifier } from './infer.js';

type Ops = Pick<GlueService, 'createClassifier' | 'getClassifier' | 'getClassifiers' | 'updateClassifier' | 'deleteClassifier'>;

function revive(doc: string): T.Classifier {
  const c = JSON.parse(doc) as T.Classifier;
  const inner = (c.CsvClassifier ?? c.JsonClassifier) as { CreationTime?: Date | string; LastUpdated?: Date | string } | undefined;
  if (inner?.CreationTime) inner.CreationTime = new Date(inner.CreationTime);
  if (inner?.LastUpdated) inner.LastUpdated = new Date(inner.LastUpdated);
  return c;
}

function refuseOthers(input: { GrokClassifier?: unknown; XMLClassifier?: unknown }): void {
  if (input.GrokClassifier) throw new InvalidInputException('GrokClassifier is not supported by Lakestack yet.');
  if (input.XMLClassifier) throw new InvalidInputException('XMLClassifier is not supported by Lakestack yet.');
}

function checkCsv(c: { Delimiter?: string; QuoteSymbol?: string; Serde?: string }): void {
  if (c.Delimiter && c.QuoteSymbol && c.Delimiter === c.QuoteSymbol) {
    throw new InvalidInputException('Delimiter and QuoteSymbol must be different.');
  }
}

/** The custom classifiers a crawler lists, in its order, for the crawl to try first. */
export function classifiersFor(store: GlueStore, s: CatalogScope, names: readonly string[]): CustomClassifier[] {
  const out: CustomClassifier[] = [];
  for (const n of names) {
    const doc = store.named('classifiers', s, n);
    if (!doc) continue;
    const c = revive(doc);
    if (c.CsvClassifier) out.push({ csv: c.CsvClassifier });
    else if (c.JsonClassifier) out.push({ json: c.JsonClassifier });
  }
  return out;
}

export function classifierOperations(store: GlueStore): Ops {
  return {
    async createClassifier(ctx, input) {
      refuseOthers(input);
      const s = scopeOf(ctx);
      const now = ctx.clock.now();
      let doc: T.Classifier;
      if (input.CsvClassifier) {
        checkCsv(input.CsvClassifier);
        doc = { CsvClassifier: { ...input.CsvClassifier, CreationTime: now, LastUpdated: now, Version: 1 } };
      } else if (input.JsonClassifier) {
        doc = { JsonClassifier: { ...input.JsonClassifier, CreationTime: now, LastUpdated: now, Version: 1 } };
      } else {
        throw new InvalidInputException('A classifier definition is required (CsvClassifier or JsonClassifier).');
      }
      const name = (doc.CsvClassifier ?? doc.JsonClassifier)!.Name;
      store.transaction(() => {
        if (store.named('classifiers', s, name)) throw new AlreadyExistsException(`${name} already exists.`);
        store.putNamed('classifiers', s, name, JSON.stringify(doc));
      });
      return {};
    },

    async getClassifier(ctx, input) {
      const doc = store.named('classifiers', scopeOf(ctx), input.Name);
      if (!doc) throw new EntityNotFoundException(`Classifier with name ${input.Name} does not exist.`);
      return { Classifier: revive(doc) };
    },

    async getClassifiers(ctx, input) {
      const p = page(store.allNamed('classifiers', scopeOf(ctx)).map(revive), input.NextToken, input.MaxResults, 1000);
      return { Classifiers: p.items, NextToken: p.nextToken };
    },

    async updateClassifier(ctx, input) {
      refuseOthers(input);
      const s = scopeOf(ctx);
      const upd = input.CsvClassifier ?? input.JsonClassifier;
      if (!upd) throw new InvalidInputException('A classifier definition is required (CsvClassifier or JsonClassifier).');
      store.transaction(() => {
        const doc = store.named('classifiers', s, upd.Name);
        if (!doc) throw new EntityNotFoundException(`Classifier with name ${upd.Name} does not exist.`);
        const old = revive(doc);
        const now = ctx.clock.now();
        let next: T.Classifier;
        if (input.CsvClassifier) {
          if (!old.CsvClassifier) throw new InvalidInputException(`Classifier ${upd.Name} is not a CSV classifier.`);
          checkCsv(input.CsvClassifier);
          next = { CsvClassifier: { ...old.CsvClassifier, ...input.CsvClassifier, LastUpdated: now, Version: (old.CsvClassifier.Version ?? 1) + 1 } };
        } else {
          if (!old.JsonClassifier) throw new InvalidInputException(`Classifier ${upd.Name} is not a JSON classifier.`);
          const j = input.JsonClassifier!;
          next = { JsonClassifier: { ...old.JsonClassifier, JsonPath: j.JsonPath ?? old.JsonClassifier.JsonPath, LastUpdated: now, Version: (old.JsonClassifier.Version ?? 1) + 1 } };
        }
        store.putNamed('classifiers', s, upd.Name, JSON.stringify(next));
      });
      return {};
    },

    async deleteClassifier(ctx, input) {
      if (!store.deleteNamed('classifiers', scopeOf(ctx), input.Name)) {
        throw new EntityNotFoundException(`Classifier with name ${input.Name} does not exist.`);
      }
      return {};
    },
  };
}
