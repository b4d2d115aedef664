import { useEffect, useState } from 'react';
import type { InvitationAccepted } from '@app/contracts';
import type { Session } from '../api/session';
import { useApp } from '../app-context';
import { problemText } from '../ui/problem-text';
import { SignInForm } from './sign-in';
import { SignUpForm } from './sign-up';

const ROLE_WORDS = { manager: 'a manager', member: 'a member of the team', client: 'the client', auditor: 'an auditor' } as const;

/** `/invitations/:token`, signed out: the invitee creates an account (or signs in), then joins. */
export function InvitationWelcome({ session }: { readonly session: Session }) {
  const [mode, setMode] = useState<'sign-up' | 'sign-in'>('sign-up');
  return (
    <main className="sign-in" id="main">
      <div className="card sign-in-card invitation-card">
        <h1>You are invited to a project</h1>
        <p className="muted">Create an account with the e-mail address the invitation was sent to, or sign in with it; you then join the project.</p>
        {mode === 'sign-up' ? <SignUpForm session={session} onSignIn={() => setMode('sign-in')} /> : <SignInForm session={session} onCreateAccount={() => setMode('sign-up')} />}
      </div>
    </main>
  );
}

/** One acceptance per token, even if the page asks twice (React's strict mode runs effects twice in development). */
const accepting = new Map<string, Promise<InvitationAccepted>>();

/** `/invitations/:token`, signed in: joins the project, then opens it. */
export function AcceptInvitation({ token }: { readonly token: string }) {
  const { api, navigate, session } = useApp();
  const [error, setError] = useState<string | null>(null);
  const [joined, setJoined] = useState<InvitationAccepted | null>(null);
  useEffect(() => {
    let current = true;
    let answer = accepting.get(token);
    if (answer === undefined) {
      answer = api.request<InvitationAccepted>('POST', `/invitations/${encodeURIComponent(token)}/accept`);
      accepting.set(token, answer);
    }
    answer.then(
      (accepted) => {
        if (!current) return;
        setJoined(accepted);
        navigate(`/projects/${accepted.projectId}`);
      },
      (failure: unknown) => {
        accepting.delete(token);
        if (current) setError(problemText(failure, 'The invitation could not be accepted.'));
      },
    );
    return () => {
      current = false;
    };
  }, [api, navigate, token]);

  return (
    <section className="page" aria-labelledby="invitation-title">
      <h1 id="invitation-title">{error === null ? 'Joining the project' : 'This invitation cannot be accepted'}</h1>
      {error === null ? (
        <p className="muted" role="status">
          {joined === null ? 'Accepting your invitation…' : `You joined as ${ROLE_WORDS[joined.role]}.`}
        </p>
      ) : (
        <>
          <p className="error" role="alert">
            {error}
          </p>
          <p>
            An invitation works once, before it expires, for the e-mail address it was sent to. Ask the project’s manager for a new one, or{' '}
            <button type="button" className="button small" onClick={() => void session.signOut()}>
              sign out
            </button>{' '}
            and open the link again to use another account.
          </p>
          <p>
            <a
              href="/"
              onClick={(event) => {
                event.preventDefault();
                navigate('/');
              }}
            >
              Your projects
            </a>
          </p>
        </>
      )}
    </section>
  );
}
