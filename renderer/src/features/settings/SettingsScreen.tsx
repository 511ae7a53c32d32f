import { useEffect, useRef } from 'react';
import { useRoute } from '../../app/router';
import { AccountDeleteSection } from './AccountDeleteSection';
import { AccountPasswordSection } from './AccountPasswordSection';
import { AccountSection } from './AccountSection';
import { AccountSessionsSection } from './AccountSessionsSection';
import { BudgetsSection } from './BudgetsSection';
import { CalendarSection } from './CalendarSection';
import { DataSection } from './DataSection';
import { DesktopSection } from './DesktopSection';
import { GeneralSection } from './GeneralSection';
import { RatesSection } from './RatesSection';
import { ReminderDefaultsSection } from './ReminderDefaultsSection';
import { SecuritySection } from './SecuritySection';
import { SmtpSection } from './SmtpSection';
import { TeamServerSection } from './TeamServerSection';
import { useSettings, useTeamServer } from './queries';
import './settings.css';

/** The File menu's "Back up workspace…" opens Settings here, at the Data section. */
export const DATA_ROUTE = '/settings/data';

export function SettingsScreen() {
  const { data: settings, error, refetch, isPending } = useSettings();
  // On a team server the server's own mail server sends the emails: there is no SMTP to set up here.
  const onTeamServer = useTeamServer().data?.mode === 'team';
  const route = useRoute();
  const dataRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (route === DATA_ROUTE && !isPending) dataRef.current?.scrollIntoView({ block: 'start' });
  }, [route, isPending]);
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Settings</h1>
          <p>Currency, reminders and email, and your account.</p>
        </div>
      </header>
      <div className="settings-stack">
        {isPending ? (
          <SettingsSkeleton />
        ) : error || !settings ? (
          <section className="card" role="alert">
            <h2>Settings could not be loaded</h2>
            <p className="muted">{error instanceof Error ? error.message : 'Unknown error'}</p>
            <button type="button" className="btn" onClick={() => void refetch()}>
              Try again
            </button>
          </section>
        ) : (
          <>
            <GeneralSection settings={settings} />
            {/* A new base re-expresses the saved rates on the server: start the table afresh from them. */}
            <RatesSection key={settings.base_currency} settings={settings} />
            <BudgetsSection settings={settings} />
            <ReminderDefaultsSection settings={settings} />
            {onTeamServer ? null : <SmtpSection settings={settings} />}
            <DesktopSection />
            <div ref={dataRef} className="settings-anchor">
              <DataSection />
            </div>
            <CalendarSection />
          </>
        )}
        {/* This computer's link to a team server: usable when the server's settings fail to load (it is how one leaves it). */}
        <TeamServerSection />
        {/* The account's own sections need no settings: they stay usable when those fail to load. */}
        <AccountSection />
        <AccountPasswordSection />
        <SecuritySection />
        <AccountSessionsSection />
        <AccountDeleteSection />
      </div>
    </>
  );
}

function SettingsSkeleton() {
  return (
    <div className="settings-stack" aria-busy="true" aria-label="Loading settings">
      {[3, 2, 2].map((lines, i) => (
        <div key={i} className="card settings-section">
          <div className="skeleton skeleton-title" />
          {Array.from({ length: lines }, (_, j) => (
            <div key={j} className="skeleton skeleton-field" />
          ))}
        </div>
      ))}
    </div>
  );
}
