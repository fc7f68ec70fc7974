/** Bytes for tables: '1.2 MB', '-512 B', '+3.4 kB' (powers of 1000, like leakproof's messages). */
export function formatTableBytes(bytes: number | undefined, signed = false): string {
  if (bytes === undefined) return '-';
  const sign = bytes < 0 ? '-' : signed && bytes > 0 ? '+' : '';
  const magnitude = Math.abs(bytes);
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = magnitude;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 ? (Number.isInteger(value) ? 0 : 1) : value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${sign}${value.toFixed(digits)} ${units[unit]}`;
}
