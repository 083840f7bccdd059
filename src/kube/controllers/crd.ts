// Serves what CustomResourceDefinitions define: on start and on every CRD change the API server's
// custom kinds follow the CRDs; a deleted CRD takes its custom resources with it (upstream does
// this through the customresourcecleanup finalizer; here the CRD is already gone when we clean).
import { log } from '../../core/log.js';
import type { KubeApiServer } from '../apiserver/server.js';
import { customKinds } from '../apiserver/custom-resources.js';
import type { Crd } from '../registry/apiextensions/customresourcedefinition.js';
import type { WatchHandle } from '../store/types.js';

export class CrdController {
  private watch: WatchHandle | null = null;

  constructor(private readonly api: KubeApiServer) {}

  async start(): Promise<void> {
    const crds = this.api.storeFor('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
    const page = await crds.listPage('', undefined, undefined, 0);
    for (const crd of page.items) this.api.setCustomKinds(crd.metadata.name!, customKinds(crd as Crd));
    this.watch = await crds.kv.watch(crds.listPrefix(''), page.revision + 1, (ev) => {
      if (ev.type === 'PUT') {
        const crd = crds.decode(ev.kv) as Crd;
        this.api.setCustomKinds(crd.metadata.name!, customKinds(crd));
      } else {
        const crd = crds.decode(ev.prevKv) as Crd;
        void this.cleanup(crd).catch((err: unknown) => log.warn('crd controller: cleanup failed', { crd: crd.metadata.name, error: String(err) }));
      }
    });
  }

  private async cleanup(crd: Crd): Promise<void> {
    const defs = customKinds({ ...crd, metadata: { ...crd.metadata, deletionTimestamp: undefined } });
    const storage = defs[0];
    if (storage) {
      const store = this.api.storeFor(storage.info.group, storage.info.version, storage.info.plural);
      const page = await store.listPage('', undefined, undefined, 0);
      for (const obj of page.items) await store.delete(obj.metadata.namespace ?? '', obj.metadata.name!, {}).catch(() => undefined);
    }
    this.api.setCustomKinds(crd.metadata.name!, []);
  }

  async stop(): Promise<void> {
    await this.watch?.cancel();
  }
}
