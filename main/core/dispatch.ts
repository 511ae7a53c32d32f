import { contract, type InputOf, type OperationDef, type OperationName, type OutputOf } from '../../common/contract';
import { parseInput } from '../../common/contract/validate';
import { AppError, type Result } from '../../common/errors';
import { roleAtLeast, roleRefusal, rolesFrom, type Role } from '../../common/contract/roles';
import type { Logger } from '../ports';
import type { RequestContext } from './context';
import type { Handlers } from './handlers';
import { TWO_FACTOR_REQUIRED, type ResolveAccess } from './workspace-access';

/** The door for transports: the name and input arrive untrusted (a URL, an IPC channel). */
export type Dispatch = (name: string, raw: unknown, ctx: RequestContext) => Promise<Result<unknown>>;

/** The same door for in-process callers (tray, tests): renaming an operation or a field breaks them at compile time. */
export type Invoke = <K extends OperationName>(name: K, input: InputOf<K>, ctx: RequestContext) => Promise<Result<OutputOf<K>>>;

export interface Door {
  dispatch: Dispatch;
  invoke: Invoke;
}

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Every operation takes named fields; nothing else (a list, a string, a Date over IPC) gets near a schema. */
function asFields(raw: unknown): object {
  if (raw === undefined || raw === null) return {};
  const proto: unknown = typeof raw === 'object' ? Object.getPrototypeOf(raw) : undefined;
  if (typeof raw !== 'object' || Array.isArray(raw) || (proto !== Object.prototype && proto !== null)) {
    const message = 'The input must be an object of named fields, like { "name": "Figma" }';
    // "_" names the input as a whole, as zod issues without a path do.
    throw new AppError('validation', message, { _: message });
  }
  return raw;
}

/** A field the caller's role may not change, named under itself: the rest of the same input would have been theirs. */
function refuseFieldsAbove(op: OperationDef, input: Record<string, unknown>, role: Role): void {
  const fields: Record<string, string> = {};
  for (const [field, least] of Object.entries(op.fieldRoles ?? {})) {
    if (input[field] !== undefined && !roleAtLeast(role, least)) fields[field] = `Only ${rolesFrom(least)} can change this for the workspace; you are ${rolesFrom(role).split(' ')[0]} ${role}`;
  }
  const named = Object.keys(fields);
  if (named.length > 0) throw new AppError('forbidden', `${named.join(', ')}: ${fields[named[0]!]!}`, fields);
}

const unknownOperation = (name: string) => new AppError('not_found', `Unknown operation "${name}"`);

/** The one door every caller goes through: auth check, workspace and role check, zod parse, handler, error as value. */
export function createDoor(handlers: Handlers, logger: Logger, resolveAccess: ResolveAccess): Door {
  async function run<K extends OperationName>(name: K, raw: unknown, given: RequestContext): Promise<Result<OutputOf<K>>> {
    const op: OperationDef = contract[name];
    if (op.auth && given.userId === null) throw new AppError('unauthorized', 'Sign in first');
    let ctx: RequestContext = { ...given, workspaceId: null, role: null };
    const admit = async (named: unknown) => {
      if (!op.auth || given.userId === null) return;
      const access = await resolveAccess({ ...given, userId: given.userId, ...(typeof named === 'number' ? { workspaceId: named } : {}) });
      // A contract entry without a role is refused outright: tests/unit/contract-roles.test.ts keeps there being none.
      if (access.twoFactorMissing && op.scope !== 'account') throw new AppError('forbidden', TWO_FACTOR_REQUIRED);
      const least = op.role ?? 'owner';
      if (!roleAtLeast(access.role, least)) throw new AppError('forbidden', roleRefusal(least, op.summary, access.role));
      ctx = { ...given, workspaceId: access.workspaceId, role: access.role };
    };
    // The role is checked before the input is read, except where the input names the workspace (its own path).
    if (!op.workspace) await admit(undefined);
    const input = parseInput(op.input, asFields(raw));
    if (op.workspace) await admit((input as Record<string, unknown>)[op.workspace]);
    if (op.fieldRoles && ctx.role) refuseFieldsAbove(op, input as Record<string, unknown>, ctx.role);
    // Handler<K> takes K's own parsed input and, once the auth check above passed, a SignedInContext:
    // both hold by construction here, but TypeScript cannot follow a generic K through them.
    const handler = handlers[name] as (ctx: RequestContext, input: unknown) => Promise<OutputOf<K>>;
    return { ok: true, data: await handler(ctx, input) };
  }
  function failure(name: string, error: unknown): Result<never> {
    if (error instanceof AppError) return { ok: false, error: error.toValue() };
    logger.error('operation failed', { operation: name, error: error instanceof Error ? error.stack ?? error.message : String(error) });
    return { ok: false, error: { code: 'internal', message: 'Something went wrong on our side; the details are in the log.' } };
  }
  return {
    async dispatch(name, raw, ctx) {
      try {
        if (!isOperationName(name)) throw unknownOperation(name);
        return await run(name, raw, ctx);
      } catch (error) {
        return failure(name, error);
      }
    },
    // Typed input is still parsed: the schema applies defaults and coercions, and a value can still be out of range.
    async invoke(name, input, ctx) {
      try {
        // Types vanish at run time (plain JS, a cast): an unknown name is still a 404, not a crash.
        if (!isOperationName(name)) throw unknownOperation(name);
        return await run(name, input, ctx);
      } catch (error) {
        return failure(name, error);
      }
    },
  };
}
