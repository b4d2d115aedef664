import { useEffect, useState } from 'react';
import { PROJECT_ROLES, type InvitationCreated, type InviteMemberRequest, type ListOf, type ProjectMember, type ProjectRole } from '@app/contracts';
import { useApp, useLiveView } from '../app-context';
import { date } from '../format';
import { problemText } from '../ui/problem-text';
import type { ProjectContext } from './project-context';

const ROLE_HINTS: Record<ProjectRole, string> = {
  manager: 'everything, including members, budget and closure',
  member: 'edits the plan, tasks, risks, costs and documents',
  client: 'sees the client view live; sends feedback and surveys; accepts the delivery',
  auditor: 'reads everything, including the full history; writes nothing',
};

/**
 * The people on the project and their roles (`GET …/members`), read again whenever the
 * project moves on (its activity feed is live), so someone who accepts an invitation
 * appears here without a reload; managers invite (`POST …/members`) and get the link
 * to send.
 */
export function PeoplePanel({ context }: { readonly context: ProjectContext }) {
  const { project } = context;
  const { api } = useApp();
  const activity = useLiveView(project.id, 'activity');
  const [members, setMembers] = useState<readonly ProjectMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    api.get<ListOf<ProjectMember>>(`/projects/${project.id}/members`).then(
      (list) => current && setMembers(list.items),
      (failure: unknown) => current && setError(problemText(failure, 'The members cannot be shown.')),
    );
    return () => {
      current = false;
    };
  }, [api, project.id, activity.revision]);

  const byRole = (role: ProjectRole) => (members ?? []).filter((m) => m.role === role);
  return (
    <div className="two-columns people">
      <section className="card" aria-labelledby="members-title">
        <h2 id="members-title">People on the project</h2>
        {error !== null && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {members === null && error === null && (
          <p className="muted" role="status">
            Loading members…
          </p>
        )}
        {members !== null && (
          <table className="members-table" data-revision={activity.revision ?? undefined}>
            <caption className="visually-hidden">Members and their roles</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {PROJECT_ROLES.flatMap(byRole).map((m) => (
                <tr key={m.userId}>
                  <th scope="row">
                    {m.name ?? m.email}
                    <span className="muted small member-email">{m.email}</span>
                  </th>
                  <td>
                    <span className="role">{m.role}</span>
                  </td>
                  <td>{date(m.since)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {project.role === 'manager' && <InviteForm projectId={project.id} />}
    </div>
  );
}

function InviteForm({ projectId }: { readonly projectId: string }) {
  const { api } = useApp();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ProjectRole>('member');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<{ email: string; role: ProjectRole; link: string; expiresAt: string } | null>(null);
  const [copied, setCopied] = useState(false);

  async function invite(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSent(null);
    setCopied(false);
    try {
      const body: InviteMemberRequest = { email: email.trim(), role };
      const created = await api.request<InvitationCreated>('POST', `/projects/${projectId}/members`, { body });
      setSent({ email: body.email, role, link: `${window.location.origin}/invitations/${created.token}`, expiresAt: created.expiresAt });
      setEmail('');
    } catch (failure) {
      setError(problemText(failure, 'The invitation was not sent.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      <form className="stack" onSubmit={(event) => void invite(event)}>
        <label htmlFor="invite-email">E-mail</label>
        <input id="invite-email" type="email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="invite-role">Role</label>
        <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as ProjectRole)} aria-describedby="invite-role-hint">
          {PROJECT_ROLES.map((r) => (
            <option key={r} value={r}>
              {r[0]!.toUpperCase() + r.slice(1)}
            </option>
          ))}
        </select>
        <p id="invite-role-hint" className="muted small">
          {role === 'auditor' ? 'An' : 'A'} {role} {ROLE_HINTS[role]}.
        </p>
        {error !== null && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Inviting…' : 'Invite'}
        </button>
      </form>
      {sent !== null && (
        <div className="invitation-sent" role="status">
          <p className="success">
            {sent.email} is invited as {sent.role}. Send them this link; it works once, until {date(sent.expiresAt)}:
          </p>
          <label htmlFor="invitation-link" className="visually-hidden">
            Invitation link
          </label>
          <input id="invitation-link" className="invitation-link" readOnly value={sent.link} onFocus={(e) => e.target.select()} />
          <button
            type="button"
            className="button small"
            onClick={() =>
              void navigator.clipboard?.writeText(sent.link).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? 'Copied' : 'Copy link'}
          </button>
        </div>
      )}
    </section>
  );
}
