import { useRef, useState } from 'react';
import type { ExpenseSort, ExpenseStatus } from '../../../../common/contract';
import { EXPENSE_STATUSES, NO_COST_CENTRE } from '../../../../common/contract/expenses';
import { navigate, useRoute } from '../../app/router';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/icons';
import { Skeleton } from '../../components/Skeleton';
import { useShortcut } from '../../lib/keyboard';
import { useDebounced } from '../../lib/use-debounced';
import { useFormatters, useToday } from '../../lib/use-formatters';
import { ManageCategoriesDialog } from './ManageCategoriesDialog';
import { STATUS_LABELS } from './SubscriptionForm';
import { SubscriptionPanel } from './SubscriptionPanel';
import { SubscriptionTable } from './SubscriptionTable';
import { useDeleteExpense } from './use-delete-expense';
import { useCategories, useCostCentres, useFirstPage, type ListFilters } from './queries';
import './subscriptions.css';
import { LoadError } from '../../components/LoadError';
import { useAccess } from '../team/access';
import { useMembers } from '../team/queries';

/** The cost-centre filter's option for "no cost centre" (the select's "" is "all"). */
const WITHOUT_CENTRE = 'none';

/** "#/subscriptions/new" → 'new', "#/subscriptions/42" → 42, anything else → null. */
function panelFromRoute(route: string): 'new' | number | null {
  const segment = route.split('/')[2];
  if (segment === 'new') return 'new';
  const id = Number(segment);
  return segment && Number.isSafeInteger(id) && id > 0 ? id : null;
}

// Amounts read best largest first; names and dates from the start.
const DEFAULT_ORDER: Record<ExpenseSort, 'asc' | 'desc'> = { name: 'asc', amount: 'desc', monthly: 'desc', renewal_date: 'asc', created_at: 'desc' };

export function SubscriptionsScreen() {
  const route = useRoute();
  const panel = panelFromRoute(route);
  const f = useFormatters();
  const today = useToday();
  const categories = useCategories();
  const searchRef = useRef<HTMLInputElement>(null);
  const access = useAccess();

  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [status, setStatus] = useState<ExpenseStatus | ''>('');
  const [owner, setOwner] = useState('');
  // '' all, WITHOUT_CENTRE none, else "=" + the centre (so no centre's name can collide with the two).
  const [centre, setCentre] = useState('');
  const members = useMembers({ fresh: true }).data ?? [];
  const costCentres = useCostCentres().data ?? [];
  // A workspace of one member has no one else to filter by or name (the list is asked for again on mount).
  const showOwners = members.length > 1;
  const [sort, setSort] = useState<ExpenseSort>('name');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const [managing, setManaging] = useState(false);
  const q = useDebounced(search.trim(), 250);

  const filters: ListFilters = { sort, order };
  if (q) filters.q = q;
  if (category) filters.category = category;
  if (status) filters.status = status;
  if (owner) filters.owner = Number(owner);
  if (centre) filters.cost_centre = centre === WITHOUT_CENTRE ? NO_COST_CENTRE : centre.slice(1);
  const filtered = Boolean(q || category || status || owner || centre);
  const ownerName = members.find((m) => String(m.user_id) === owner)?.username;

  const first = useFirstPage(filters);
  const total = first.data?.total ?? 0;
  const closePanel = () => navigate('/subscriptions');
  const deletion = useDeleteExpense((expense) => {
    if (panel === expense.id) closePanel();
  });

  useShortcut('n', () => navigate('/subscriptions/new'), panel === null && !managing && access.canAdd);
  useShortcut('/', () => searchRef.current?.focus());

  function toggleSort(next: ExpenseSort) {
    if (next === sort) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(next);
      setOrder(DEFAULT_ORDER[next]);
    }
  }

  function clearFilters() {
    setSearch('');
    setCategory('');
    setStatus('');
    setOwner('');
    setCentre('');
  }

  const countText = first.data
    ? filtered
      ? `${f.number(total)} matching`
      : `${f.number(total)} subscription${total === 1 ? '' : 's'}`
    : '';

  return (
    <div className="subscriptions-screen">
      <header className="page-header">
        <div>
          <h1>Subscriptions</h1>
          <p aria-live="polite" data-testid="subscription-count">
            {countText}
          </p>
        </div>
        {access.canAdd ? (
          <button type="button" className="btn btn-primary" onClick={() => navigate('/subscriptions/new')} title="Add subscription (n)">
            <Icon name="plus" size={16} />
            Add subscription
          </button>
        ) : null}
      </header>
      {access.reason ? (
        <p className="role-note muted" data-testid="role-note">
          {access.reason}
        </p>
      ) : null}

      <div className="toolbar" role="search">
        <div className="toolbar-field toolbar-search">
          <label htmlFor="subscription-search">Search</label>
          <div className="search-input">
            <Icon name="search" size={16} />
            <input
              id="subscription-search"
              ref={searchRef}
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape' && search) {
                  e.nativeEvent.stopImmediatePropagation();
                  setSearch('');
                }
              }}
              placeholder="Name, description, payment method…"
              autoComplete="off"
            />
            <kbd aria-hidden="true">/</kbd>
          </div>
        </div>
        <div className="toolbar-field">
          <label htmlFor="subscription-category">Category</label>
          <select id="subscription-category" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">All categories</option>
            {(categories.data ?? []).map((c) => (
              <option key={c.id} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar-field">
          <label htmlFor="subscription-status">Status</label>
          <select id="subscription-status" value={status} onChange={(e) => setStatus(e.target.value as ExpenseStatus | '')}>
            <option value="">All statuses</option>
            {EXPENSE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        {showOwners ? (
          <div className="toolbar-field">
            <label htmlFor="subscription-owner">Owner</label>
            <select id="subscription-owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
              <option value="">All owners</option>
              {members.map((m) => (
                <option key={m.user_id} value={String(m.user_id)}>
                  {m.username}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {costCentres.length > 0 || centre ? (
          <div className="toolbar-field">
            <label htmlFor="subscription-cost-centre">Cost centre</label>
            <select id="subscription-cost-centre" value={centre} onChange={(e) => setCentre(e.target.value)}>
              <option value="">All cost centres</option>
              <option value={WITHOUT_CENTRE}>No cost centre</option>
              {costCentres.map((c) => (
                <option key={c.name} value={`=${c.name}`}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="toolbar-spacer" />
        {access.canAdmin ? (
          <button type="button" className="btn" onClick={() => setManaging(true)}>
            <Icon name="tag" size={16} />
            Manage categories
          </button>
        ) : null}
      </div>

      {first.error ? (
        <LoadError what="The list" error={first.error} onRetry={() => void first.refetch()} />
      ) : first.isPending ? (
        <div className="table-skeleton" aria-busy="true" aria-label="Loading subscriptions">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="row-skeleton-block" />
          ))}
        </div>
      ) : total === 0 && !first.isPlaceholderData ? (
        filtered ? (
          <EmptyState
            title="No subscriptions match"
            actions={
              <button type="button" className="btn" onClick={clearFilters}>
                Clear search and filters
              </button>
            }
          >
            {q ? `Nothing matches “${q}”` : 'Nothing matches these filters'}
            {category ? ` in ${category}` : ''}
            {status ? ` with status ${STATUS_LABELS[status].toLowerCase()}` : ''}
            {ownerName ? ` owned by ${ownerName}` : ''}
            {centre ? (centre === WITHOUT_CENTRE ? ' without a cost centre' : ` in cost centre ${centre.slice(1)}`) : ''}.
          </EmptyState>
        ) : (
          <EmptyState
            title="No subscriptions yet"
            actions={
              access.canAdd ? (
                <button type="button" className="btn btn-primary" onClick={() => navigate('/subscriptions/new')}>
                  <Icon name="plus" size={16} />
                  Add subscription
                </button>
              ) : undefined
            }
          >
            {access.canAdd ? 'Add your first one: what it costs, how often, and when it renews next.' : 'Nobody has added one to this workspace yet.'}
          </EmptyState>
        )
      ) : (
        <SubscriptionTable
          filters={filters}
          first={first.data?.expenses}
          total={total}
          stale={first.isPlaceholderData}
          sort={sort}
          order={order}
          onSort={toggleSort}
          onOpen={(id) => navigate(`/subscriptions/${id}`)}
          onDelete={deletion.request}
          canChange={access.canChange}
          showOwner={showOwners}
          selectedId={typeof panel === 'number' ? panel : null}
          today={today}
          f={f}
        />
      )}

      {panel !== null ? (
        <SubscriptionPanel key={String(panel)} expenseId={panel === 'new' ? null : panel} onClose={closePanel} onDelete={deletion.request} />
      ) : null}
      {managing ? <ManageCategoriesDialog onClose={() => setManaging(false)} /> : null}
      {deletion.dialog}
    </div>
  );
}
