// Amounts typed the way a locale writes them ("1,234.50" in en-US, "1.234,50" in de-DE) become plain
// decimal text ("1234.50"). Where one text could mean two amounts, it is refused, never guessed.

export type AmountTextResult = { ok: true; text: string } | { ok: false; reason: string };

interface LocaleNumbers {
  decimal: string;
  group: string;
  /** Digits in the last group before the decimal (3) and in the groups before it (3, or 2 in en-IN). */
  primary: number;
  secondary: number;
}

const cache = new Map<string, LocaleNumbers>();

function localeNumbers(locale: string): LocaleNumbers {
  let found = cache.get(locale);
  if (!found) {
    const format = new Intl.NumberFormat(locale, { useGrouping: true, numberingSystem: 'latn' });
    const parts = format.formatToParts(1234567890.5);
    const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
    const group = parts.find((p) => p.type === 'group')?.value ?? ',';
    const groups = parts.filter((p) => p.type === 'integer').map((p) => p.value.length);
    found = { decimal, group, primary: groups.at(-1) ?? 3, secondary: groups.length > 2 ? groups.at(-2)! : (groups.at(-1) ?? 3) };
    cache.set(locale, found);
  }
  return found;
}

// Spaces of every width are one grouping mark (fr-FR prints U+202F, people type U+0020); so are the apostrophes of de-CH.
const SPACES = /[\s\u00a0\u202f\u2009]/g;
const APOSTROPHES = /[\u2019']/g;

function canonicalGroup(group: string): string {
  if (SPACES.test(group)) return ' ';
  SPACES.lastIndex = 0;
  return APOSTROPHES.test(group) ? "'" : group;
}

/** Whether `int` is grouped the locale's way: "1,234,567" (3s), "12,34,567" (en-IN). */
function isGrouped(int: string, mark: string, numbers: LocaleNumbers): boolean {
  const groups = int.split(mark);
  if (groups.length < 2 || !groups.every((g) => /^\d+$/.test(g))) return false;
  const last = groups.pop()!;
  if (last.length !== numbers.primary) return false;
  const first = groups.shift()!;
  return groups.every((g) => g.length === numbers.secondary) && first.length >= 1 && first.length <= numbers.secondary;
}

/**
 * Typed amount text as plain decimal text ("-" kept for the amount parser to refuse). Accepts the
 * locale's own form, with or without grouping, and plain "1234.50" wherever it cannot be a grouped number.
 */
export function normalizeAmountText(input: string, locale: string): AmountTextResult {
  const numbers = localeNumbers(locale);
  const group = canonicalGroup(numbers.group);
  const decimal = numbers.decimal;
  let text = input.trim().replace(SPACES, ' ').replace(APOSTROPHES, "'");
  const sign = text.startsWith('-') ? '-' : '';
  if (sign) text = text.slice(1).trim();
  // Only a refusal needs the example (a formatter costs more than the rest of the reading).
  const example = () => `like ${new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(1234.5)}`;
  const refuse = (): AmountTextResult => ({ ok: false, reason: `Amount must be a number, ${example()}` });

  if (/^\d*(\.\d*)?$/.test(text) && (decimal === '.' || !text.includes('.'))) return { ok: true, text: sign + text };

  // A '.' where the locale's decimal mark is another: plain "12.50" is a decimal point, de-DE's
  // "1.234.567" is grouping, and "1.234" could be either.
  if (decimal !== '.' && !text.includes(decimal) && /^\d+(\.\d+)+$/.test(text)) {
    const grouped = group === '.' && isGrouped(text, '.', numbers);
    const asDecimal = /^\d+\.\d+$/.test(text);
    if (grouped && asDecimal) {
      const plain = text.replace('.', '');
      const fraction = text.replace('.', decimal);
      return { ok: false, reason: `Amount "${input.trim()}" could mean ${plain} or ${fraction} in ${locale}: write ${plain}, or ${fraction} for the smaller amount` };
    }
    if (grouped) return { ok: true, text: sign + text.split('.').join('') };
    if (asDecimal) return { ok: true, text: sign + text };
    return refuse();
  }

  // Split at the locale's decimal mark (at most one); the integer part may carry its group marks.
  const pieces = text.split(decimal);
  if (pieces.length > 2) return refuse();
  const [int = '', frac] = pieces;
  if (frac !== undefined && !/^\d*$/.test(frac)) {
    // "1,234.50" in de-DE: both marks, the other way round.
    return { ok: false, reason: `Amount "${input.trim()}" is not how ${locale} writes numbers: ${example()}` };
  }
  const plainInt = /^\d*$/.test(int) ? int : isGrouped(int, group, numbers) ? int.split(group).join('') : null;
  if (plainInt === null) return refuse();
  return { ok: true, text: frac === undefined ? sign + plainInt : `${sign}${plainInt}.${frac}` };
}
