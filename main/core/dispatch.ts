import { contract, type OperationName } from '../../common/contract';
import { parseInput } from '../../common/contract/validate';
import { AppError, type Result } from '../../common/errors';
import type { Logger } from '../ports';
import type { RequestContext } from './context';
import type { Handlers } from './handlers';

export type Dispatch = (name: string, raw: unknown, ctx: RequestContext) => Promise<Result<unknown>>;

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

/** The one door every transport goes through: auth check, zod parse, handler, error as value. */
export function createDispatch(handlers: Handlers, logger: Logger): Dispatch {
  return async (name, raw, ctx) => {
    try {
      if (!isOperationName(name)) throw new AppError('not_found', `Unknown operation "${name}"`);
      const op = contract[name];
      if (op.auth && ctx.userId === null) throw new AppError('unauthorized', 'Sign in first');
      const input = parseInput(op.input, asFields(raw));
      const handler = handlers[name] as (ctx: RequestContext, input: unknown) => Promise<unknown>;
      return { ok: true, data: await handler(ctx, input) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toValue() };
      logger.error('operation failed', { operation: name, error: error instanceof Error ? error.stack ?? error.message : String(error) });
      return { ok: false, error: { code: 'internal', message: 'Something went wrong on our side; the details are in the log.' } };
    }
  };
}
