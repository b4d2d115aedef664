import { useEffect, useState, type FormEvent } from 'react';
import { DOCUMENT_KINDS, type DocumentEntry, type DocumentKind } from '@app/contracts';
import { useApp, useLiveView } from '../app-context';
import { date } from '../format';
import type { ProjectContext } from '../project/project-context';
import { Outcome, useSubmit } from '../ui/use-submit';

const WRITERS = new Set(['manager', 'member']);
/** A checkbox sends at once: no form event to stop. */
const NO_EVENT = { preventDefault: () => undefined } as FormEvent;
export const KIND_LABELS: Record<DocumentKind, string> = {
  plan: 'Plan',
  'progress-report': 'Progress report',
  'risk-plan': 'Risk plan',
  'quality-plan': 'Quality plan',
  contract: 'Contract',
  minutes: 'Minutes',
  other: 'Other',
};

/** Where a document lives, as a link when it is a web address. */
function Location({ location, label }: { readonly location: string; readonly label: string }) {
  return /^https?:\/\//i.test(location) ? (
    <a href={location} target="_blank" rel="noreferrer noopener" className="doc-location">
      {location}
      <span className="visually-hidden"> ({label}, opens in a new tab)</span>
    </a>
  ) : (
    <span className="doc-location">{location}</span>
  );
}

/**
 * The project's documents by kind, with their versions (the `documents` view,
 * live). Managers and members add documents and new versions; managers decide
 * which the client sees. The client's view holds only the shared ones.
 */
export function DocumentsPanel({ context }: { readonly context: ProjectContext }) {
  const { project, names } = context;
  const documents = useLiveView(project.id, 'documents');
  const [kind, setKind] = useState<DocumentKind | 'all'>('all');
  if (documents.error !== null && documents.data === null) return <p className="error" role="alert">The documents cannot be shown: {documents.error}</p>;
  if (documents.data === null) return <p className="muted" role="status">Loading the documents…</p>;
  const view = documents.data;
  const writer = WRITERS.has(project.role);
  const client = project.role === 'client';
  const all = Object.values(view.documents ?? {});
  const shown = all.filter((d) => kind === 'all' || d.kind === kind).sort((a, b) => DOCUMENT_KINDS.indexOf(a.kind) - DOCUMENT_KINDS.indexOf(b.kind) || a.title.localeCompare(b.title));

  return (
    <div className="documents" data-revision={documents.revision ?? undefined}>
      <dl className="figures" aria-label="Document figures">
        <div>
          <dt>Documents</dt>
          <dd>{view.figures.documents}</dd>
        </div>
        {!client && (
          <div>
            <dt>Shared with the client</dt>
            <dd>{view.figures.sharedWithClient}</dd>
          </div>
        )}
        <div>
          <dt>Versions</dt>
          <dd>{view.figures.versions}</dd>
        </div>
      </dl>
      <div className={writer ? 'two-columns' : undefined}>
        <section aria-labelledby="documents-title">
          <div className="risk-head">
            <h2 id="documents-title">{client ? 'Documents shared with you' : 'Documents'}</h2>
            <div className="check">
              <label htmlFor="documents-kind">Show</label>
              <select id="documents-kind" value={kind} onChange={(e) => setKind(e.target.value as DocumentKind | 'all')}>
                <option value="all">All kinds</option>
                {DOCUMENT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {shown.length === 0 ? (
            <p className="muted">{all.length === 0 ? (client ? 'No document has been shared with you yet.' : 'No documents yet.') : 'No document of this kind.'}</p>
          ) : (
            <ul className="document-list">
              {shown.map((doc) => (
                <DocumentCard key={doc.documentId} projectId={project.id} doc={doc} names={names} writer={writer} manager={project.role === 'manager'} client={client} />
              ))}
            </ul>
          )}
        </section>
        {writer && <AddDocument projectId={project.id} manager={project.role === 'manager'} />}
      </div>
    </div>
  );
}

function DocumentCard({
  projectId,
  doc,
  names,
  writer,
  manager,
  client,
}: {
  readonly projectId: string;
  readonly doc: DocumentEntry;
  readonly names: ReadonlyMap<string, string>;
  readonly writer: boolean;
  readonly manager: boolean;
  readonly client: boolean;
}) {
  const { api } = useApp();
  const [revising, setRevising] = useState(false);
  const [location, setLocation] = useState('');
  const [summary, setSummary] = useState('');
  const revise = useSubmit();
  const share = useSubmit();
  const titleId = `document-${doc.documentId}`;
  const sendVersion = revise.submit(async () => {
    await api.request('PATCH', `/projects/${projectId}/documents/${doc.documentId}`, {
      body: { ...(location.trim() ? { location: location.trim() } : {}), ...(summary.trim() ? { summary: summary.trim() } : {}) },
    });
    setLocation('');
    setSummary('');
    setRevising(false);
  }, 'New version added.');
  // The box shows the choice at once; the live view confirms it (or a refusal puts it back).
  const [asked, setAsked] = useState<boolean | null>(null);
  useEffect(() => {
    if (asked !== null && asked === doc.sharedWithClient) setAsked(null);
  }, [asked, doc.sharedWithClient]);
  const setShared = (shared: boolean) => {
    setAsked(shared);
    return share.submit(async () => {
      try {
        await api.request('PATCH', `/projects/${projectId}/documents/${doc.documentId}`, { body: { sharedWithClient: shared } });
      } catch (failure) {
        setAsked(null);
        throw failure;
      }
    }, shared ? 'Shared with the client.' : 'No longer shared with the client.');
  };

  return (
    <li className="card document" aria-labelledby={titleId}>
      <div className="risk-head">
        <h3 id={titleId}>{doc.title}</h3>
        <span className="document-pills">
          <span className="pill">{KIND_LABELS[doc.kind]}</span> <span className="pill">Version {doc.version}</span>{' '}
          {!client && <span className={`pill ${doc.sharedWithClient ? 'shared' : 'internal'}`}>{doc.sharedWithClient ? 'Shared with the client' : 'Internal'}</span>}
        </span>
      </div>
      <p className="small">
        Current version: <Location location={doc.location} label={`${doc.title}, version ${doc.version}`} />
      </p>
      <details className="history">
        <summary>
          Versions ({doc.versions.length})<span className="visually-hidden"> of {doc.title}</span>
        </summary>
        <ol reversed>
          {[...doc.versions].reverse().map((v) => (
            <li key={v.version}>
              <strong>v{v.version}</strong> · {date(v.at)}
              {v.by !== undefined && ` · ${names.get(v.by) ?? 'a former member'}`} — {v.summary ?? 'first version'}
              <br />
              <Location location={v.location} label={`${doc.title}, version ${v.version}`} />
            </li>
          ))}
        </ol>
      </details>
      {manager && (
        <form className="share-form" onSubmit={(e) => e.preventDefault()}>
          <label className="check">
            <input type="checkbox" checked={asked ?? doc.sharedWithClient} disabled={share.busy} onChange={(e) => setShared(e.target.checked)(NO_EVENT)} />
            Shared with the client<span className="visually-hidden">: {doc.title}</span>
          </label>
          <Outcome outcome={share.outcome} />
        </form>
      )}
      {writer &&
        (revising ? (
          <form className="stack reassess" onSubmit={sendVersion} aria-label={`New version of ${doc.title}`}>
            <label htmlFor={`${titleId}-location`}>Where the new version lives</label>
            <input id={`${titleId}-location`} value={location} onChange={(e) => setLocation(e.target.value)} placeholder="https://…" />
            <label htmlFor={`${titleId}-summary`}>What changed</label>
            <input id={`${titleId}-summary`} value={summary} onChange={(e) => setSummary(e.target.value)} />
            <Outcome outcome={revise.outcome} />
            <div className="actions">
              <button type="submit" className="button primary" disabled={revise.busy}>
                {revise.busy ? 'Adding…' : 'Add version'}
              </button>
              <button type="button" className="button" onClick={() => setRevising(false)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <div className="actions">
            <button type="button" className="button small" onClick={() => setRevising(true)}>
              New version<span className="visually-hidden"> of {doc.title}</span>
            </button>
            {revise.outcome?.kind === 'ok' && <Outcome outcome={revise.outcome} />}
          </div>
        ))}
    </li>
  );
}

function AddDocument({ projectId, manager }: { readonly projectId: string; readonly manager: boolean }) {
  const { api } = useApp();
  const [kind, setKind] = useState<DocumentKind>('plan');
  const [title, setTitle] = useState('');
  const [location, setLocation] = useState('');
  const [shared, setShared] = useState(false);
  const form = useSubmit();
  const add = form.submit(async () => {
    await api.request('POST', `/projects/${projectId}/documents`, { body: { kind, title: title.trim(), location: location.trim(), sharedWithClient: shared } });
    setTitle('');
    setLocation('');
    setShared(false);
  }, 'Document added.');
  return (
    <section className="card" aria-labelledby="add-document-title">
      <h2 id="add-document-title">Add a document</h2>
      <form className="stack" onSubmit={add}>
        <label htmlFor="document-kind">Kind</label>
        <select id="document-kind" value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)}>
          {DOCUMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <label htmlFor="document-title">Title</label>
        <input id="document-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        <label htmlFor="document-location">Where it lives (a link or a path)</label>
        <input id="document-location" value={location} onChange={(e) => setLocation(e.target.value)} placeholder="https://…" />
        {manager ? (
          <label className="check">
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> Share with the client
          </label>
        ) : (
          <p className="muted small">A manager decides which documents the client sees.</p>
        )}
        <Outcome outcome={form.outcome} />
        <button type="submit" className="button primary" disabled={form.busy}>
          {form.busy ? 'Adding…' : 'Add document'}
        </button>
      </form>
    </section>
  );
}
