import { isCurrencyCode } from '../../common/domain/currencies';
import { isValidIsoDate } from '../../common/domain/calendar-date';

// The European Central Bank's daily reference rates (issue 11): one small XML file, no account or key, each rate
// "1 EUR = x units of the currency". Fetched with a timeout and a size limit, read by a strict parser that knows
// this one file's shape and refuses anything else in words (no DTDs, entities or CDATA: nothing to expand).

export const ECB_DAILY_URL = 'https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml';
export const ECB_TIMEOUT_MS = 10_000;
/** The real file is about 1.5 KB; anything past this is not it. */
export const ECB_MAX_BYTES = 256 * 1024;

export interface EcbSource {
  url: string;
  timeoutMs: number;
  maxBytes: number;
}

/** Where the rates come from: the option (tests), else SPEND_MANAGER_RATES_URL, else the ECB itself. */
export function ecbSource(options: Partial<EcbSource> = {}): EcbSource {
  return { url: options.url?.trim() || ECB_DAILY_URL, timeoutMs: options.timeoutMs ?? ECB_TIMEOUT_MS, maxBytes: options.maxBytes ?? ECB_MAX_BYTES };
}

export interface EcbRates {
  /** The file's date, YYYY-MM-DD. */
  date: string;
  /** Units of each currency one euro buys, as the file writes them (decimal text). EUR itself is not listed. */
  perEuro: Map<string, string>;
}

/** Why the rates could not be had: the ECB was not reached, or what came back is not its file (the message says what is wrong with it). */
export class EcbError extends Error {
  readonly kind: 'unreachable' | 'malformed';
  constructor(kind: 'unreachable' | 'malformed', message: string) {
    super(message);
    this.name = 'EcbError';
    this.kind = kind;
  }
}

const RATE = /^\d{1,9}(?:\.\d{1,12})?$/;
const ATTRIBUTE = /\s+([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"<&]*)"|'([^'<&]*)')/gy;
const NAME = /^[A-Za-z_][\w:.-]*/;

interface Tag {
  name: string;
  attributes: Map<string, string>;
  kind: 'open' | 'close' | 'empty';
}

function malformed(reason: string): EcbError {
  return new EcbError('malformed', reason);
}

function readTag(body: string): Tag {
  if (body.startsWith('/')) {
    const name = body.slice(1).trim();
    if (!NAME.test(name) || NAME.exec(name)![0] !== name) throw malformed(`a broken closing tag </${body.slice(1, 40)}>`);
    return { name, attributes: new Map(), kind: 'close' };
  }
  const empty = body.endsWith('/');
  const inner = empty ? body.slice(0, -1) : body;
  const name = NAME.exec(inner)?.[0];
  if (!name) throw malformed(`a broken tag <${body.slice(0, 40)}>`);
  const attributes = new Map<string, string>();
  let at = name.length;
  ATTRIBUTE.lastIndex = at;
  for (let m = ATTRIBUTE.exec(inner); m; m = ATTRIBUTE.exec(inner)) {
    if (attributes.has(m[1]!)) throw malformed(`the attribute ${m[1]} twice in <${name}>`);
    attributes.set(m[1]!, m[2] ?? m[3]!);
    at = ATTRIBUTE.lastIndex;
  }
  if (inner.slice(at).trim() !== '') throw malformed(`a broken tag <${body.slice(0, 40)}>`);
  return { name, attributes, kind: empty ? 'empty' : 'open' };
}

function onlyAttributes(tag: Tag, names: string[]): void {
  const extra = [...tag.attributes.keys()].filter((n) => !names.includes(n));
  if (extra.length > 0 || names.some((n) => !tag.attributes.has(n))) {
    throw malformed(`a <Cube> with ${tag.attributes.size === 0 ? 'no attributes' : [...tag.attributes.keys()].join(', ')} where ${names.length === 0 ? 'none' : names.join(' and ')} belong`);
  }
}

/**
 * Reads the ECB's eurofxref-daily.xml: an envelope holding <Cube><Cube time="YYYY-MM-DD"><Cube currency="USD"
 * rate="1.0823"/>…</Cube></Cube>. Exactly one day, at least one rate, each currency once.
 */
export function parseEcbXml(text: string): EcbRates {
  let rest = text.replace(/^\uFEFF/, '');
  const declaration = /^<\?xml[^?]*\?>/.exec(rest);
  if (declaration) rest = rest.slice(declaration[0].length);
  if (rest.includes('<!') || rest.includes('<?')) throw malformed('it has a declaration, comment or CDATA section this file never has');

  const stack: string[] = [];
  let root: string | null = null;
  let date: string | null = null;
  let days = 0;
  const perEuro = new Map<string, string>();
  const seen = new Set<string>();
  const token = /<([^<>]*)>|([^<]+)/gy;
  let consumed = 0;
  for (let m = token.exec(rest); m; m = token.exec(rest)) {
    consumed = token.lastIndex;
    if (m[2] !== undefined) {
      // Text: only between the envelope's own elements (subject, sender's name), never among the rates.
      const inCube = stack.includes('Cube');
      if (m[2].trim() !== '' && (stack.length === 0 || inCube)) throw malformed(`unexpected text "${m[2].trim().slice(0, 40)}"`);
      continue;
    }
    const tag = readTag(m[1]!);
    if (tag.kind === 'close') {
      if (stack.at(-1) !== tag.name) throw malformed(`</${tag.name}> closes ${stack.length > 0 ? `<${stack.at(-1)}>` : 'nothing'}`);
      stack.pop();
      continue;
    }
    if (stack.length === 0) {
      if (root !== null) throw malformed('more than one root element');
      if (!/(^|:)Envelope$/.test(tag.name)) throw malformed(`its root element is <${tag.name}>, not the ECB's <gesmes:Envelope>`);
      if (tag.kind === 'empty') throw malformed('its envelope is empty');
      root = tag.name;
    } else if (tag.name === 'Cube') {
      const depth = stack.filter((n) => n === 'Cube').length;
      if (stack.at(-1) !== (depth === 0 ? root : 'Cube')) throw malformed('a <Cube> outside the rates');
      if (depth === 0) onlyAttributes(tag, []);
      else if (depth === 1) {
        onlyAttributes(tag, ['time']);
        const time = tag.attributes.get('time')!;
        if (!isValidIsoDate(time)) throw malformed(`its date "${tag.attributes.get('time')!.slice(0, 20)}" is not a real YYYY-MM-DD date`);
        days += 1;
        date = time;
      } else if (depth === 2) {
        onlyAttributes(tag, ['currency', 'rate']);
        const currency = tag.attributes.get('currency')!;
        const rate = tag.attributes.get('rate')!;
        if (!/^[A-Z]{3}$/.test(currency) || currency === 'EUR') throw malformed(`"${currency.slice(0, 10)}" is not a currency code`);
        if (!RATE.test(rate) || !/[1-9]/.test(rate)) throw malformed(`the rate of ${currency}, "${rate.slice(0, 30)}", is not a positive decimal number`);
        if (perEuro.has(currency) || seen.has(currency)) throw malformed(`${currency} is listed twice`);
        if (tag.kind !== 'empty') throw malformed(`the rate of ${currency} has content`);
        seen.add(currency);
        // A code this app does not know yet (the ECB adds one) is passed over, not a reason to refuse the rest.
        if (isCurrencyCode(currency)) perEuro.set(currency, rate);
        continue;
      } else throw malformed('a <Cube> nested too deep');
    } else if (stack.includes('Cube')) throw malformed(`a <${tag.name}> among the rates`);
    if (tag.kind === 'open') stack.push(tag.name);
  }
  if (consumed !== rest.length) throw malformed(`a stray "<" near "${rest.slice(consumed, consumed + 30)}"`);
  if (root === null) throw malformed('it has no XML elements');
  if (stack.length > 0) throw malformed(`it ends before </${stack.at(-1)}>`);
  if (days !== 1 || date === null) throw malformed(days === 0 ? 'it has no <Cube time="…"> day' : `it has ${days} days, not one`);
  if (perEuro.size === 0) throw malformed(`its day ${date} has no rates`);
  return { date, perEuro };
}

/** The cause a failed fetch gives, in words: "connect ECONNREFUSED 127.0.0.1:9", "no answer within 10 seconds". */
function reachProblem(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs / 1000} seconds`;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

async function readLimited(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw malformed(`it is ${declared} bytes, more than the ${maxBytes} this file can be`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw malformed(`it is more than the ${maxBytes} bytes this file can be`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/** Fetches and reads the file; an EcbError says what went wrong. */
export async function fetchEcbRates(source: EcbSource): Promise<EcbRates> {
  let url: URL;
  try {
    url = new URL(source.url);
  } catch {
    throw new EcbError('unreachable', `"${source.url}" is not a web address`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new EcbError('unreachable', `${url.protocol} is not a web address`);
  const signal = AbortSignal.timeout(source.timeoutMs);
  let bytes: Uint8Array;
  try {
    const response = await fetch(url, { signal, headers: { accept: 'application/xml, text/xml' } });
    if (!response.ok) {
      await response.body?.cancel();
      throw new EcbError('unreachable', `the server answered HTTP ${response.status}`);
    }
    bytes = await readLimited(response, source.maxBytes);
  } catch (error) {
    if (error instanceof EcbError) throw error;
    throw new EcbError('unreachable', reachProblem(error, source.timeoutMs));
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw malformed('it is not UTF-8 text');
  }
  return parseEcbXml(text);
}
