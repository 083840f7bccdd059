// Crawlers: Create/Get/Gets/BatchGet/List/Update/Delete, Start/Stop with Glue's states READY → RUNNING →
// (STOPPING →) READY, LastCrawl (Status, ErrorMessage, StartTime), GetCrawlerMetrics and schedules.
// A crawl runs in the background of the process; a crawl cut short by a restart ends FAILED with a reason.
// Not yet: JDBC, DynamoDB, MongoDB, catalog, Delta, Iceberg and Hudi targets, S3 event mode and schedules
// firing on time (each refused by name, or stored only).
import { randomUUID } from 'node:crypto';
import type { GlueService } from '../../../aws/generated/glue/service.js';
import type * as T from '../../../aws/generated/glue/shapes.js';
import {
  AlreadyExistsException, CrawlerNotRunningException, CrawlerRunningException, CrawlerStoppingException,
  EntityNotFoundException, InvalidInputException, NoScheduleException, SchedulerNotRunningException, SchedulerRunningException,
} from '../../../aws/generated/glue/errors.js';
import type { Clock } from '../../../core/clock.js';
import { log } from '../../../core/log.js';
import type { S3Lake } from '../../s3/lake.js';
import type { GlueCatalog } from '../catalog.js';
import { crawlerArn, page, scopeOf } from '../common.js';
import type { CatalogScope } from '../store.js';
import { classifiersFor } from './classifiers.js';
import { CrawlCancelled, runCrawl } from './run.js';
import { validateSchedule } from './schedule.js';

type Ops = Pick<
  GlueService,
  | 'createCrawler' | 'getCrawler' | 'getCrawlers' | 'batchGetCrawlers' | 'listCrawlers' | 'updateCrawler' | 'deleteCrawler'
  | 'startCrawler' | 'stopCrawler' | 'getCrawlerMetrics' | 'startCrawlerSchedule' | 'stopCrawlerSchedule' | 'updateCrawlerSchedule'
>;

/** A crawler as stored: Glue's shape plus the run history GetCrawlerMetrics reports from. */
interface CrawlerDoc {
  crawler: T.Crawler;
  runtimes: number[];
  last: { tablesCreated: number; tablesUpdated: number; tablesDeleted: number };
  runStartedAt?: string;
}

const TIME_KEYS = ['CreationTime', 'LastUpdated'] as const;

function revive(json: string): CrawlerDoc {
  const d = JSON.parse(json) as CrawlerDoc;
  const c = d.crawler as Record<string, unknown>;
  for (const k of TIME_KEYS) if (typeof c[k] === 'string') c[k] = new Date(c[k] as string);
  if (d.crawler.LastCrawl?.StartTime) d.crawler.LastCrawl.StartTime = new Date(d.crawler.LastCrawl.StartTime);
  return d;
}

const notFound = (name: string) => new EntityNotFoundException(`Crawler entry with name ${name} does not exist`);

function checkTargets(t: T.CrawlerTargets): void {
  for (const k of ['JdbcTargets', 'MongoDBTargets', 'DynamoDBTargets', 'CatalogTargets', 'DeltaTargets', 'IcebergTargets', 'HudiTargets'] as const) {
    if (t[k]?.length) throw new InvalidInputException(`${k} are not supported by Lakestack yet; crawlers crawl S3Targets.`);
  }
  if (!t.S3Targets?.length) throw new InvalidInputException('Crawler must have at least one target.');
  for (const s3 of t.S3Targets) {
    if (!s3.Path || !/^s3[an]?:\/\/[^/]+/.test(s3.Path)) throw new InvalidInputException(`Invalid S3 target path: ${s3.Path ?? ''}`);
    if (s3.EventQueueArn) throw new InvalidInputException('EventQueueArn (S3 event mode) is not supported by Lakestack yet.');
  }
}

function checkPolicies(c: T.Crawler): void {
  if (c.RecrawlPolicy?.RecrawlBehavior === 'CRAWL_EVENT_MODE') throw new InvalidInputException('CRAWL_EVENT_MODE is not supported by Lakestack yet.');
  if (c.RecrawlPolicy?.RecrawlBehavior === 'CRAWL_NEW_FOLDERS_ONLY' &&
    (c.SchemaChangePolicy?.UpdateBehavior !== 'LOG' || c.SchemaChangePolicy?.DeleteBehavior !== 'LOG')) {
    throw new InvalidInputException('The SchemaChangePolicy for "Crawl new folders only" Amazon S3 target can have only LOG DeleteBehavior value and LOG UpdateBehavior value.');
  }
  if (c.Configuration) {
    try {
      JSON.parse(c.Configuration);
    } catch {
      throw new InvalidInputException('Crawler configuration not valid: it must be a JSON document.');
    }
  }
}

export function crawlerOperations(catalog: GlueCatalog, lake: S3Lake, clock: Clock): Ops {
  const store = catalog.store;
  /** Crawls in progress in this process, by scope and name; the flag is how StopCrawler reaches a crawl. */
  const running = new Map<string, { stop: boolean }>();
  const key = (s: CatalogScope, name: string) => `${s.accountId}/${s.region}/${name}`;

  const load = (s: CatalogScope, name: string): CrawlerDoc => {
    const doc = store.named('crawlers', s, name);
    if (!doc) throw notFound(name);
    return revive(doc);
  };
  const save = (s: CatalogScope, d: CrawlerDoc) => store.putNamed('crawlers', s, d.crawler.Name!, JSON.stringify(d));

  /** The crawler as Get* returns it: CrawlElapsedTime counts while it runs. */
  const view = (d: CrawlerDoc): T.Crawler => {
    const c = { ...d.crawler };
    c.CrawlElapsedTime = d.runStartedAt && c.State !== 'READY' ? clock.now().getTime() - Date.parse(d.runStartedAt) : 0;
    return c;
  };

  // Crawls that were running when the process stopped did not finish: they end FAILED, never RUNNING forever.
  for (const { scope, doc } of store.everyCrawler()) {
    const d = revive(doc);
    if (d.crawler.State === 'READY') continue;
    d.crawler.State = 'READY';
    d.crawler.LastCrawl = { ...d.crawler.LastCrawl, Status: 'FAILED', ErrorMessage: 'The crawl was interrupted: Lakestack stopped while it ran.' };
    delete d.runStartedAt;
    save(scope, d);
  }

  const finish = (s: CatalogScope, name: string, status: 'SUCCEEDED' | 'CANCELLED' | 'FAILED', error: string | undefined, counts?: CrawlerDoc['last']) => {
    running.delete(key(s, name));
    const doc = store.named('crawlers', s, name);
    if (!doc) return; // deleted meanwhile
    const d = revive(doc);
    const started = d.runStartedAt ? Date.parse(d.runStartedAt) : clock.now().getTime();
    d.runtimes = [...d.runtimes, (clock.now().getTime() - started) / 1000].slice(-20);
    if (counts) d.last = counts;
    d.crawler.State = 'READY';
    d.crawler.LastCrawl = { ...d.crawler.LastCrawl, Status: status, ErrorMessage: error, StartTime: new Date(started) };
    if (!error) delete d.crawler.LastCrawl.ErrorMessage;
    delete d.runStartedAt;
    save(s, d);
  };

  const launch = (s: CatalogScope, d: CrawlerDoc) => {
    const flag = { stop: false };
    running.set(key(s, d.crawler.Name!), flag);
    const job = { catalog, lake, scope: s, crawler: d.crawler, classifiers: classifiersFor(store, s, d.crawler.Classifiers ?? []), cancelled: () => flag.stop };
    // Started on the next turn of the event loop: StartCrawler answers first, as Glue's does.
    setImmediate(() => {
      runCrawl(job).then(
        (counts) => finish(s, d.crawler.Name!, 'SUCCEEDED', undefined, counts),
        (err: unknown) => {
          if (err instanceof CrawlCancelled) return finish(s, d.crawler.Name!, 'CANCELLED', undefined);
          log.warn('crawl failed', { crawler: d.crawler.Name, error: err instanceof Error ? err.stack : String(err) });
          finish(s, d.crawler.Name!, 'FAILED', `Internal Service Exception: ${err instanceof Error ? err.message : String(err)}`);
        },
      );
    });
  };

  const build = (input: T.CreateCrawlerRequest | T.UpdateCrawlerRequest, base: T.Crawler): T.Crawler => {
    const c: T.Crawler = { ...base };
    for (const k of ['Role', 'DatabaseName', 'Description', 'Targets', 'Classifiers', 'TablePrefix', 'SchemaChangePolicy', 'RecrawlPolicy',
      'LineageConfiguration', 'LakeFormationConfiguration', 'Configuration', 'CrawlerSecurityConfiguration'] as const) {
      if (input[k] !== undefined) (c as Record<string, unknown>)[k] = input[k];
    }
    if (input.Schedule !== undefined) {
      if (input.Schedule === '') delete c.Schedule;
      else {
        validateSchedule(input.Schedule);
        c.Schedule = { ScheduleExpression: input.Schedule, State: 'SCHEDULED' };
      }
    }
    if (c.Targets) checkTargets(c.Targets);
    checkPolicies(c);
    return c;
  };

  return {
    async createCrawler(ctx, input) {
      const s = scopeOf(ctx);
      const now = clock.now();
      const crawler = build(input, {
        Name: input.Name,
        Classifiers: [],
        RecrawlPolicy: { RecrawlBehavior: 'CRAWL_EVERYTHING' },
        SchemaChangePolicy: { UpdateBehavior: 'UPDATE_IN_DATABASE', DeleteBehavior: 'DEPRECATE_IN_DATABASE' },
        LineageConfiguration: { CrawlerLineageSettings: 'DISABLE' },
        State: 'READY',
        CrawlElapsedTime: 0,
        CreationTime: now,
        LastUpdated: now,
        Version: 1,
        LakeFormationConfiguration: { UseLakeFormationCredentials: false, AccountId: '' },
      });
      store.transaction(() => {
        if (store.named('crawlers', s, input.Name)) throw new AlreadyExistsException(`${input.Name} already exists.`);
        save(s, { crawler, runtimes: [], last: { tablesCreated: 0, tablesUpdated: 0, tablesDeleted: 0 } });
      });
      if (input.Tags && Object.keys(input.Tags).length) store.setTags(crawlerArn(s, input.Name), input.Tags);
      return {};
    },

    async getCrawler(ctx, input) {
      return { Crawler: view(load(scopeOf(ctx), input.Name)) };
    },

    async getCrawlers(ctx, input) {
      const p = page(store.allNamed('crawlers', scopeOf(ctx)).map((d) => view(revive(d))), input.NextToken, input.MaxResults, 1000);
      return { Crawlers: p.items, NextToken: p.nextToken };
    },

    async batchGetCrawlers(ctx, input) {
      const s = scopeOf(ctx);
      const found: T.Crawler[] = [];
      const missing: string[] = [];
      for (const n of input.CrawlerNames) {
        const doc = store.named('crawlers', s, n);
        if (doc) found.push(view(revive(doc)));
        else missing.push(n);
      }
      return { Crawlers: found, CrawlersNotFound: missing };
    },

    async listCrawlers(ctx, input) {
      const s = scopeOf(ctx);
      let names = store.allNamed('crawlers', s).map((d) => revive(d).crawler.Name!);
      if (input.Tags && Object.keys(input.Tags).length) {
        names = names.filter((n) => {
          const tags = store.tags(crawlerArn(s, n));
          return Object.entries(input.Tags!).every(([k, v]) => tags[k] === v);
        });
      }
      const p = page(names, input.NextToken, input.MaxResults, 1000);
      return { CrawlerNames: p.items, NextToken: p.nextToken };
    },

    async updateCrawler(ctx, input) {
      const s = scopeOf(ctx);
      store.transaction(() => {
        const d = load(s, input.Name);
        if (d.crawler.State !== 'READY') throw new CrawlerRunningException(`Crawler with name ${input.Name} has already started`);
        d.crawler = { ...build(input, d.crawler), LastUpdated: clock.now(), Version: (d.crawler.Version ?? 1) + 1 };
        save(s, d);
      });
      return {};
    },

    async deleteCrawler(ctx, input) {
      const s = scopeOf(ctx);
      store.transaction(() => {
        const d = load(s, input.Name);
        if (d.crawler.State !== 'READY') throw new CrawlerRunningException(`Crawler with name ${input.Name} has already started`);
        store.deleteNamed('crawlers', s, input.Name);
      });
      store.setTags(crawlerArn(s, input.Name), {});
      return {};
    },

    async startCrawler(ctx, input) {
      const s = scopeOf(ctx);
      const d = store.transaction(() => {
        const doc = load(s, input.Name);
        if (doc.crawler.State !== 'READY') throw new CrawlerRunningException(`Crawler with name ${input.Name} has already started`);
        doc.crawler.State = 'RUNNING';
        doc.runStartedAt = clock.now().toISOString();
        doc.crawler.LastCrawl = { ...doc.crawler.LastCrawl, LogGroup: '/aws-glue/crawlers', LogStream: input.Name, MessagePrefix: randomUUID() };
        save(s, doc);
        return doc;
      });
      launch(s, d);
      return {};
    },

    async stopCrawler(ctx, input) {
      const s = scopeOf(ctx);
      store.transaction(() => {
        const d = load(s, input.Name);
        if (d.crawler.State === 'STOPPING') throw new CrawlerStoppingException(`Crawler with name ${input.Name} is stopping`);
        if (d.crawler.State !== 'RUNNING') throw new CrawlerNotRunningException(`Crawler with name ${input.Name} isn't running`);
        d.crawler.State = 'STOPPING';
        save(s, d);
      });
      const flag = running.get(key(s, input.Name));
      if (flag) flag.stop = true;
      else finish(s, input.Name, 'CANCELLED', undefined);
      return {};
    },

    async getCrawlerMetrics(ctx, input) {
      const s = scopeOf(ctx);
      const docs = input.CrawlerNameList?.length
        ? input.CrawlerNameList.map((n) => store.named('crawlers', s, n)).filter((d): d is string => !!d)
        : store.allNamed('crawlers', s);
      const metrics = docs.map((doc): T.CrawlerMetrics => {
        const d = revive(doc);
        const sorted = [...d.runtimes].sort((a, b) => a - b);
        const median = sorted.length ? (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2 : 0;
        return {
          CrawlerName: d.crawler.Name,
          TimeLeftSeconds: 0,
          StillEstimating: false,
          LastRuntimeSeconds: d.runtimes.at(-1) ?? 0,
          MedianRuntimeSeconds: median,
          TablesCreated: d.last.tablesCreated,
          TablesUpdated: d.last.tablesUpdated,
          TablesDeleted: d.last.tablesDeleted,
        };
      });
      const p = page(metrics, input.NextToken, input.MaxResults, 1000);
      return { CrawlerMetricsList: p.items, NextToken: p.nextToken };
    },

    async startCrawlerSchedule(ctx, input) {
      return setScheduleState(input.CrawlerName, 'SCHEDULED', scopeOf(ctx));
    },

    async stopCrawlerSchedule(ctx, input) {
      return setScheduleState(input.CrawlerName, 'NOT_SCHEDULED', scopeOf(ctx));
    },

    async updateCrawlerSchedule(ctx, input) {
      const s = scopeOf(ctx);
      store.transaction(() => {
        const d = load(s, input.CrawlerName);
        if (input.Schedule) {
          validateSchedule(input.Schedule);
          d.crawler.Schedule = { ScheduleExpression: input.Schedule, State: d.crawler.Schedule?.State ?? 'SCHEDULED' };
        } else delete d.crawler.Schedule;
        d.crawler.LastUpdated = clock.now();
        save(s, d);
      });
      return {};
    },
  };

  async function setScheduleState(name: string, state: 'SCHEDULED' | 'NOT_SCHEDULED', s: CatalogScope): Promise<Record<string, never>> {
    store.transaction(() => {
      const d = load(s, name);
      if (!d.crawler.Schedule?.ScheduleExpression) {
        if (state === 'NOT_SCHEDULED') throw new SchedulerNotRunningException(`Schedule for crawler ${name} is not running.`);
        throw new NoScheduleException(`No schedule exists for crawler ${name}.`);
      }
      if (d.crawler.Schedule.State === state) {
        throw state === 'SCHEDULED'
          ? new SchedulerRunningException(`Schedule for crawler ${name} is already running.`)
          : new SchedulerNotRunningException(`Schedule for crawler ${name} is not running.`);
      }
      d.crawler.Schedule = { ...d.crawler.Schedule, State: state };
      save(s, d);
    });
    return {};
  }
}
