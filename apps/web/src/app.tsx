import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Me } from '@app/contracts';
import { ApiClient } from './api/client';
import type { Session } from './api/session';
import { AppContext, type AppServices } from './app-context';
import { LiveConnection } from './live/live-connection';
import { ProjectListPage } from './pages/project-list';
import { ProjectPage, type ProjectTab } from './pages/project';
import { AcceptInvitation, InvitationWelcome } from './pages/invitation';
import { SignInPage } from './pages/sign-in';
import { SignUpPage } from './pages/sign-up';
import { ConnectionBadge } from './ui/connection-badge';

/** The path, kept in step with the address bar (the api serves index.html for every app path). */
function usePath(): [string, (path: string) => void] {
  const path = useSyncExternalStore(
    (listener) => {
      window.addEventListener('popstate', listener);
      return () => window.removeEventListener('popstate', listener);
    },
    () => window.location.pathname,
  );
  const navigate = useCallback((to: string) => {
    if (to === window.location.pathname) return;
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, []);
  return [path, navigate];
}

/** An invitation's link: `/invitations/<token>`. */
const INVITATION_PATH = /^\/invitations\/([A-Za-z0-9_-]+)\/?$/;

export function App({ session }: { readonly session: Session }) {
  const signedIn = useSyncExternalStore(
    (listener) => session.onChange(listener),
    () => session.token !== null,
  );
  const [resuming, setResuming] = useState(() => session.token === null && session.canResume);
  useEffect(() => {
    if (resuming) void session.refresh().finally(() => setResuming(false));
  }, [resuming, session]);
  const [path, navigate] = usePath();

  if (resuming) return <p className="loading" role="status">Signing you in…</p>;
  const invitation = INVITATION_PATH.exec(path);
  if (!signedIn) {
    if (invitation !== null) return <InvitationWelcome session={session} />;
    if (path === '/signup') return <SignUpPage session={session} navigate={navigate} />;
    return <SignInPage session={session} navigate={navigate} />;
  }
  return <SignedIn session={session} path={path} navigate={navigate} />;
}

function SignedIn({ session, path, navigate }: { readonly session: Session; readonly path: string; readonly navigate: (path: string) => void }) {
  const [live, setLive] = useState<LiveConnection | null>(null);
  useEffect(() => {
    const connection = new LiveConnection(session);
    setLive(connection);
    return () => connection.close();
  }, [session]);
  const api = useMemo(() => new ApiClient(session), [session]);
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    api.get<Me>('/me').then(setMe, () => undefined);
  }, [api]);
  if (live === null) return null;
  const services: AppServices = { session, api, live, navigate };
  const project = /^\/projects\/([0-9a-f-]{36})(?:\/(board|risks|decisions|feedback|budget|reports|documents|quality|acceptance|people|audit))?\/?$/i.exec(path);
  const invitation = INVITATION_PATH.exec(path);
  return (
    <AppContext.Provider value={services}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a
          className="brand"
          href="/"
          onClick={(event) => {
            event.preventDefault();
            navigate('/');
          }}
        >
          Client projects
        </a>
        <div className="topbar-end">
          <ConnectionBadge />
          {me !== null && <span className="who" aria-label="Signed in as">{me.name}</span>}
          <button type="button" className="button subtle" onClick={() => void session.signOut().then(() => navigate('/'))}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {invitation !== null ? (
          <AcceptInvitation token={invitation[1]!} />
        ) : project !== null ? (
          <ProjectPage key={project[1]} projectId={project[1]!} tab={(project[2] as ProjectTab | undefined) ?? 'board'} me={me} />
        ) : (
          <ProjectListPage />
        )}
      </main>
    </AppContext.Provider>
  );
}
