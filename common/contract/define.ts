import type { z } from 'zod';
import type { Role } from './roles';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * One operation of the contract. The HTTP router, the IPC table, the preload bridge and the
 * renderer client are all derived from these entries; nothing else names an operation.
 */
export interface OperationDef<I extends z.ZodType = z.ZodType, O = unknown, A extends boolean = boolean> {
  method: HttpMethod;
  /** Express-style path; `:name` segments are merged into the input. */
  path: string;
  input: I;
  /** false: callable without a signed-in account. */
  auth: A;
  /** With auth: the least role in the current workspace the caller needs; the door refuses the others (403). */
  role?: Role;
  /**
   * The input field naming the workspace the operation acts in (a workspace's own path); absent: the
   * session's current workspace. The door checks membership (404) and role there.
   */
  workspace?: 'id';
  /**
   * 'account': acts on the caller's own account (sign-in, two-factor, sessions, the workspaces list), not on
   * a workspace's data, so a workspace that requires two-factor sign-in does not stop it: a member without
   * two-factor can still reach Settings → Security and turn it on.
   */
  scope?: 'account';
  /**
   * Fields a change of which needs more than `role` (a workspace's own settings), while the rest of the
   * input is the caller's own (their locale and zone): the door refuses such a field to a lesser role with
   * 403, naming it, before the handler runs.
   */
  fieldRoles?: Readonly<Record<string, Role>>;
  /**
   * The operation takes a file (common/contract/files.ts): over HTTP the raw request body (any Content-Type
   * but JSON, or one multipart/form-data part), over IPC a Uint8Array, in the input field `file`; the other
   * fields come from the query string and the path. A body over `maxBytes` is refused (413) before it is read.
   */
  upload?: { maxBytes: number };
  /** The operation answers a FileOut: over HTTP its bytes, with its type and a Content-Disposition of this kind. */
  download?: 'attachment' | 'inline';
  /** HTTP status on success (default 200). */
  status?: number;
  summary: string;
  /** Phantom: carries the output type, never set at run time. */
  readonly output?: O;
}

/** `operation<Output>()({...})` fixes the output type and infers the input schema. */
export function operation<O>() {
  return <I extends z.ZodType, A extends boolean>(def: Omit<OperationDef<I, O, A>, 'output'>): OperationDef<I, O, A> => def;
}
