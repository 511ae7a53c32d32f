import ICAL from 'ical.js';

// Reads an .ics back with ical.js (an independent parser): its events, each expanded as a calendar app would.

export interface ReadEvent {
  uid: string;
  summary: string;
  description: string;
  /** The first `count` dates of the event's recurrence set (RRULE and RDATE), as YYYY-MM-DD. */
  dates(count: number): string[];
  rrule: string | null;
  /** Each VALARM's trigger as text (e.g. "-P2DT15H") with its RELATED parameter. */
  alarms: { trigger: string; related: string }[];
  allDay: boolean;
}

export function readCalendar(text: string): ReadEvent[] {
  const root = new ICAL.Component(ICAL.parse(text));
  return root.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    const rule = component.getFirstPropertyValue('rrule');
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description ?? '',
      rrule: rule ? String(rule) : null,
      allDay: event.startDate.isDate,
      alarms: component.getAllSubcomponents('valarm').map((alarm) => {
        const trigger = alarm.getFirstProperty('trigger');
        return { trigger: String(trigger?.getFirstValue() ?? ''), related: String(trigger?.getParameter('related') ?? 'START') };
      }),
      dates(count: number): string[] {
        const out: string[] = [];
        if (!event.isRecurring()) return [event.startDate.toString().slice(0, 10)];
        const it = event.iterator();
        for (let next = it.next(); next && out.length < count; next = it.next()) out.push(next.toString().slice(0, 10));
        return out;
      },
    };
  });
}
