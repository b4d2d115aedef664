import { useMemo, useState, type FormEvent } from 'react';
import type { SignupRequest } from '@app/contracts';
import { ApiClient } from '../api/client';
import type { Session } from '../api/session';
import { problemText } from '../ui/problem-text';

/** Creating an account (`POST /api/auth/signup`), then signing in with it. */
export function SignUpForm({ session, onSignIn, onDone }: { readonly session: Session; readonly onSignIn: () => void; readonly onDone?: () => void }) {
  const api = useMemo(() => new ApiClient(session), [session]);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: SignupRequest = { name: name.trim(), email: email.trim(), password };
      await api.request('POST', '/auth/signup', { body });
      await session.signIn(body.email, password);
      onDone?.();
    } catch (failure) {
      setError(problemText(failure, 'Sign-up failed.'));
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={(event) => void submit(event)} aria-labelledby="sign-up-title">
      <h2 id="sign-up-title">Create your account</h2>
      <label htmlFor="signup-name">Your name</label>
      <input id="signup-name" autoComplete="name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
      <label htmlFor="signup-email">E-mail</label>
      <input id="signup-email" type="email" autoComplete="username" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
      <label htmlFor="signup-password">Password</label>
      <input
        id="signup-password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        maxLength={256}
        aria-describedby="signup-password-hint"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <p id="signup-password-hint" className="muted small">
        At least 10 characters; a few words make a strong one.
      </p>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? 'Creating your account…' : 'Create account'}
      </button>
      <p className="small">
        Already have an account?{' '}
        <a
          href="/"
          onClick={(event) => {
            event.preventDefault();
            onSignIn();
          }}
        >
          Sign in
        </a>
      </p>
    </form>
  );
}

/** `/signup`: a page of its own for someone who has no account yet. */
export function SignUpPage({ session, navigate }: { readonly session: Session; readonly navigate: (path: string) => void }) {
  return (
    <main className="sign-in" id="main">
      <div className="card sign-in-card">
        <h1>Client projects</h1>
        <SignUpForm session={session} onSignIn={() => navigate('/')} onDone={() => navigate('/')} />
      </div>
    </main>
  );
}
