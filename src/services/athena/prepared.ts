// Prepared statements and named queries. `PREPARE name FROM …`, `EXECUTE name USING …` and `DEALLOCATE PREPARE
// name` arrive as SQL through StartQueryExecution; their headers are read here with a small scanner (the
// statement inside is the engine's to parse), and the statements live per workgroup as the API's
// Create/Get/List/Update/DeletePreparedStatement see them.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../aws/context.js';
import { InvalidRequestException, ResourceNotFoundException } from '../../aws/generated/athena/errors.js';
import type * as T from '../../aws/generated/athena/shapes.js';
import { EngineError } from '../../engine/engine.js';
import type { AthenaStore, Scope } from './store.js';
import { requireWorkGroup, scopeOf } from './workgroups.js';

export type PreparedLookup = (name: string) => T.PreparedStatement | undefined;

export type Utility =
  | { kind: 'utility'; apply: (store: AthenaStore, s: Scope, workgroup: string, now: Date) => void }
  | { kind: 'execute'; sql: string; parameters: string[] };

/** Leading words and the offset just after them; strings and quoted identifiers count as one token. */
function words(sql: string, n: number): { words: string[]; rest: number } {
  const out: string[] = [];
  let i = 0;
  while (out.length < n) {
    while (/\s/.test(sql[i] ?? '')) i++;
    if (i >= sql.length) break;
    const start = i;
    if (sql[i] === '"') {
      i = sql.indexOf('"', i + 1) + 1 || sql.length;
      out.push(sql.slice(start + 1, i - 1));
    } else {
      while (i < sql.length && /[A-Za-z0-9_]/.test(sql[i]!)) i++;
      if (i === start) i++;
      out.push(sql.slice(start, i));
    }
  }
  return { words: out, rest: i };
}

/** Splits `a, 'b,c', f(1, 2)` at top-level commas. */
function splitList(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") {
      let j = i + 1;
      while (j < text.length && !(text[j] === "'" && text[j + 1] !== "'")) j += text[j] === "'" ? 2 : 1;
      cur += text.slice(i, j + 1);
      i = j;
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { out.push(cur.trim()); cur = ''; continue; }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const fail = (message: string): Utility => ({ kind: 'utility', apply: () => { throw new EngineError('SYNTAX_ERROR', message); } });

/** PREPARE / EXECUTE / DEALLOCATE PREPARE, or undefined for any other statement. */
export function utilityStatement(sql: string, lookup: PreparedLookup): Utility | undefined {
  const head = words(sql, 3);
  const w = head.words.map((x) => x.toUpperCase());
  if (w[0] === 'PREPARE') {
    const name = head.words[1];
    if (!name || w[2] !== 'FROM') return fail("line 1:1: mismatched input. Expecting: 'PREPARE' <name> 'FROM' <statement>");
    const statement = sql.slice(head.rest).trim();
    return {
      kind: 'utility',
      apply: (store, s, workgroup, now) => store.putPreparedStatement(s, { StatementName: name, QueryStatement: statement, WorkGroupName: workgroup, LastModifiedTime: now }),
    };
  }
  if (w[0] === 'DEALLOCATE') {
    const name = head.words[2];
    if (w[1] !== 'PREPARE' || !name) return fail("line 1:1: mismatched input. Expecting: 'DEALLOCATE' 'PREPARE' <name>");
    return {
      kind: 'utility',
      apply: (store, s, workgroup) => {
        if (!store.deletePreparedStatement(s, workgroup, name)) throw new EngineError('NOT_SUPPORTED', `Prepared statement not found: ${name}`);
      },
    };
  }
  if (w[0] === 'EXECUTE') {
    const two = words(sql, 2);
    const name = two.words[1];
    if (!name) return fail("line 1:1: mismatched input. Expecting: 'EXECUTE' <name>");
    const p = lookup(name);
    if (!p?.QueryStatement) return fail(`Prepared statement not found: ${name}`);
    const after = words(sql.slice(two.rest), 1);
    const parameters = after.words[0]?.toUpperCase() === 'USING' ? splitList(sql.slice(two.rest + after.rest)) : [];
    return { kind: 'execute', sql: p.QueryStatement, parameters };
  }
  return undefined;
}

export function preparedOperations(store: AthenaStore) {
  const require = (ctx: RequestContext, wg: string, name: string): T.PreparedStatement => {
    requireWorkGroup(store, ctx, wg);
    const p = store.preparedStatement(scopeOf(ctx), wg, name);
    if (!p) throw new ResourceNotFoundException(`Prepared statement ${name} was not found in workgroup ${wg}.`);
    return p;
  };
  return {
    async createPreparedStatement(ctx: RequestContext, input: T.CreatePreparedStatementInput): Promise<T.CreatePreparedStatementOutput> {
      requireWorkGroup(store, ctx, input.WorkGroup);
      if (store.preparedStatement(scopeOf(ctx), input.WorkGroup, input.StatementName)) {
        throw new InvalidRequestException(`Prepared statement ${input.StatementName} already exists in WorkGroup ${input.WorkGroup}`, { AthenaErrorCode: 'INVALID_INPUT' });
      }
      store.putPreparedStatement(scopeOf(ctx), { StatementName: input.StatementName, QueryStatement: input.QueryStatement, WorkGroupName: input.WorkGroup, Description: input.Description, LastModifiedTime: ctx.clock.now() });
      return {};
    },
    async getPreparedStatement(ctx: RequestContext, input: T.GetPreparedStatementInput): Promise<T.GetPreparedStatementOutput> {
      return { PreparedStatement: require(ctx, input.WorkGroup, input.StatementName) };
    },
    async updatePreparedStatement(ctx: RequestContext, input: T.UpdatePreparedStatementInput): Promise<T.UpdatePreparedStatementOutput> {
      const p = require(ctx, input.WorkGroup, input.StatementName);
      store.putPreparedStatement(scopeOf(ctx), { ...p, QueryStatement: input.QueryStatement, Description: input.Description ?? p.Description, LastModifiedTime: ctx.clock.now() });
      return {};
    },
    async deletePreparedStatement(ctx: RequestContext, input: T.DeletePreparedStatementInput): Promise<T.DeletePreparedStatementOutput> {
      require(ctx, input.WorkGroup, input.StatementName);
      store.deletePreparedStatement(scopeOf(ctx), input.WorkGroup, input.StatementName);
      return {};
    },
    async listPreparedStatements(ctx: RequestContext, input: T.ListPreparedStatementsInput): Promise<T.ListPreparedStatementsOutput> {
      requireWorkGroup(store, ctx, input.WorkGroup);
      return { PreparedStatements: store.preparedStatements(scopeOf(ctx), input.WorkGroup).map((p) => ({ StatementName: p.StatementName, LastModifiedTime: p.LastModifiedTime })) };
    },
    async batchGetPreparedStatement(ctx: RequestContext, input: T.BatchGetPreparedStatementInput): Promise<T.BatchGetPreparedStatementOutput> {
      requireWorkGroup(store, ctx, input.WorkGroup);
      const out: T.BatchGetPreparedStatementOutput = { PreparedStatements: [], UnprocessedPreparedStatementNames: [] };
      for (const name of input.PreparedStatementNames) {
        const p = store.preparedStatement(scopeOf(ctx), input.WorkGroup, name);
        if (p) out.PreparedStatements!.push(p);
        else out.UnprocessedPreparedStatementNames!.push({ StatementName: name, ErrorCode: 'INVALID_INPUT', ErrorMessage: `Prepared statement ${name} was not found` });
      }
      return out;
    },

    async createNamedQuery(ctx: RequestContext, input: T.CreateNamedQueryInput): Promise<T.CreateNamedQueryOutput> {
      const wg = requireWorkGroup(store, ctx, input.WorkGroup ?? 'primary');
      const id = randomUUID();
      store.putNamedQuery(scopeOf(ctx), { Name: input.Name, Description: input.Description, Database: input.Database, QueryString: input.QueryString, NamedQueryId: id, WorkGroup: wg.Name });
      return { NamedQueryId: id };
    },
    async getNamedQuery(ctx: RequestContext, input: T.GetNamedQueryInput): Promise<T.GetNamedQueryOutput> {
      const q = store.namedQuery(scopeOf(ctx), input.NamedQueryId);
      if (!q) throw new InvalidRequestException(`NamedQuery ${input.NamedQueryId} was not found`, { AthenaErrorCode: 'INVALID_INPUT' });
      return { NamedQuery: q };
    },
    async updateNamedQuery(ctx: RequestContext, input: T.UpdateNamedQueryInput): Promise<T.UpdateNamedQueryOutput> {
      const q = store.namedQuery(scopeOf(ctx), input.NamedQueryId);
      if (!q) throw new InvalidRequestException(`NamedQuery ${input.NamedQueryId} was not found`, { AthenaErrorCode: 'INVALID_INPUT' });
      store.putNamedQuery(scopeOf(ctx), { ...q, Name: input.Name, Description: input.Description, QueryString: input.QueryString });
      return {};
    },
    async deleteNamedQuery(ctx: RequestContext, input: T.DeleteNamedQueryInput): Promise<T.DeleteNamedQueryOutput> {
      store.deleteNamedQuery(scopeOf(ctx), input.NamedQueryId);
      return {};
    },
    async listNamedQueries(ctx: RequestContext, input: T.ListNamedQueriesInput): Promise<T.ListNamedQueriesOutput> {
      const wg = requireWorkGroup(store, ctx, input.WorkGroup ?? 'primary');
      return { NamedQueryIds: store.namedQueries(scopeOf(ctx), wg.Name) };
    },
    async batchGetNamedQuery(ctx: RequestContext, input: T.BatchGetNamedQueryInput): Promise<T.BatchGetNamedQueryOutput> {
      const out: T.BatchGetNamedQueryOutput = { NamedQueries: [], UnprocessedNamedQueryIds: [] };
      for (const id of input.NamedQueryIds) {
        const q = store.namedQuery(scopeOf(ctx), id);
        if (q) out.NamedQueries!.push(q);
        else out.UnprocessedNamedQueryIds!.push({ NamedQueryId: id, ErrorCode: 'INVALID_INPUT', ErrorMessage: `NamedQuery ${id} was not found` });
      }
      return out;
    },
  };
}
