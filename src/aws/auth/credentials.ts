import type { SqliteDatabase } from '../../storage/db.js';
import { migrate } from '../../storage/db.js';
import type { Statement } from 'better-sqlite3';

/** A key pair the auth layer can verify signatures with. */
export interface StoredCredential {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  /** The caller this key signs as: arn:aws:iam::ACCT:user/NAME, arn:aws:sts::ACCT:assumed-role/ROLE/SESSION, or root. */
  principalArn: string;
  /** GetCallerIdentity's UserId: AIDA… for users, AROA…:session for roles, the account id for root. */
  userId: string;
  /** Present for temporary (STS) credentials: the token the client must send as X-Amz-Security-Token. */
  sessionToken?: string;
  /** ISO time after which temporary credentials stop working. */
  expiration?: string;
  status: 'Active' | 'Inactive';
  /** What created it: iam (CreateAccessKey), sts (AssumeRole, GetSessionToken) or root (configured). */
  source: 'iam' | 'sts' | 'root';
  createdAt: string;
}

interface Row {
  access_key_id: string;
  secret_access_key: string;
  account_id: string;
  principal_arn: string;
  user_id: string;
  session_token: string | null;
  expiration: string | null;
  status: string;
  source: string;
  created_at: string;
}

/**
 * The access keys known to Lakestack, shared by IAM (CreateAccessKey), STS (temporary credentials) and the
 * auth layer (which looks a key up to verify a signature). Kept apart from IAM's own tables so that STS and
 * the gateway do not depend on the IAM provider.
 */
export class CredentialStore {
  // Prepared once: every signed request looks its key up here.
  private readonly byId: Statement<[string], Row>;

  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'credentials', [
      {
        id: '001-credentials',
        sql: `CREATE TABLE credentials (
          access_key_id TEXT PRIMARY KEY,
          secret_access_key TEXT NOT NULL,
          account_id TEXT NOT NULL,
          principal_arn TEXT NOT NULL,
          user_id TEXT NOT NULL,
          session_token TEXT,
          expiration TEXT,
          status TEXT NOT NULL,
          source TEXT NOT NULL,
          created_at TEXT NOT NULL)`,
      },
    ]);
    this.byId = db.prepare<[string], Row>('SELECT * FROM credentials WHERE access_key_id = ?');
  }

  put(c: StoredCredential): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO credentials (access_key_id, secret_access_key, account_id, principal_arn, user_id, session_token, expiration, status, source, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(c.accessKeyId, c.secretAccessKey, c.accountId, c.principalArn, c.userId, c.sessionToken ?? null, c.expiration ?? null, c.status, c.source, c.createdAt);
  }

  get(accessKeyId: string): StoredCredential | undefined {
    const r = this.byId.get(accessKeyId);
    if (!r) return undefined;
    return {
      accessKeyId: r.access_key_id,
      secretAccessKey: r.secret_access_key,
      accountId: r.account_id,
      principalArn: r.principal_arn,
      userId: r.user_id,
      sessionToken: r.session_token ?? undefined,
      expiration: r.expiration ?? undefined,
      status: r.status === 'Inactive' ? 'Inactive' : 'Active',
      source: r.source as StoredCredential['source'],
      createdAt: r.created_at,
    };
  }

  setStatus(accessKeyId: string, status: 'Active' | 'Inactive'): void {
    this.db.prepare('UPDATE credentials SET status = ? WHERE access_key_id = ?').run(status, accessKeyId);
  }

  delete(accessKeyId: string): void {
    this.db.prepare('DELETE FROM credentials WHERE access_key_id = ?').run(accessKeyId);
  }
}
