import { useState, type FormEvent } from 'react';
import type { Session } from '../api/session';

/** Signing in with e-mail and password; a link to create an account instead. */
export function SignInForm({ session, onCreateAccount }: { readonly session: Session; readonly onCreateAccount: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.signIn(email, password);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Sign-in failed.');
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} aria-label="Sign in">
      <label htmlFor="email">E-mail</label>
      <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor="password">Password</label>
      <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      <p className="small">
        New here?{' '}
        <a
          href="/signup"
          onClick={(event) => {
            event.preventDefault();
            onCreateAccount();
          }}
        >
          Create an account
        </a>
      </p>
    </form>
  );
}

export function SignInPage({ session, navigate }: { readonly session: Session; readonly navigate: (path: string) => void }) {
  return (
    <main className="sign-in" id="main">
      <div className="card sign-in-card">
        <h1 id="sign-in-title">Client projects</h1>
        <p className="muted">Sign in to follow your projects live.</p>
        <SignInForm session={session} onCreateAccount={() => navigate('/signup')} />
      </div>
    </main>
  );
}
