import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcChannel } from '../../../common/bridge';
import { OPERATION_NAMES, type OperationName } from '../../../common/contract';
import type { Result } from '../../../common/errors';
import type { RequestContext } from '../../../main/core/context';
import { registerIpcHandlers } from '../../../main/electron/ipc';
import { signedInCaller, startTestCore, type TestCore } from '../../support/core';
import { FakeIpcMain, fakeInvokeEvent } from '../../unit/electron/fakes';
import { accountChecksum, edgeValue, expectTypedRefusal, fuzzSettings, invalidInput, isAccountDataOperation, looseInput } from './support';
import { HTTP_STATUS } from '../../../common/errors';

// Every contract operation through the IPC handler table the desktop window uses (a fake ipcMain,
// our own trusted window as sender), reaching the real core over a real SQLite file.

const { seed, numRuns } = fuzzSettings('ipc.fuzz');

let core: TestCore;
let ipcMain: FakeIpcMain;
let userId: number;
let ownId: number;

beforeAll(async () => {
  core = await startTestCore();
  const caller = await signedInCaller(core, 'ipcfuzz');
  userId = caller.userId!;
  await caller.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.08' }] });
  for (const cycle of ['monthly', 'weekly']) ownId = (await caller.call('expenses.create', { name: `Plan ${cycle}`, amount: 12, billing_cycle: cycle, renewal_date: '2027-01-15' })).expense.id;
  ipcMain = new FakeIpcMain();
  const context = async (): Promise<RequestContext> => ({ userId, session: { signIn: async () => {}, signOut: async () => {} } });
  registerIpcHandlers(ipcMain as never, { dispatch: core.dispatch, context, trustedWebContentsId: () => 1 });
});
afterAll(async () => {
  await core.close();
});

const invoke = (name: OperationName, input: unknown): Promise<Result<unknown>> => ipcMain.invoke(ipcChannel(name), fakeInvokeEvent(), input);

function expectRefused(result: Result<unknown>, label: string): void {
  expect(result.ok, `${label} was accepted`).toBe(false);
  if (result.ok) return;
  expectTypedRefusal(HTTP_STATUS[result.error.code] ?? 500, { code: result.error.code, message: result.error.message, fields: result.error.fields }, label);
}

/** Whatever the renderer could post: not only objects (structured clone carries lists, text, numbers, null). */
const notFields = fc.oneof(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(new Date(0)), fc.constant(new Map([['name', 'x']])));

describe.each(OPERATION_NAMES)('%s over IPC', (name) => {
  const checksum = () => accountChecksum(core.database.db, userId);
  const withId = (input: Record<string, unknown>) => ('id' in input ? input : { ...input, id: ownId });

  it('answers invalid input with a typed 4xx naming the fields, and changes nothing', async () => {
    const before = await checksum();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: invalidInput(name) }, { weight: 1, arbitrary: notFields }), async (input) => {
        const label = `${name} ${String(JSON.stringify(input)).slice(0, 200)}`;
        expectRefused(await invoke(name, input), label);
        expect(await checksum(), `${label} changed the account`).toBe(before);
      }),
      { seed, numRuns },
    );
  });

  // Valid calls of the other operations sign in, out or elsewhere; they get the invalid campaign only.
  if (isAccountDataOperation(name)) {
    it('never answers 5xx, whatever the fields hold; a refusal changes nothing', async () => {
      let current = await checksum();
      await fc.assert(
        fc.asyncProperty(looseInput(name), fc.boolean(), async (input, ownRow) => {
          const label = `${name} ${JSON.stringify(input).slice(0, 200)}`;
          const result = await invoke(name, ownRow ? withId(input) : input);
          const after = await checksum();
          if (!result.ok) {
            expectRefused(result, label);
            expect(after, `${label} was refused but changed the account`).toBe(current);
          }
          current = after;
        }),
        { seed, numRuns },
      );
    });
  }
});

// A valid call of a desktop, SMTP or rates-refresh operation reaches the OS, a mail server or the ECB, whose
// "unavailable" (503, a keychain) and "bad gateway" (502, the other server's failure in words) are answers by design;
// every other operation must never answer 5xx.
const REACHES_ANOTHER_SERVER: readonly OperationName[] = ['rates.refresh'];
const IN_CORE = OPERATION_NAMES.filter((n) => !n.startsWith('desktop.') && !n.startsWith('smtp.') && !REACHES_ANOTHER_SERVER.includes(n));

describe('values at and past every bound, in any field of any operation', () => {
  it('never crash the door', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...IN_CORE), fc.dictionary(fc.string({ maxLength: 15 }), edgeValue, { maxKeys: 6 }), async (name, input) => {
        const result = await invoke(name, input);
        if (!result.ok) expectRefused(result, `${name} ${JSON.stringify(input).slice(0, 200)}`);
      }),
      { seed, numRuns: numRuns * 4 },
    );
  });
});
