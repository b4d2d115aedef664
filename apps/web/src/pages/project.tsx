import { useEffect, useState } from 'react';
import type { ListOf, Me, ProjectMember, ProjectSummary } from '@app/contracts';
import { useApp } from '../app-context';
import { Board } from '../project/board';
import { BudgetPanel } from '../project/budget-panel';
import { DecisionsPanel } from '../project/decisions-panel';
import { RisksPanel } from '../project/risks-panel';
import { FeedbackPanel } from '../project/feedback-panel';
import { AuditPanel } from '../audit/audit-panel';
import { DocumentsPanel } from '../records/documents-panel';
import { QualityPanel } from '../records/quality-panel';
import { ReportsPanel } from '../records/reports-panel';
import { PresenceBar } from '../project/presence-bar';
import { AcceptancePanel } from '../project/acceptance-panel';
import { PeoplePanel } from '../project/people-panel';
import type { ProjectContext } from '../project/project-context';

export type ProjectTab =
  | 'board'
  | 'risks'
  | 'decisions'
  | 'feedback'
  | 'budget'
  | 'reports'
  | 'documents'
  | 'quality'
  | 'acceptance'
  | 'people'
  | 'audit';

const TEAM = new Set(['manager', 'member', 'auditor']);

export function ProjectPage({ projectId, tab, me }: { readonly projectId: string; readonly tab: ProjectTab; readonly me: Me | null }) {
  const { api, navigate } = useApp();
  const [project, setProject] = useState<ProjectSummary | null>(null);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [editors, setEditors] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<ProjectSummary>(`/projects/${projectId}`).then(setProject, (failure: Error) => setError(failure.message));
    api.get<ListOf<ProjectMember>>(`/projects/${projectId}/members`).then(
      (members) => {
        setNames(new Map(members.items.map((m) => [m.userId, m.name ?? m.email])));
        setEditors(new Set(members.items.filter((m) => m.role === 'manager' || m.role === 'member').map((m) => m.userId)));
      },
      () => undefined,
    );
  }, [api, projectId]);

  if (error !== null) return <p className="error page" role="alert">{error}</p>;
  if (project === null) return <p className="muted page" role="status">Loading project…</p>;
  const team = TEAM.has(project.role);
  const tabs: Array<{ id: ProjectTab; label: string }> = [
    { id: 'board', label: 'Plan' },
    { id: 'risks', label: 'Risks' },
    ...(team ? [{ id: 'decisions' as const, label: 'Decisions' }] : []),
    { id: 'feedback', label: 'Feedback' },
    ...(team ? [{ id: 'budget' as const, label: 'Budget' }] : []),
    { id: 'reports', label: 'Status reports' },
    { id: 'documents', label: 'Documents' },
    { id: 'quality', label: 'Quality' },
    { id: 'acceptance', label: 'Acceptance' },
    ...(team ? [{ id: 'people' as const, label: 'People' }] : []),
    ...(team ? [{ id: 'audit' as const, label: 'Audit' }] : []),
  ];
  const shown: ProjectTab = tabs.some((t) => t.id === tab) ? tab : 'board';
  const context: ProjectContext = { project, names, editors, me };

  return (
    <div className="page">
      <div className="project-head">
        <div>
          <p className="crumb">
            <a
              href="/"
              onClick={(event) => {
                event.preventDefault();
                navigate('/');
              }}
            >
              Projects
            </a>
          </p>
          <h1>{project.name}</h1>
          <p className="muted">
            {team ? 'Team view' : 'Client view'} · your role: <span className="role">{project.role}</span>
          </p>
        </div>
        <PresenceBar projectId={projectId} names={names} />
      </div>
      <nav className="tabs" aria-label="Project sections">
        {tabs.map((t) => (
          <a
            key={t.id}
            href={`/projects/${projectId}/${t.id}`}
            aria-current={t.id === shown ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              navigate(`/projects/${projectId}/${t.id}`);
            }}
          >
            {t.label}
          </a>
        ))}
      </nav>
      {shown === 'board' && <Board context={context} />}
      {shown === 'risks' && <RisksPanel context={context} />}
      {shown === 'decisions' && team && <DecisionsPanel context={context} />}
      {shown === 'feedback' && <FeedbackPanel context={context} />}
      {shown === 'budget' && team && <BudgetPanel context={context} />}
      {shown === 'reports' && <ReportsPanel context={context} />}
      {shown === 'documents' && <DocumentsPanel context={context} />}
      {shown === 'quality' && <QualityPanel context={context} />}
      {shown === 'acceptance' && <AcceptancePanel context={context} />}
      {shown === 'people' && team && <PeoplePanel context={context} />}
      {shown === 'audit' && team && <AuditPanel context={context} />}
    </div>
  );
}
