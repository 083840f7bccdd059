// Shared types for the rewrite tables. A rewrite gets the call's (already rewritten) arguments
// and returns the replacement subtree, or null to leave the node to polyglot.
import type { Call, Node } from './ast.js';

export type Rewrite = (args: Node[], call: Call, node: Node) => Node | null;
export type RewriteTable = Record<string, Rewrite>;

/** Rename to a DuckDB function polyglot must not touch (`ls__` is stripped after transpiling). */
export const DUCK = 'ls__';
