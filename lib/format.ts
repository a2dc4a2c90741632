/*
 * One Intl.NumberFormat per style, made once: `toLocaleString` with options builds a new formatter on every call,
 * which was about 2 % of the server's CPU per page (the dashboard and client list write hundreds of amounts).
 */
const currency = (minimumFractionDigits: number, maximumFractionDigits: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits, maximumFractionDigits });
const wholeDollars = currency(0, 0);
const toTheCent = currency(2, 2);

/** "$5,000" for whole dollars, "$99.50" otherwise. */
export function formatMoney(cents: number): string {
  return (cents % 100 === 0 ? wholeDollars : toTheCent).format(cents / 100);
}

/** Money to the cent, as an invoice shows it: "$200.00". */
export function formatExactMoney(cents: number): string {
  return toTheCent.format(cents / 100);
}

/** Dollars for a form field: "5000" or "99.5". */
export function centsToInput(cents: number): string {
  return cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2);
}
