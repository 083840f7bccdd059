// Timestamp wire formats shared by the protocols. Each protocol has a default per location (JSON bodies use
// epoch seconds, query and XML bodies ISO 8601, headers the HTTP date) that a member's timestampFormat overrides.

export type TimestampFormat = 'iso8601' | 'unixTimestamp' | 'rfc822';

/** ISO 8601 as AWS writes it: whole seconds unless there are milliseconds ("2024-01-02T03:04:05Z"). */
export function formatIso8601(d: Date): string {
  const s = d.toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}

/** Epoch seconds, with a fractional part only when the date has milliseconds. */
export function formatEpochSeconds(d: Date): number {
  return d.getTime() / 1000;
}

export function formatRfc822(d: Date): string {
  return d.toUTCString();
}

export function formatTimestamp(d: Date, format: TimestampFormat): string | number {
  switch (format) {
    case 'unixTimestamp':
      return formatEpochSeconds(d);
    case 'rfc822':
      return formatRfc822(d);
    default:
      return formatIso8601(d);
  }
}

/**
 * Reads a timestamp in any of the formats clients send. Clients are lenient here too: botocore sends ISO 8601
 * in query bodies but epoch numbers in JSON, and some SDKs send numeric strings. Returns undefined when unreadable.
 */
export function parseTimestamp(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(Math.round(value * 1000)) : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return new Date(Math.round(Number(text) * 1000));
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
