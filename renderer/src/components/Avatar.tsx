import './components.css';

const TONES = 10;

function toneOf(name: string): number {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return (hash % TONES) + 1;
}

/** A letter avatar whose colour is stable for the name (decorative; the name sits beside it). */
export function Avatar({ name }: { name: string }) {
  const letter = (name.trim()[0] ?? '?').toUpperCase();
  return (
    <span className={`avatar avatar-tone-${toneOf(name)}`} aria-hidden="true">
      {letter}
    </span>
  );
}
