import { createHash, randomBytes } from 'node:crypto';
import { DeskReviewLog, type DeskReview } from '../leads/DeskReviewLog.ts';
import { DeskError } from './DeskError.ts';
import { deskRoles, type DeskRole } from './deskRoles.ts';
import { defaultScryptCost, hashPassword, verifyPassword, type ScryptCost } from './passwordHash.ts';

export interface DeskSettings {
  /** Failed logins in a row that lock an account (OWASP Authentication Cheat Sheet: a small number). */
  maxFailedLogins: number;
  /** How long a locked account stays locked; an admin can unlock it sooner. */
  lockMinutes: number;
  /** A session ends after this long without a request… */
  idleMinutes: number;
  /** …and after this long in any case (a working day). */
  absoluteHours: number;
}

export const defaultDeskSettings: DeskSettings = { maxFailedLogins: 5, lockMinutes: 15, idleMinutes: 30, absoluteHours: 12 };

export interface DeskUser {
  name: string;
  role: DeskRole;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  created_by: string;
}

export interface DeskSession {
  user: string;
  role: DeskRole;
  csrf: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  lead_id: string | null;
  detail: string | null;
}

export type LoginOutcome = { ok: true; user: DeskUser } | { ok: false; reason: 'wrong' | 'locked' };

const userName = /^[\p{L}\p{N}_.-]{2,40}$/u;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The desk's own SQLite store (DeskReviewLog.pathFor(main db)): users, sessions, the audit log
 * and the reviews. Reviews and the audit log are append-only (triggers refuse update and
 * delete). Session tokens are kept only as SHA-256 hashes, so a copy of the file opens no
 * session.
 */
export class DeskStore {
  readonly reviews: DeskReviewLog;
  private dummyHash: Promise<string> | null = null;

  private constructor(reviews: DeskReviewLog, readonly settings: DeskSettings) {
    this.reviews = reviews;
  }

  static open(path: string, settings: Partial<DeskSettings> = {}): DeskStore {
    const reviews = DeskReviewLog.open(path);
    reviews.sqlite.exec(`create table if not exists desk_users (
      name text primary key,
      role text not null check (role in ('admin', 'reviewer', 'analyst')),
      password_hash text not null,
      failed_logins integer not null default 0,
      locked_until text,
      created_at text not null,
      created_by text not null
    );
    create table if not exists desk_sessions (
      token_hash text primary key,
      user_name text not null references desk_users(name),
      csrf text not null,
      created_at integer not null,
      last_seen_at integer not null
    );
    create table if not exists desk_audit (
      seq integer primary key autoincrement,
      at text not null,
      actor text not null,
      action text not null,
      lead_id text,
      detail text
    );
    create trigger if not exists desk_audit_append_only_update before update on desk_audit
      begin select raise(abort, 'desk_audit is append-only'); end;
    create trigger if not exists desk_audit_append_only_delete before delete on desk_audit
      begin select raise(abort, 'desk_audit is append-only'); end;`);
    return new DeskStore(reviews, { ...defaultDeskSettings, ...settings });
  }

  private get sqlite() {
    return this.reviews.sqlite;
  }

  async addUser(name: string, role: string, password: string, createdBy: string, cost: ScryptCost = defaultScryptCost): Promise<DeskUser> {
    if (!userName.test(name)) throw new DeskError('bad_user_name', `user name "${name}": 2–40 letters, digits, _ . - (no spaces)`);
    if (!(deskRoles as readonly string[]).includes(role)) throw new DeskError('bad_role', `role "${role}": use one of ${deskRoles.join(', ')}`);
    // NIST SP 800-63B §5.1.1.2: at least 8 characters; length, not composition rules.
    if ([...password].length < 8) throw new DeskError('weak_password', 'a password needs at least 8 characters');
    if (this.user(name)) throw new DeskError('user_exists', `user "${name}" exists already`);
    const hash = await hashPassword(password, cost);
    this.sqlite.prepare('insert into desk_users (name, role, password_hash, created_at, created_by) values (?, ?, ?, ?, ?)')
      .run(name, role, hash, new Date().toISOString(), createdBy);
    this.audit(createdBy, 'user_added', null, `${name} (${role})`);
    return this.user(name)!;
  }

  user(name: string): DeskUser | undefined {
    return this.sqlite.prepare('select name, role, failed_logins, locked_until, created_at, created_by from desk_users where name = ?').get(name) as DeskUser | undefined;
  }

  users(): DeskUser[] {
    return this.sqlite.prepare('select name, role, failed_logins, locked_until, created_at, created_by from desk_users order by name').all() as DeskUser[];
  }

  unlock(name: string, by: string): void {
    const changed = this.sqlite.prepare('update desk_users set failed_logins = 0, locked_until = null where name = ?').run(name).changes;
    if (changed === 0) throw new DeskError('unknown_user', `no user "${name}"`);
    this.audit(by, 'user_unlocked', null, name);
  }

  /**
   * Checks a password. A locked account is refused without looking at the password (a correct
   * guess must not unlock it); an unknown name costs the same scrypt work as a known one, so the
   * time taken does not tell which names exist.
   */
  async login(name: string, password: string, now = new Date()): Promise<LoginOutcome> {
    const row = this.sqlite.prepare('select password_hash, locked_until from desk_users where name = ?').get(name) as
      { password_hash: string; locked_until: string | null } | undefined;
    if (!row) {
      this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      await verifyPassword(password, await this.dummyHash);
      this.audit(name.slice(0, 40) || '?', 'login_failed', null, 'unknown user');
      return { ok: false, reason: 'wrong' };
    }
    if (row.locked_until && Date.parse(row.locked_until) > now.getTime()) {
      this.audit(name, 'login_refused_locked', null, `locked until ${row.locked_until}`);
      return { ok: false, reason: 'locked' };
    }
    if (await verifyPassword(password, row.password_hash)) {
      this.sqlite.prepare('update desk_users set failed_logins = 0, locked_until = null where name = ?').run(name);
      this.audit(name, 'login', null, null);
      return { ok: true, user: this.user(name)! };
    }
    const failed = (this.sqlite.prepare('update desk_users set failed_logins = failed_logins + 1 where name = ? returning failed_logins').get(name) as { failed_logins: number }).failed_logins;
    this.audit(name, 'login_failed', null, `failure ${failed}`);
    if (failed >= this.settings.maxFailedLogins) {
      const until = new Date(now.getTime() + this.settings.lockMinutes * 60_000).toISOString();
      this.sqlite.prepare('update desk_users set locked_until = ?, failed_logins = 0 where name = ?').run(until, name);
      this.audit(name, 'account_locked', null, `${failed} failed logins; locked until ${until}`);
      return { ok: false, reason: 'locked' };
    }
    return { ok: false, reason: 'wrong' };
  }

  /** A new session for `user`: the cookie's token (kept here only as its hash) and the session's CSRF token. */
  createSession(user: string, now = Date.now()): { token: string; csrf: string } {
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    this.sqlite.prepare('insert into desk_sessions (token_hash, user_name, csrf, created_at, last_seen_at) values (?, ?, ?, ?, ?)')
      .run(tokenHash(token), user, csrf, now, now);
    return { token, csrf };
  }

  /** The live session of a cookie token, touched; null when unknown, idle too long or too old. */
  session(token: string | undefined, now = Date.now()): DeskSession | null {
    if (!token) return null;
    const hash = tokenHash(token);
    const row = this.sqlite.prepare(`select s.user_name as user, u.role, s.csrf, s.created_at, s.last_seen_at
      from desk_sessions s join desk_users u on u.name = s.user_name where s.token_hash = ?`).get(hash) as
      (DeskSession & { created_at: number; last_seen_at: number }) | undefined;
    if (!row) return null;
    const expired = now - row.last_seen_at > this.settings.idleMinutes * 60_000 || now - row.created_at > this.settings.absoluteHours * 3_600_000;
    if (expired) {
      this.sqlite.prepare('delete from desk_sessions where token_hash = ?').run(hash);
      this.audit(row.user, 'session_expired', null, null);
      return null;
    }
    this.sqlite.prepare('update desk_sessions set last_seen_at = ? where token_hash = ?').run(now, hash);
    return { user: row.user, role: row.role, csrf: row.csrf };
  }

  endSession(token: string | undefined): void {
    if (token) this.sqlite.prepare('delete from desk_sessions where token_hash = ?').run(tokenHash(token));
  }

  audit(actor: string, action: string, leadId: string | null, detail: string | null): void {
    this.sqlite.prepare('insert into desk_audit (at, actor, action, lead_id, detail) values (?, ?, ?, ?, ?)')
      .run(new Date().toISOString(), actor, action, leadId, detail);
  }

  auditLog(leadId?: string, limit = 500): AuditEntry[] {
    return (leadId
      ? this.sqlite.prepare('select * from desk_audit where lead_id = ? order by seq desc limit ?').all(leadId, limit)
      : this.sqlite.prepare('select * from desk_audit order by seq desc limit ?').all(limit)) as AuditEntry[];
  }

  appendReview(review: Omit<DeskReview, 'review_id'>): DeskReview {
    const entry = { ...review, review_id: `D-${randomBytes(8).toString('hex')}` };
    this.sqlite.transaction(() => {
      this.reviews.append(entry);
      this.audit(review.reviewer, 'review', review.lead_id, `${review.from_status} → ${review.to_status}${review.assignee ? `, assigned to ${review.assignee}` : ''}`);
    })();
    return entry;
  }

  close(): void {
    this.reviews.close();
  }
}
