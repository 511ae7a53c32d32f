import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

// Kysely table types; column names follow the original app's schema, so JSON needs no mapping.

export interface UsersTable {
  id: Generated<number>;
  email: string;
  username: string;
  password_hash: string;
  company_name: string | null;
  created_at: string;
  updated_at: string;
}
export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  kind: 'web' | 'desktop';
  created_at: string;
  expires_at: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
}
