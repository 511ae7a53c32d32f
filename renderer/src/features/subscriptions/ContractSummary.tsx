import type { Expense } from '../../../../common/contract';
import { daysLeft } from '../../../../common/domain/reminder-plan';
import { useFormatters, useToday } from '../../lib/use-formatters';

// In a subscription's panel: its fixed-term contract, when it ends and what then, and the last day to cancel.

const months = (n: number) => `${n} ${n === 1 ? 'month' : 'months'}`;

export function ContractSummary({ expense }: { expense: Expense }) {
  const f = useFormatters();
  const today = useToday();
  const c = expense.contract;
  if (c === null) return null;
  const then = c.end_action === 'renew' ? `then renews for ${months(c.renew_months!)} unless cancelled` : c.end_action === 'monthly' ? 'then becomes monthly' : 'then ends';
  const left = c.last_day_to_cancel === null ? null : daysLeft(c.last_day_to_cancel, today);
  return (
    <section className="contract-summary" aria-labelledby="contract-heading" data-testid="contract-summary">
      <h3 id="contract-heading">Contract</h3>
      {c.ended_on !== null ? (
        <p>
          {months(c.term_months)} from <time dateTime={c.start_date}>{f.date(c.start_date)}</time>; {c.end_action === 'monthly' ? 'monthly since' : 'ended on'} <time dateTime={c.ended_on}>{f.date(c.ended_on)}</time>.
        </p>
      ) : (
        <dl className="contract-facts">
          <div>
            <dt>Term</dt>
            <dd>
              {months(c.term_months)} from <time dateTime={c.start_date}>{f.date(c.start_date)}</time>
            </dd>
          </div>
          <div>
            <dt>Ends</dt>
            <dd>
              <time dateTime={c.end_date}>{f.date(c.end_date)}</time>, {then}
            </dd>
          </div>
          <div>
            <dt>Last day to cancel</dt>
            <dd data-testid="contract-last-day">
              {c.last_day_to_cancel === null ? (
                'Nothing to cancel: it ends by itself'
              ) : (
                <>
                  <time dateTime={c.last_day_to_cancel}>{f.date(c.last_day_to_cancel)}</time>
                  {left !== null && left >= 0 ? <span className="muted"> · {left === 0 ? 'today' : `in ${left} ${left === 1 ? 'day' : 'days'}`}</span> : null}
                </>
              )}
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}
