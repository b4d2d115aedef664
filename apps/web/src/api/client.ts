import type { ProblemDetails } from '@app/contracts';
import type { Session } from './session';

/** An answer that was not 2xx, with its problem details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails | null,
  ) {
    super(problemText(problem, status));
  }
}

/** What a problem says to a person: its detail, and for an invalid request (400) what is wrong with each field. */
export function problemText(problem: ProblemDetails | null, status: number): string {
  const said = problem?.detail ?? problem?.title ?? `Request failed (${status})`;
  const errors = Array.isArray(problem?.errors) ? (problem.errors as ReadonlyArray<{ readonly messages?: readonly string[] }>) : [];
  const fields = errors.flatMap((e) => e.messages ?? []);
  return fields.length === 0 ? said : `${said.replace(/: see errors$/, '')}: ${fields.join('; ')}.`;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly ifMatch?: number;
}

/**
 * The public HTTP contract (`/api`), JSON in and out, with the session's
 * token. A 401 refreshes the tokens once and repeats the request once.
 */
export class ApiClient {
  constructor(
    private readonly session: Pick<Session, 'token' | 'refresh'>,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /** A GET whose answer is a file (an export): its bytes, after the same one refresh on 401. */
  async file(path: string): Promise<Blob> {
    let answer = await this.send('GET', path, {});
    if (answer.status === 401 && (await this.session.refresh())) answer = await this.send('GET', path, {});
    if (!answer.ok) {
      const text = await answer.text();
      throw new ApiError(answer.status, text.length > 0 ? (JSON.parse(text) as ProblemDetails) : null);
    }
    return answer.blob();
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    let answer = await this.send(method, path, options);
    if (answer.status === 401 && (await this.session.refresh())) answer = await this.send(method, path, options);
    const text = await answer.text();
    const body: unknown = text.length > 0 ? JSON.parse(text) : undefined;
    if (!answer.ok) throw new ApiError(answer.status, (body as ProblemDetails | undefined) ?? null);
    return body as T;
  }

  private send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = {};
    const token = this.session.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
    return this.fetchImpl(`/api${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  }
}
