// Sizes in the reader's language, with decimal units like the server's (used by the backup
// page and by notification texts, which are in the first bundle).

const BYTE_UNITS = [
  ['kilobyte', 1e3],
  ['megabyte', 1e6],
  ['gigabyte', 1e9],
  ['terabyte', 1e12],
] as const;

/**
 * The unit that reads best for a size, kilobytes at least (Intl names bytes "byte" in English
 * and "octet" in French, where people expect "B" and "o"): 25,504 → kilobyte (÷1000).
 */
export function byteUnit(n: number): { unit: (typeof BYTE_UNITS)[number][0]; divisor: number } {
  let pick: (typeof BYTE_UNITS)[number] = BYTE_UNITS[0];
  for (const u of BYTE_UNITS) if (Math.abs(n) >= u[1]) pick = u;
  return { unit: pick[0], divisor: pick[1] };
}

/** "25.5 kB", "25,5 ko", "0.62 kB" (decimal units, like the server's). */
export function formatBytes(n: number, language: string): string {
  const { unit, divisor } = byteUnit(n);
  const value = n / divisor;
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: value < 1 ? 2 : 1 }).format(value);
}
