import type { InputOf, OperationName, OutputOf } from '../../common/contract';
import type { ErrorValue, Result } from '../../common/errors';
import type { RequestContext } from '../../main/core/context';
import type { Core } from '../../main/core/create-core';

// Calls into a core the way tests make them: typed by the contract, or deliberately untyped (raw).

/** The input argument of a typed call: optional only for operations that need no field. */
export type InputArgs<K extends OperationName> = {} extends InputOf<K> ? [input?: InputOf<K>] : [input: InputOf<K>];

export interface TestCalls {
  /** The operation's answer, typed by the contract; a refusal throws (with `.error` set). */
  call<K extends OperationName>(name: K, ...input: InputArgs<K>): Promise<OutputOf<K>>;
  /** The answer or the refusal, as a value. */
  result<K extends OperationName>(name: K, ...input: InputArgs<K>): Promise<Result<OutputOf<K>>>;
  /** Untyped, for tests that send what the contract forbids (unknown names, wrong fields, fuzz). */
  raw(name: string, input?: unknown): Promise<Result<unknown>>;
}

/** The typed calls of a caller, over a core's two doors and a context of the caller's own. */
export function callsThrough(core: Pick<Core, 'invoke' | 'dispatch'>, ctx: () => RequestContext | Promise<RequestContext>): TestCalls {
  const calls: TestCalls = {
    // An omitted input is allowed only where InputOf<K> accepts {}, and the door reads undefined as {}.
    result: async (name, ...input) => core.invoke(name, input[0] as InputOf<typeof name>, await ctx()),
    raw: async (name, input) => core.dispatch(name, input, await ctx()),
    async call(name, ...input) {
      const result = await calls.result(name, ...input);
      if (!result.ok) throw Object.assign(new Error(`${name}: ${result.error.message}`), { error: result.error });
      return result.data;
    },
  };
  return calls;
}

/** The refusal of a call that must fail, whatever its input; a success fails the test. */
export async function refusalOf(caller: Pick<TestCalls, 'raw'>, name: OperationName, input?: unknown): Promise<ErrorValue> {
  const result = await caller.raw(name, input);
  if (result.ok) throw new Error(`${name} should have been refused, but answered ${JSON.stringify(result.data)}`);
  return result.error;
}
