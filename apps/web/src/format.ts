/** Money in minor units, in the project's currency, as people read it. */
export function money(amountMinor: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(amountMinor / 100);
  } catch {
    return `${(amountMinor / 100).toFixed(2)} ${currency}`;
  }
}

/** A decimal amount typed by a person ("1,200.50") in minor units; `null` when it is not one. */
export function parseMoney(text: string): number | null {
  const cleaned = text.replace(/[\s,]/g, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

export function date(iso: string | null): string {
  if (iso === null) return '—';
  const parsed = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(parsed);
}

export const STATUS_LABELS = { todo: 'To do', in_progress: 'In progress', blocked: 'Blocked', done: 'Done' } as const;

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
