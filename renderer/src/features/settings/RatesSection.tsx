import { useRef, useState } from 'react';
import type { ExchangeRate, Settings } from '../../../../common/contract';
import { settingsUpdateInput } from '../../../../common/contract/settings';
import { fieldErrors } from '../../../../common/contract/validate';
import { CURRENCIES } from '../../../../common/domain/currencies';
import type { FieldErrors } from '../../../../common/errors';
import type { Formatters } from '../../lib/format';
import { useFormatters } from '../../lib/use-formatters';
import { FieldError, SectionForm, SettingsSection, useSaveState } from './section-form';
import { updateSettings, useSettingsSaved } from './queries';
import { useWorkspaceSettingsLock } from './workspace-lock';
import { RatesUpdate } from './RatesUpdate';

interface Row {
  key: number;
  currency: string;
  rate: string;
  updated_at: string | null;
  source: ExchangeRate['source'];
  rate_date: string | null;
  /** The rate as saved: edited by hand, an ECB rate becomes one typed by you. */
  saved: string | null;
}

const rowOf = (rate: ExchangeRate, key: number): Row => ({ key, ...rate, saved: rate.rate });

const PREFERRED = ['EUR', 'USD', 'GBP', 'CHF', 'CAD', 'AUD', 'JPY', 'SEK', 'NOK', 'DKK', 'PLN'];

const isRateField = (field: string) => /^rates\.\d+\.(currency|rate)$/.test(field) || field === 'rates';

/** What the schema cannot see: a currency listed twice, or a rate for the base currency itself. */
function rowErrors(rows: Row[], base: string): FieldErrors {
  const errors: FieldErrors = {};
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (row.currency === base) errors[`rates.${i}.currency`] = `${base} is the base currency; it needs no rate`;
    else if (seen.has(row.currency)) errors[`rates.${i}.currency`] = `${row.currency} is listed twice; keep one rate per currency`;
    seen.add(row.currency);
  });
  return errors;
}

/** Where a rate came from: "ECB, Dec 2, 2026", or "typed by you" (with the day it was saved). */
function originText(row: Row, format: Formatters): string {
  if (row.source === 'ecb' && row.rate_date && row.rate.trim() === row.saved) return `ECB, ${format.date(row.rate_date)}`;
  if (row.updated_at && row.rate.trim() === row.saved) return `typed by you, ${format.dayOf(row.updated_at)}`;
  return row.rate.trim() ? 'typed by you' : '';
}

export function RatesSection({ settings }: { settings: Settings }) {
  const state = useSaveState();
  const locked = useWorkspaceSettingsLock();
  const saved = useSettingsSaved();
  const format = useFormatters();
  const base = settings.base_currency;
  const nextKey = useRef(settings.rates.length);
  const tableRef = useRef<HTMLTableSectionElement>(null);
  const [rows, setRows] = useState<Row[]>(() => settings.rates.map(rowOf));

  function update(key: number, change: Partial<Row>) {
    setRows((current) => current.map((r) => (r.key === key ? { ...r, ...change } : r)));
  }

  function addRow() {
    const used = new Set([base, ...rows.map((r) => r.currency)]);
    const currency = PREFERRED.find((c) => !used.has(c)) ?? CURRENCIES.find((c) => !used.has(c.code))?.code ?? 'EUR';
    const key = nextKey.current++;
    setRows((current) => [...current, { key, currency, rate: '', updated_at: null, source: 'manual', rate_date: null, saved: null }]);
    state.touched();
    // Focus the new row's currency once it is rendered.
    requestAnimationFrame(() => tableRef.current?.querySelector<HTMLSelectElement>(`[data-row="${key}"] select`)?.focus());
  }

  function removeRow(key: number) {
    setRows((current) => current.filter((r) => r.key !== key));
    state.touched();
  }

  function save(form: HTMLFormElement) {
    const input = { rates: rows.map((r) => ({ currency: r.currency, rate: r.rate.trim() })) };
    const parsed = settingsUpdateInput.safeParse(input);
    const local = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...rowErrors(rows, base) };
    void state.submit({
      form,
      local,
      shown: isRateField,
      async save() {
        const settings = await updateSettings(input);
        saved(settings);
        setRows(settings.rates.map((r) => rowOf(r, nextKey.current++)));
        const count = settings.rates.length;
        return count === 1 ? 'Saved 1 rate.' : `Saved ${count} rates.`;
      },
    });
  }

  const errors = state.errors.fields;
  return (
    <SettingsSection
      title="Exchange rates"
      description={
        <>
          How much one unit of another currency is worth in {base}. Subscriptions in a currency without a rate are shown in their own
          currency and are not counted in totals.
        </>
      }
    >
      {locked ? <p className="muted settings-locked">{locked}</p> : null}
      <RatesUpdate settings={settings} locked={locked !== null} onRefreshed={(next) => setRows(next.rates.map((r) => rowOf(r, nextKey.current++)))} />
      <SectionForm
        disabled={locked !== null}
        state={state}
        onSubmit={save}
        saveLabel="Save rates"
>
        {rows.length === 0 ? (
          <p className="settings-empty">No rates yet. Add one for each currency you pay in besides {base}.</p>
        ) : (
          <table className="rates-table">
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col">Worth in {base}</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody ref={tableRef}>
              {rows.map((row, i) => {
                const currencyError = errors[`rates.${i}.currency`];
                const rateError = errors[`rates.${i}.rate`];
                const id = `rate-${row.key}`;
                return (
                  <tr key={row.key} data-row={row.key}>
                    <td>
                      <div className="rate-pair">
                        <span aria-hidden="true">1</span>
                        <label className="visually-hidden" htmlFor={`${id}-currency`}>
                          Currency {i + 1}
                        </label>
                        <select
                          id={`${id}-currency`}
                          name={`rates.${i}.currency`}
                          value={row.currency}
                          onChange={(e) => update(row.key, { currency: e.target.value })}
                          aria-invalid={currencyError ? true : undefined}
                          aria-describedby={currencyError ? `${id}-currency-error` : undefined}
                        >
                          {CURRENCIES.filter((c) => c.code !== base || c.code === row.currency).map((c) => (
                            <option key={c.code} value={c.code}>
                              {c.code} — {c.name}
                            </option>
                          ))}
                        </select>
                        <span aria-hidden="true">=</span>
                      </div>
                      <FieldError id={`${id}-currency-error`} message={currencyError} />
                    </td>
                    <td>
                      <div className="rate-pair">
                        <label className="visually-hidden" htmlFor={`${id}-rate`}>
                          {`1 ${row.currency} in ${base}`}
                        </label>
                        <input
                          id={`${id}-rate`}
                          name={`rates.${i}.rate`}
                          className="input num rate-input"
                          inputMode="decimal"
                          autoComplete="off"
                          placeholder="1.08"
                          value={row.rate}
                          onChange={(e) => update(row.key, { rate: e.target.value })}
                          aria-invalid={rateError ? true : undefined}
                          aria-describedby={rateError ? `${id}-rate-error` : undefined}
                        />
                        <span className="rate-base">{base}</span>
                        <span className="muted rate-updated">{originText(row, format)}</span>
                      </div>
                      <FieldError id={`${id}-rate-error`} message={rateError} />
                    </td>
                    <td className="rate-actions">
                      <button type="button" className="btn btn-ghost btn-danger" onClick={() => removeRow(row.key)}>
                        Remove<span className="visually-hidden"> the {row.currency} rate</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {errors.rates ? <p className="field-error">{errors.rates}</p> : null}
        <p>
          <button type="button" className="btn" onClick={addRow}>
            <span aria-hidden="true">+ </span>Add a rate
          </button>
        </p>
      </SectionForm>
    </SettingsSection>
  );
}
