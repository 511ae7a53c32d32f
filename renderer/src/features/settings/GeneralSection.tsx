import { useMemo, useState } from 'react';
import type { Settings } from '../../../../common/contract';
import { CURRENCIES, currencyName } from '../../../../common/domain/currencies';
import { COMMON_LOCALES, localeName, localeSample, systemLocale, timeZones } from './locales';
import { SectionForm, SettingsSection, useSaveState } from './section-form';
import { SelectField } from '../../components/SelectField';
import { updateSettings, useSettingsSaved } from './queries';
import { useWorkspaceSettingsLock } from './workspace-lock';

const FIELDS = ['base_currency', 'locale', 'time_zone'] as const;

export function GeneralSection({ settings }: { settings: Settings }) {
  const state = useSaveState();
  const saved = useSettingsSaved();
  const locked = useWorkspaceSettingsLock();
  const [base, setBase] = useState(settings.base_currency);
  const [locale, setLocale] = useState(settings.locale ?? '');
  const [zone, setZone] = useState(settings.time_zone ?? '');

  const locales = useMemo(() => {
    const tags: string[] = [...COMMON_LOCALES];
    if (settings.locale && !tags.includes(settings.locale)) tags.unshift(settings.locale);
    return tags.map((tag) => ({ tag, name: localeName(tag) })).sort((a, b) => a.name.localeCompare(b.name));
  }, [settings.locale]);
  const zones = useMemo(() => {
    const all = timeZones();
    return settings.time_zone && !all.includes(settings.time_zone) ? [settings.time_zone, ...all] : all;
  }, [settings.time_zone]);
  const osZone = settings.time_zone === null ? settings.effective_time_zone : Intl.DateTimeFormat().resolvedOptions().timeZone;

  function save(form: HTMLFormElement) {
    void state.submit({
      form,
      shown: FIELDS,
      async save() {
        // The base currency only when it changed: it is the workspace's, while locale and zone are this person's own.
        const next = await updateSettings({ ...(base !== settings.base_currency ? { base_currency: base } : {}), locale: locale || null, time_zone: zone || null });
        saved(next);
        const changedBase = next.base_currency !== settings.base_currency;
        return changedBase ? `Saved. Totals are now in ${next.base_currency}.` : 'Saved.';
      },
    });
  }

  return (
    <SettingsSection title="General" description="The currency totals are shown in, and how numbers, dates and times look.">
      <SectionForm state={state} onSubmit={save} saveLabel="Save general settings">
        <div className="settings-grid">
          <SelectField
            label="Base currency"
            name="base_currency"
            value={base}
            onChange={(e) => setBase(e.target.value)}
            disabled={locked !== null}
            error={state.errors.fields.base_currency}
            hint={locked ?? 'Dashboard totals and monthly equivalents are converted into this currency.'}
          >
            {CURRENCIES.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} — {c.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Language and region"
            name="locale"
            value={locale}
            onChange={(e) => setLocale(e.target.value)}
            error={state.errors.fields.locale}
            hint={`Looks like: ${localeSample(locale || undefined)}`}
          >
            <option value="">Follow the system ({systemLocale()})</option>
            {locales.map(({ tag, name }) => (
              <option key={tag} value={tag}>
                {name} — {tag}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Time zone"
            name="time_zone"
            value={zone}
            onChange={(e) => setZone(e.target.value)}
            error={state.errors.fields.time_zone}
            hint={
              <>
                Reminders go out by this clock. In use now: <strong>{settings.effective_time_zone}</strong>
              </>
            }
          >
            <option value="">Follow the system ({osZone})</option>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </SelectField>
        </div>
        {base !== settings.base_currency && settings.rates.length > 0 ? (
          <p className="settings-note" role="note">
            {settings.rates.some((r) => r.currency === base)
              ? `Your exchange rates will be converted to ${base} (${currencyName(base)}) through its rate.`
              : `Your exchange rates are in ${settings.base_currency} and there is none for ${base}: add a rate for ${base} first.`}
          </p>
        ) : null}
      </SectionForm>
    </SettingsSection>
  );
}
