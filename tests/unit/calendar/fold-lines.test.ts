import { foldLines as icalGeneratorFold } from 'ical-generator';
import { describe, expect, it } from 'vitest';
import { foldLines } from '../../../main/services/calendar-ics';

// The calendar's own line folding (ical-generator's allocates a TextEncoder per character): the same output as
// ical-generator's on every kind of line, and no line longer than 75 octets (RFC 5545 §3.1).

const lines = [
  'a'.repeat(74),
  'a'.repeat(75),
  'a'.repeat(300),
  `RDATE;VALUE=DATE:${Array.from({ length: 80 }, (_, i) => `2027${String(i).padStart(4, '0')}`).join(',')}`,
  `SUMMARY:Figma — €45.00 ${'€'.repeat(60)}`,
  `DESCRIPTION:${'x😀y'.repeat(40)}`,
  'é'.repeat(37) + 'a',
  'é'.repeat(38),
  'SUMMARY:Miro — $10.00',
];

describe('folding calendar lines', () => {
  it('folds every kind of line exactly as ical-generator does', () => {
    for (const line of lines) expect(foldLines(line), line.slice(0, 30)).toBe(icalGeneratorFold(line));
    expect(foldLines(lines.join('\r\n'))).toBe(icalGeneratorFold(lines.join('\r\n')));
  });

  it('keeps every folded line within 75 octets and unfolds back to the text', () => {
    const folded = foldLines(lines.join('\r\n'));
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(lines.join('\r\n'));
  });
});
