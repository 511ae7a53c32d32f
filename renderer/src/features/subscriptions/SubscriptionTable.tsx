import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { Expense, ExpenseSort, ExpenseStatus } from '../../../../common/contract';
import { diffDays, type IsoDate } from '../../../../common/domain/calendar-date';
import { Avatar } from '../../components/Avatar';
import { Chip, type Tone } from '../../components/Chip';
import { Icon } from '../../components/icons';
import { cycleLabel, type Formatters } from '../../lib/format';
import { STATUS_LABELS } from './SubscriptionForm';
import { useRowsInView, type ListFilters } from './queries';

export const ROW_HEIGHT = 56;
const HEADER_HEIGHT = 40;

const STATUS_TONES: Record<ExpenseStatus, Tone> = { active: 'success', trial: 'accent', paused: 'warning', cancelled: 'neutral' };

interface SubscriptionTableProps {
  filters: ListFilters;
  first: Expense[] | undefined;
  total: number;
  stale: boolean;
  sort: ExpenseSort;
  order: 'asc' | 'desc';
  onSort(sort: ExpenseSort): void;
  onOpen(id: number): void;
  onDelete(expense: Expense): void;
  /** The caller's role lets them edit and delete this row (the server checks again). */
  canChange(expense: Expense): boolean;
  /** Several members: each row names its owner. */
  showOwner: boolean;
  selectedId: number | null;
  today: IsoDate;
  f: Formatters;
}

interface Column {
  label: string;
  sort?: ExpenseSort;
  align?: 'end';
  /** Class shared by the header and the body cells, so a narrow table can fold the column away. */
  className?: string;
}

const COLUMNS: Column[] = [
  { label: 'Name', sort: 'name' },
  { label: 'Category', className: 'col-category' },
  { label: 'Amount', sort: 'amount', align: 'end' },
  { label: 'Monthly', sort: 'monthly', align: 'end', className: 'col-monthly' },
  { label: 'Next renewal', sort: 'renewal_date', className: 'col-renewal' },
  { label: 'Status', className: 'col-status' },
  { label: 'Actions' },
];

function cellClass(col: Column, extra = ''): string {
  return ['cell', col.align === 'end' ? 'cell-end' : '', col.className ?? '', extra].filter(Boolean).join(' ');
}
const column = (label: string): Column => COLUMNS.find((c) => c.label === label)!;

/** All subscriptions in one dense, virtualized ARIA table: only the rows in view exist in the DOM. */
export function SubscriptionTable(props: SubscriptionTableProps) {
  const { filters, first, total, sort, order, onSort } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const rowAt = useRowsInView(filters, first, items[0]?.index ?? 0, items.at(-1)?.index ?? -1);

  return (
    <div
      ref={scrollRef}
      className={`table-scroll${props.stale ? ' is-stale' : ''}`}
      role="table"
      aria-label="Subscriptions"
      aria-rowcount={total + 1}
      aria-busy={props.stale || undefined}
      tabIndex={-1}
    >
      <div className="table-row table-head" role="row" aria-rowindex={1}>
        {COLUMNS.map((col) => {
          const active = col.sort === sort;
          const ariaSort = col.sort ? (active ? (order === 'asc' ? 'ascending' : 'descending') : 'none') : undefined;
          return (
            <div key={col.label} role="columnheader" aria-sort={ariaSort} className={cellClass(col)}>
              {col.sort ? (
                <button type="button" className="sort-button" onClick={() => onSort(col.sort!)} title={`Sort by ${col.label.toLowerCase()}`}>
                  {col.label}
                  <Icon name={active ? (order === 'asc' ? 'sortUp' : 'sortDown') : 'sortNone'} size={13} />
                </button>
              ) : col.label === 'Actions' ? (
                <span className="visually-hidden">Actions</span>
              ) : (
                col.label
              )}
            </div>
          );
        })}
      </div>
      <div className="table-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const expense = rowAt(item.index);
          return (
            <div
              key={item.key}
              role="row"
              aria-rowindex={item.index + 2}
              className={`table-row${expense && expense.id === props.selectedId ? ' is-selected' : ''}${expense && (expense.status === 'cancelled' || expense.status === 'paused') ? ' is-inactive' : ''}`}
              style={{ transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
              data-testid={expense ? 'subscription-row' : 'subscription-row-loading'}
              onClick={(event) => {
                if (expense && !(event.target as HTMLElement).closest('a, button')) props.onOpen(expense.id);
              }}
            >
              {expense ? <Row expense={expense} {...props} /> : <LoadingRow />}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function Row({ expense: e, today, f, onDelete, canChange, showOwner }: { expense: Expense } & SubscriptionTableProps) {
  // Who carries the cost: the cost centre and (with several members) the owner, on the category's second line.
  const carriedBy = [e.cost_centre, showOwner ? e.owner_name : null].filter(Boolean).join(' · ');
  const days = diffDays(e.renewal_date, today);
  const live = e.status === 'active' || e.status === 'trial';
  const foreign = e.currency !== e.base_currency;
  const renewal = (
    <>
      <span>{f.date(e.renewal_date)}</span>
      <span className="cell-sub">{live ? f.relativeDays(days) : e.auto_renew ? '' : 'no auto-renew'}</span>
    </>
  );
  return (
    <>
      <div role="cell" className="cell cell-name">
        <Avatar name={e.name} />
        <span className="name-text">
          <a href={`#/subscriptions/${e.id}`} className="name-link">
            {e.name}
          </a>
          {e.payment_method || e.description ? <span className="cell-sub name-sub">{e.payment_method ?? e.description}</span> : null}
          {/* What the folded columns held, on one line; shown only while they are folded away. */}
          <span className="cell-sub name-folded">
            <span className="folded-category">
              {e.category}
              {carriedBy ? ` · ${carriedBy}` : ''}
            </span>
            {e.status !== 'active' ? <span className="folded-status"> · {STATUS_LABELS[e.status]}</span> : null}
            <span className="folded-renewal"> · {f.date(e.renewal_date)}</span>
          </span>
        </span>
      </div>
      <div role="cell" className={cellClass(column('Category'), 'cell-stack cell-category')}>
        <Chip>{e.category}</Chip>
        {carriedBy ? (
          <span className="cell-sub" data-testid="carried-by">
            {carriedBy}
          </span>
        ) : null}
      </div>
      <div role="cell" className="cell cell-end cell-stack">
        <span className="num">{f.money(e.amount, e.currency)}</span>
        <span className="cell-sub">{e.seats === null ? cycleLabel(e.billing_cycle) : `${f.number(e.seats)} seats · ${cycleLabel(e.billing_cycle)}`}</span>
      </div>
      <div role="cell" className={cellClass(column('Monthly'), 'cell-stack')}>
        <span className="num">{f.money(e.monthly_cost, e.currency)}</span>
        {foreign ? (
          <span className="cell-sub">{e.monthly_cost_base === null ? <span className="no-rate">no {e.currency} rate</span> : `≈ ${f.money(e.monthly_cost_base, e.base_currency)}`}</span>
        ) : null}
      </div>
      <div role="cell" className={cellClass(column('Next renewal'), 'cell-stack')}>
        {renewal}
      </div>
      <div role="cell" className={cellClass(column('Status'))}>
        <Chip tone={STATUS_TONES[e.status]}>{STATUS_LABELS[e.status]}</Chip>
      </div>
      <div role="cell" className="cell cell-actions">
        {canChange(e) ? (
          <>
            <a className="btn-icon" href={`#/subscriptions/${e.id}`} aria-label={`Edit ${e.name}`} title="Edit">
              <Icon name="edit" size={16} />
            </a>
            <button type="button" className="btn-icon" onClick={() => onDelete(e)} aria-label={`Delete ${e.name}`} title="Delete">
              <Icon name="trash" size={16} />
            </button>
          </>
        ) : null}
      </div>
    </>
  );
}

function LoadingRow() {
  return (
    <div role="cell" className="cell cell-loading" aria-label="Loading">
      <span className="skeleton row-skeleton" aria-hidden="true" />
    </div>
  );
}
