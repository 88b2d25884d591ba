import type { Store } from '../store/database.ts';
import type { UsersTable } from '../store/schema/accounts-tables.ts';
import { conflict, notFound } from '../util/errors.ts';
import { newId } from '../util/ids.ts';
import type { PlatformUser } from '../api-contract/organizations.ts';
import type { Role } from './principal.ts';

export { roles } from '../api-contract/formats.ts';

/** A console user: the API's resource without its `object` tag. */
export type User = Omit<PlatformUser, 'object'>;

export interface UserWithPassword extends User {
  passwordHash: string;
}

function toUser(row: UsersTable): UserWithPassword {
  return {
    id: row.id,
    orgId: row.org_id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    isOperator: row.is_operator === 1,
    enabled: row.enabled === 1,
    createdAt: Number(row.created_at),
    selfRegistered: row.self_registered === 1,
    emailVerifiedAt: row.email_verified_at === null ? null : Number(row.email_verified_at),
    approvedAt: row.approved_at === null ? null : Number(row.approved_at),
    passwordHash: row.password_hash,
  };
}

export function publicUser(user: UserWithPassword | User): User {
  const { passwordHash: _hidden, ...rest } = user as UserWithPassword;
  return rest;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class UserRepository {
  constructor(private readonly store: Store) {}

  async create(input: {
    orgId: string;
    email: string;
    name: string;
    role: Role;
    passwordHash: string;
    isOperator?: boolean;
    selfRegistered?: boolean;
  }): Promise<User> {
    const email = normalizeEmail(input.email);
    if (await this.findByEmail(email))
      throw conflict(`A user with the email '${email}' already exists.`, 'user_exists');
    const row: UsersTable = {
      id: newId('user'),
      org_id: input.orgId,
      email,
      name: input.name,
      role: input.role,
      password_hash: input.passwordHash,
      is_operator: input.isOperator ? 1 : 0,
      enabled: 1,
      created_at: Date.now(),
      self_registered: input.selfRegistered ? 1 : 0,
      email_verified_at: null,
      approved_at: null,
      locale: null,
    };
    await this.store.db.insertInto('users').values(row).execute();
    return publicUser(toUser(row));
  }

  async findByEmail(email: string): Promise<UserWithPassword | null> {
    const row = await this.store.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', normalizeEmail(email))
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async findById(id: string): Promise<UserWithPassword | null> {
    const row = await this.store.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async get(id: string): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw notFound(`No user '${id}'.`, 'user_not_found');
    return publicUser(user);
  }

  async listByOrg(orgId: string | null): Promise<User[]> {
    let query = this.store.db.selectFrom('users').selectAll().orderBy('created_at');
    if (orgId) query = query.where('org_id', '=', orgId);
    return (await query.execute()).map((row) => publicUser(toUser(row)));
  }

  /** The console language the user chose; notices by e-mail are written in it. */
  async setLocale(id: string, locale: 'zh-CN' | 'en'): Promise<void> {
    await this.store.db.updateTable('users').set({ locale }).where('id', '=', id).execute();
  }

  async count(): Promise<number> {
    const row = await this.store.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** Self-registered users neither verified nor approved yet (newest first). */
  async listUnverified(): Promise<User[]> {
    const rows = await this.store.db
      .selectFrom('users')
      .selectAll()
      .where('self_registered', '=', 1)
      .where('email_verified_at', 'is', null)
      .where('approved_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(500)
      .execute();
    return rows.map((row) => publicUser(toUser(row)));
  }

  /** Sets a verification time once; true when this call set it. */
  async markVerified(id: string, field: 'email_verified_at' | 'approved_at', at: number): Promise<boolean> {
    const result = await this.store.db
      .updateTable('users')
      .set({ [field]: at })
      .where('id', '=', id)
      .where(field, 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async update(
    id: string,
    changes: { name?: string; role?: Role; enabled?: boolean; passwordHash?: string },
  ): Promise<User> {
    const values: Partial<UsersTable> = {};
    if (changes.name !== undefined) values.name = changes.name;
    if (changes.role !== undefined) values.role = changes.role;
    if (changes.enabled !== undefined) values.enabled = changes.enabled ? 1 : 0;
    if (changes.passwordHash !== undefined) values.password_hash = changes.passwordHash;
    if (Object.keys(values).length > 0)
      await this.store.db.updateTable('users').set(values).where('id', '=', id).execute();
    return this.get(id);
  }
}
