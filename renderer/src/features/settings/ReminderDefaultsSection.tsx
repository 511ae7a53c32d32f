import { useId, useState, type KeyboardEvent } from 'react';
import type { Settings } from '../../../../common/contract';
import { leadDaysPhrase, MAX_LEAD_DAYS } from '../../../../common/domain/reminder-plan';
import { isValidTimeOfDay } from '../../../../common/domain/zoned-time';
import type { FieldErrors } from '../../../../common/errors';
import { PauseState } from './PauseState';
import { FieldError, SectionForm, SettingsSection, useSaveState } from './section-form';
import { updateSettings, useSettingsSaved } from './queries';
import { useWorkspaceSettingsLock } from './workspace-lock';

const FIELDS = ['new_day', 'reminder_time'] as const;
// The list has no input of its own; its errors sit under (and focus) the box that adds to it.
const ALIAS = { reminder_days_default: 'new_day' };
const MAX_DAYS = 10;

export function leadDayLabel(days: number): string {
  if (days === 0) return 'On the day';
  return days === 1 ? '1 day before' : `${days} days before`;
}

/** Reads the "add a day" box: a whole number 0–365, or the reason it is not. */
function parseLeadDay(text: string, days: number[]): { ok: true; day: number } | { ok: false; error: string } {
  const value = text.trim();
  if (value === '') return { ok: false, error: 'Enter a number of days, like 7' };
  if (!/^\d+$/.test(value)) return { ok: false, error: 'Reminder days must be whole numbers of days, like 7' };
  const day = Number(value);
  if (day > MAX_LEAD_DAYS) return { ok: false, error: `Reminder days must be at most ${MAX_LEAD_DAYS}` };
  if (days.includes(day)) return { ok: false, error: `${leadDayLabel(day)} is already on the list` };
  if (days.length >= MAX_DAYS) return { ok: false, error: `At most ${MAX_DAYS} reminders per subscription` };
  return { ok: true, day };
}

export function ReminderDefaultsSection({ settings }: { settings: Settings }) {
  const state = useSaveState();
  const locked = useWorkspaceSettingsLock();
  const saved = useSettingsSaved();
  const id = useId();
  const [days, setDays] = useState<number[]>(settings.reminder_days_default);
  const [newDay, setNewDay] = useState('');
  const [time, setTime] = useState(settings.reminder_time);
  const errors = state.errors.fields;

  function addDay(): boolean {
    const parsed = parseLeadDay(newDay, days);
    if (!parsed.ok) {
      state.setErrors({ fields: { new_day: parsed.error }, message: null });
      return false;
    }
    setDays((current) => [...current, parsed.day].sort((a, b) => b - a));
    setNewDay('');
    state.setErrors({ fields: {}, message: null });
    state.touched();
    return true;
  }

  function onNewDayKey(event: KeyboardEvent<HTMLInputElement>) {
    // Enter adds the day instead of saving the form with it still in the box.
    if (event.key === 'Enter') {
      event.preventDefault();
      addDay();
    }
  }

  function save(form: HTMLFormElement) {
    const local: FieldErrors = {};
    let next = days;
    if (newDay.trim() !== '') {
      // A number typed but not added yet is what the user means to keep.
      const parsed = parseLeadDay(newDay, days);
      if (parsed.ok) next = [...days, parsed.day].sort((a, b) => b - a);
      else local.new_day = parsed.error;
    }
    if (next.length === 0) local.new_day = 'Keep at least one reminder day';
    if (!isValidTimeOfDay(time)) local.reminder_time = 'Reminder time must be a time of day, like 09:00';
    void state.submit({
      form,
      local,
      shown: FIELDS,
      alias: ALIAS,
      async save() {
        const settings = await updateSettings({ reminder_days_default: next, reminder_time: time });
        saved(settings);
        setDays(settings.reminder_days_default);
        setNewDay('');
        return `Saved. New reminders go out ${leadDaysPhrase(settings.reminder_days_default)}, at ${settings.reminder_time}.`;
      },
    });
  }

  return (
    <SettingsSection
      title="Reminders"
      description="When Spend Manager warns you before a renewal, a last day to cancel or a trial end. Subscriptions can override the days."
    >
      {locked ? <p className="muted settings-locked">{locked}</p> : null}
      <SectionForm state={state} onSubmit={save} saveLabel="Save reminder settings" disabled={locked !== null}>
        <fieldset className="field lead-days">
          <legend>Remind me</legend>
          <ul className="day-chips" aria-label="Reminder days">
            {days.map((d) => (
              <li key={d} className="day-chip">
                {leadDayLabel(d)}
                <button
                  type="button"
                  className="day-chip-remove"
                  aria-label={`Remove ${leadDayLabel(d).toLowerCase()}`}
                  onClick={() => {
                    setDays((current) => current.filter((x) => x !== d));
                    state.touched();
                  }}
                >
                  ×
                </button>
              </li>
            ))}
            {days.length === 0 ? <li className="muted">No days: add at least one.</li> : null}
          </ul>
          <div className="add-day">
            <label htmlFor={`${id}-new-day`}>Add days before</label>
            <input
              id={`${id}-new-day`}
              name="new_day"
              className="input num add-day-input"
              inputMode="numeric"
              autoComplete="off"
              placeholder="1"
              value={newDay}
              onChange={(e) => setNewDay(e.target.value)}
              onKeyDown={onNewDayKey}
              aria-invalid={errors.new_day ? true : undefined}
              aria-describedby={errors.new_day ? `${id}-new-day-error` : undefined}
            />
            <button type="button" className="btn" onClick={addDay}>
              Add
            </button>
          </div>
          <FieldError id={`${id}-new-day-error`} message={errors.new_day} />
        </fieldset>
        <div className="field time-field">
          <label htmlFor={`${id}-time`}>Time of day</label>
          <input
            id={`${id}-time`}
            type="time"
            name="reminder_time"
            value={time}
            onChange={(e) => setTime(e.target.value)}
            aria-invalid={errors.reminder_time ? true : undefined}
            aria-describedby={`${id}-time-hint${errors.reminder_time ? ` ${id}-time-error` : ''}`}
          />
          <span id={`${id}-time-hint`} className="hint">
            On the clock of {settings.effective_time_zone}.
          </span>
          <FieldError id={`${id}-time-error`} message={errors.reminder_time} />
        </div>
      </SectionForm>
      <PauseState settings={settings} />
    </SettingsSection>
  );
}
