// Locales offered in Settings; any valid BCP 47 tag already saved is offered too.
export const COMMON_LOCALES = [
  'en-US', 'en-GB', 'en-CA', 'en-AU', 'en-IE', 'en-IN', 'en-NZ', 'en-ZA',
  'de-DE', 'de-AT', 'de-CH', 'fr-FR', 'fr-BE', 'fr-CA', 'fr-CH', 'it-IT', 'es-ES', 'es-MX', 'es-AR',
  'pt-PT', 'pt-BR', 'nl-NL', 'nl-BE', 'sv-SE', 'da-DK', 'nb-NO', 'fi-FI', 'is-IS',
  'pl-PL', 'cs-CZ', 'sk-SK', 'hu-HU', 'ro-RO', 'bg-BG', 'hr-HR', 'sl-SI', 'el-GR', 'tr-TR',
  'uk-UA', 'ru-RU', 'et-EE', 'lv-LV', 'lt-LT', 'he-IL', 'ar-AE', 'hi-IN',
  'ja-JP', 'ko-KR', 'zh-CN', 'zh-TW', 'zh-HK', 'th-TH', 'vi-VN', 'id-ID', 'ms-MY',
] as const;

const names = new Intl.DisplayNames(['en'], { type: 'language' });

/** "German (Germany)" for "de-DE"; the tag itself when Intl has no name for it. */
export function localeName(tag: string): string {
  try {
    return names.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** What a locale does to numbers and dates, so the choice is concrete: "1,234.56 · Mar 31, 2027". */
export function localeSample(tag: string | undefined): string {
  const number = new Intl.NumberFormat(tag, { minimumFractionDigits: 2 }).format(1234.56);
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(2027, 2, 31)));
  return `${number} · ${date}`;
}

export function systemLocale(): string {
  return new Intl.NumberFormat().resolvedOptions().locale;
}

export function timeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}
