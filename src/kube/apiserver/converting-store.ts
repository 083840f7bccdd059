// A resource served in a version other than the one it is stored in (autoscaling/v1
// HorizontalPodAutoscalers stored as autoscaling/v2): the same keys and the storage version's
// strategy, with every object converted on the way in and out, as upstream's conversion between
// external versions through the stored one.
import type { KubeStore, KeyValue } from '../store/types.js';
import type { KindDef, KubeObject, StrategyContext } from '../registry/types.js';
import { GenericStore, type DeleteOptions, type ListPage, type WriteOptions } from './generic-store.js';

export interface Conversion {
  storage: KindDef;
  toStorage(obj: KubeObject): KubeObject;
  fromStorage(obj: KubeObject): KubeObject;
}

export class ConvertingStore extends GenericStore {
  private readonly inner: GenericStore;

  constructor(kv: KubeStore, def: KindDef, cluster: string, ctx: () => StrategyContext, private readonly conv: Conversion) {
    super(kv, def, cluster, ctx);
    this.inner = new GenericStore(kv, conv.storage, cluster, ctx);
  }

  override decode(kv: KeyValue, revision?: number): KubeObject {
    return this.conv.fromStorage(this.inner.decode(kv, revision));
  }

  override async get(namespace: string, name: string, revision?: number): Promise<KubeObject> {
    return this.conv.fromStorage(await this.inner.get(namespace, name, revision));
  }

  override async listPage(namespace: string, limit: number | undefined, after: string | undefined, revision: number): Promise<ListPage & { more: boolean }> {
    const page = await this.inner.listPage(namespace, limit, after, revision);
    return { ...page, items: page.items.map((o) => this.conv.fromStorage(o)) };
  }

  override async create(namespace: string, input: KubeObject, opts: WriteOptions = {}): Promise<KubeObject> {
    return this.conv.fromStorage(await this.inner.create(namespace, this.conv.toStorage(input), opts));
  }

  override async update(
    namespace: string,
    name: string,
    mutate: (current: KubeObject | null) => KubeObject | Promise<KubeObject>,
    opts: WriteOptions = {},
  ): Promise<{ object: KubeObject; created: boolean }> {
    const r = await this.inner.update(namespace, name, async (cur) => this.conv.toStorage(await mutate(cur ? this.conv.fromStorage(cur) : null)), opts);
    return { ...r, object: this.conv.fromStorage(r.object) };
  }

  override async delete(namespace: string, name: string, opts: DeleteOptions = {}): Promise<{ object: KubeObject; deleted: boolean }> {
    const r = await this.inner.delete(namespace, name, opts);
    return { ...r, object: this.conv.fromStorage(r.object) };
  }
}
