import { ApiError } from '../api/client';

/** What went wrong, as the server said it: its `detail`, and for an invalid request each field's messages. */
export function problemText(failure: unknown, fallback = 'Not sent.'): string {
  if (!(failure instanceof Error)) return fallback;
  if (!(failure instanceof ApiError) || failure.problem === null) return failure.message;
  const errors = failure.problem.errors;
  const fields = Array.isArray(errors)
    ? errors.flatMap((e: unknown) => (typeof e === 'object' && e !== null && Array.isArray((e as { messages?: unknown }).messages) ? ((e as { messages: unknown[] }).messages.filter((m) => typeof m === 'string') as string[]) : []))
    : [];
  return fields.length > 0 ? `${fields.join('; ')}.` : failure.message;
}
