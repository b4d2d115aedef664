import type { SignedIn } from '@app/contracts';

const REFRESH_KEY = 'client-projects.refresh';

/**
 * Who is signed in, in this tab: the access token only in memory, the refresh
 * token in sessionStorage (so a reload of the tab stays signed in, and closing
 * it signs out). A refresh is single use: concurrent callers share one.
 */
export class Session {
  private accessToken: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners = new Set<() => void>();

  get token(): string | null {
    return this.accessToken;
  }

  get canResume(): boolean {
    return sessionStorage.getItem(REFRESH_KEY) !== null;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async signIn(email: string, password: string): Promise<void> {
    const answer = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!answer.ok) throw new SignInError(answer.status);
    this.take((await answer.json()) as SignedIn);
  }

  /** New tokens from the refresh token; `false` (and signed out) when the session is over. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.exchange().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  async signOut(): Promise<void> {
    const token = this.accessToken;
    this.forget();
    if (token !== null) await fetch('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
  }

  private async exchange(): Promise<boolean> {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (refreshToken === null) return false;
    let answer: Response;
    try {
      answer = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
    } catch {
      // Offline: keep the refresh token for the next try.
      return false;
    }
    if (!answer.ok) {
      if (answer.status === 401 || answer.status === 400) this.forget();
      return false;
    }
    this.take((await answer.json()) as SignedIn);
    return true;
  }

  private take(signedIn: SignedIn): void {
    this.accessToken = signedIn.accessToken;
    sessionStorage.setItem(REFRESH_KEY, signedIn.refreshToken);
    this.emit();
  }

  private forget(): void {
    const was = this.accessToken !== null || sessionStorage.getItem(REFRESH_KEY) !== null;
    this.accessToken = null;
    sessionStorage.removeItem(REFRESH_KEY);
    if (was) this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

export class SignInError extends Error {
  constructor(readonly status: number) {
    super(status === 401 ? 'That e-mail and password do not match an account.' : status === 429 ? 'Too many attempts; wait a minute and try again.' : `Sign-in failed (${status}).`);
  }
}
