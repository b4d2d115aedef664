/**
 * Stream names by kind. One stream per project orders everything in it;
 * users, and the e-mail addresses that keep accounts unique, have their own.
 */
export const StreamKinds = ['project', 'user', 'email'] as const;
export type StreamKind = (typeof StreamKinds)[number];

export function streamName(kind: StreamKind, id: string): string {
  if (id.length === 0) throw new RangeError('A stream id cannot be empty');
  return `${kind}-${id}`;
}

/** Splits `kind-id` back into its parts; `null` for a name of no known kind. */
export function parseStreamName(name: string): { kind: StreamKind; id: string } | null {
  const dash = name.indexOf('-');
  if (dash <= 0) return null;
  const kind = name.slice(0, dash);
  const id = name.slice(dash + 1);
  if (id.length === 0 || !(StreamKinds as readonly string[]).includes(kind)) return null;
  return { kind: kind as StreamKind, id };
}
