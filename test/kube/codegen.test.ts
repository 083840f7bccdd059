// The generated files under src/kube/generated/ are what scripts/codegen/kube.ts emits from the
// 1.33 OpenAPI document (and the upstream .proto files, where ../shared has them): never hand-edited, never stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../helpers/clients.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const swagger = path.resolve(repo, '../shared/kubernetes-openapi/swagger.json');

test('src/kube/generated is up to date with scripts/codegen/kube.ts', { skip: !existsSync(swagger) && !process.env.LAKESTACK_REQUIRE_ALL ? '../shared/kubernetes-openapi is not beside the repo' : false }, async () => {
  const r = await run(process.execPath, ['--import', 'tsx', path.join(repo, 'scripts/codegen/kube.ts'), '--check'], { ...process.env });
  assert.equal(r.code, 0, r.stdout + r.stderr);
});
