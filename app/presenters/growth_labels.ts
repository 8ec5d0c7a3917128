/**
 * Figures of the K-factor page at the precision a reader can use: "1.4 users", "148 users"
 * (never "148.00 users": the decimals of a large estimate are noise).
 */
export function formatUsers(value: number) {
  const shown = value >= 10 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1)
  return `${shown} user${shown === '1.0' ? '' : 's'}`
}
