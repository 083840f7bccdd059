// How a crawler turns the objects under an S3 target into tables and partitions, the way Glue decides it:
// when the files under a folder have compatible schemas the folder is one table and its subfolders are
// partitions (`k=v` names give key k, other names partition_0, partition_1, …); when they differ, each
// subfolder is considered on its own. One file per leaf folder is classified; the table's schema is the union.
import type { LakeFile } from '../../s3/lake.js';
import type { FileSchema } from './infer.js';
import { widen } from './types.js';

export interface PlannedPartition {
  values: string[];
  /** s3:// location of the partition folder, with its trailing slash. */
  location: string;
  files: LakeFile[];
}

export interface PlannedTable {
  name: string;
  /** s3:// location of the table folder, with its trailing slash. */
  location: string;
  /** Key prefix of the table folder inside its bucket (for recognising tables on a recrawl). */
  schema: FileSchema;
  partitionKeys: string[];
  partitions: PlannedPartition[];
  files: LakeFile[];
}

interface Folder {
  name: string;
  prefix: string;
  files: LakeFile[];
  children: Map<string, Folder>;
}

/** Schemas of the sampled files, by key. */
export type SchemaOf = (file: LakeFile) => Promise<FileSchema | undefined>;

function tree(bucket: string, prefix: string, name: string, files: LakeFile[]): Folder {
  const root: Folder = { name, prefix, files: [], children: new Map() };
  for (const f of files) {
    const rel = f.key.slice(prefix.length).split('/');
    let node = root;
    for (const seg of rel.slice(0, -1)) {
      let child = node.children.get(seg);
      if (!child) {
        child = { name: seg, prefix: `${node.prefix}${seg}/`, files: [], children: new Map() };
        node.children.set(seg, child);
      }
      node = child;
    }
    node.files.push(f);
  }
  void bucket;
  return root;
}

/** Folders that hold files, each with the first file in it (the one we classify). */
function leaves(f: Folder, out: Folder[] = []): Folder[] {
  if (f.files.length) out.push(f);
  for (const c of [...f.children.values()].sort((a, b) => a.name.localeCompare(b.name))) leaves(c, out);
  return out;
}

function allFiles(f: Folder, out: LakeFile[] = []): LakeFile[] {
  out.push(...f.files);
  for (const c of f.children.values()) allFiles(c, out);
  return out;
}

/** Glue's similarity test: same format (and delimiter) and at least 70% of the columns in common. */
function compatible(a: FileSchema, b: FileSchema): boolean {
  if (a.classification !== b.classification) return false;
  if (a.csv && b.csv && a.csv.delimiter !== b.csv.delimiter) return false;
  const names = new Set(a.columns.map((c) => c.Name));
  const common = b.columns.filter((c) => names.has(c.Name)).length;
  return common / Math.max(a.columns.length, b.columns.length, 1) >= 0.7;
}

/** The union of the columns seen, in order of first appearance, each with a type every file fits. */
function merge(schemas: FileSchema[]): FileSchema {
  const first = schemas[0]!;
  const cols = new Map<string, string>();
  for (const s of schemas) for (const c of s.columns) cols.set(c.Name, cols.has(c.Name) ? widen(cols.get(c.Name)!, c.Type) : c.Type);
  return {
    ...first,
    columns: [...cols].map(([Name, Type]) => ({ Name, Type })),
    recordCount: schemas.reduce((n, s) => n + s.recordCount, 0),
    csv: first.csv ? { ...first.csv, quoted: schemas.some((s) => s.csv?.quoted) } : undefined,
  };
}

/** Glue's table names: lower case, anything but letters, digits and underscores made an underscore. */
export function tableNameOf(folder: string): string {
  return folder.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

const SAMPLE_LEAVES = 200;

/**
 * The tables under one target. `name` is what a table rooted at the target itself is called: the last folder
 * of the target path, or the bucket for a whole-bucket target.
 */
export async function planTables(bucket: string, prefix: string, name: string, files: LakeFile[], schemaOf: SchemaOf): Promise<PlannedTable[]> {
  const out: PlannedTable[] = [];
  const visit = async (folder: Folder): Promise<void> => {
    const found = leaves(folder);
    if (!found.length) return;
    const sampled: FileSchema[] = [];
    for (const leaf of found.slice(0, SAMPLE_LEAVES)) {
      for (const f of leaf.files) {
        const s = await schemaOf(f);
        if (s) {
          sampled.push(s);
          break;
        }
      }
    }
    if (!sampled.length) return;
    const allAlike = sampled.every((s) => compatible(sampled[0]!, s));
    if (allAlike || folder.children.size === 0) {
      out.push(tableAt(bucket, folder, merge(sampled)));
      return;
    }
    // Different schemas side by side: each subfolder is its own candidate; loose files here are left out,
    // as Glue leaves out what fits no table.
    for (const c of [...folder.children.values()].sort((a, b) => a.name.localeCompare(b.name))) await visit(c);
  };
  await visit(tree(bucket, prefix, name, files));
  return out;
}

function tableAt(bucket: string, root: Folder, schema: FileSchema): PlannedTable {
  const files = allFiles(root);
  const location = `s3://${bucket}/${root.prefix}`;
  // Partition depth is that of the first data file below the table folder; files at other depths are not
  // part of any partition Glue could describe.
  const found = leaves(root);
  const depthOf = (f: Folder) => (f.prefix.slice(root.prefix.length).match(/\//g) ?? []).length;
  const depth = depthOf(found[0]!);
  const sample = found[0]!.prefix.slice(root.prefix.length).split('/').slice(0, depth);
  const partitionKeys = sample.map((seg, i) => (/^[^=]+=/.test(seg) ? seg.slice(0, seg.indexOf('=')).toLowerCase() : `partition_${i}`));
  const partitions: PlannedPartition[] = [];
  if (depth > 0) {
    for (const leaf of found) {
      if (depthOf(leaf) !== depth) continue;
      const segs = leaf.prefix.slice(root.prefix.length).split('/').slice(0, depth);
      const values = segs.map((seg) => (seg.includes('=') ? decodeURIComponent(seg.slice(seg.indexOf('=') + 1)) : seg));
      partitions.push({ values, location: `s3://${bucket}/${leaf.prefix}`, files: leaf.files });
    }
  }
  return { name: tableNameOf(root.name), location, schema, partitionKeys, partitions, files };
}
