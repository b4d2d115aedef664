/**
 * A rule of the domain was broken. `code` is stable and machine-readable
 * (it becomes the problem type at the HTTP boundary); `message` is for people.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
