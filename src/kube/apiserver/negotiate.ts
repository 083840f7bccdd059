// Content negotiation: which representation the client accepts (JSON, YAML, a Table) and which
// it sent. Protobuf and CBOR are not spoken yet: a client that accepts only those gets 406.

export interface Accepted {
  /** The client asked for meta.k8s.io Table (kubectl get). */
  table: boolean;
  /** The client asked for meta.k8s.io PartialObjectMetadata(List). */
  metadataOnly: boolean;
  yaml: boolean;
  /** Some representation we can produce is acceptable. */
  ok: boolean;
}

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [{ type: '*/*', params: {} }];
  return header.split(',').map((part) => {
    const [type, ...ps] = part.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of ps) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
    }
    return { type: (type ?? '').toLowerCase(), params };
  });
}

export function negotiate(header: string | undefined): Accepted {
  for (const r of parseAccept(header)) {
    const json = r.type === 'application/json' || r.type === '*/*' || r.type === 'application/*';
    const yaml = r.type === 'application/yaml';
    if (!json && !yaml) continue;
    if (r.params.as) {
      if (r.params.g !== 'meta.k8s.io' || (r.params.v !== 'v1' && r.params.v !== 'v1beta1')) continue;
      if (r.params.as === 'Table') return { table: true, metadataOnly: false, yaml, ok: true };
      if (r.params.as === 'PartialObjectMetadata' || r.params.as === 'PartialObjectMetadataList') return { table: false, metadataOnly: true, yaml, ok: true };
      continue;
    }
    return { table: false, metadataOnly: false, yaml, ok: true };
  }
  return { table: false, metadataOnly: false, yaml: false, ok: false };
}
