import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditEvent, AuditEventsPage, AuditOrder, AuditVerification, ViewAnswer } from '@app/contracts';
import { useApp, useLiveView } from '../app-context';
import type { ProjectContext } from '../project/project-context';
import { DecisionHistoryDialog } from './decision-history';
import { decisionOf, eventDetail, eventWords, when, type ItemNames } from './event-words';
import { useItemNames } from './item-names';
import { changedIds, PAST_VIEWS, PastView, type PastViewName } from './past-view';

const PAGE = 50;

/**
 * The audit tools for the team and auditors (docs/audit.md): the hash chain
 * verified, any view as it was at any revision or instant, the project's
 * events as a timeline (paged, live), and a decision's full history.
 */
export function AuditPanel({ context }: { readonly context: ProjectContext }) {
  const { project } = context;
  const names = useItemNames(project.id);
  // The activity view moves with every event: its revision is the project's, live.
  const head = useLiveView(project.id, 'activity').revision;
  const [travelTo, setTravelTo] = useState<number | null>(null);
  const [decision, setDecision] = useState<string | null>(null);
  const travel = useRef<HTMLElement>(null);

  const showAt = useCallback((revision: number) => {
    setTravelTo(revision);
    travel.current?.scrollIntoView({ block: 'start' });
    travel.current?.querySelector<HTMLInputElement>('input[type="range"]')?.focus();
  }, []);

  return (
    <div className="audit" data-revision={head ?? undefined}>
      <Verification projectId={project.id} head={head} />
      <section ref={travel} className="card time-travel" aria-labelledby="time-travel-title">
        <h2 id="time-travel-title">The project as it was</h2>
        {head === null ? (
          <p className="muted" role="status">
            Loading…
          </p>
        ) : (
          <TimeTravel projectId={project.id} currency={project.currency} head={head} names={names} requested={travelTo} />
        )}
      </section>
      <Timeline projectId={project.id} head={head} names={names} onShowAt={showAt} onDecision={setDecision} />
      {decision !== null && <DecisionHistoryDialog projectId={project.id} decisionId={decision} names={names} onClose={() => setDecision(null)} />}
    </div>
  );
}

function Verification({ projectId, head }: { readonly projectId: string; readonly head: number | null }) {
  const { api } = useApp();
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const verify = useCallback(() => {
    setBusy(true);
    setError(null);
    api
      .get<AuditVerification>(`/projects/${projectId}/audit/verify`)
      .then(setResult, (failure: Error) => setError(failure.message))
      .finally(() => setBusy(false));
  }, [api, projectId]);
  useEffect(verify, [verify]);

  return (
    <section className={`card verification${result === null ? '' : result.ok ? ' verified' : ' broken'}`} aria-labelledby="verification-title">
      <div className="risk-head">
        <h2 id="verification-title">Tamper evidence</h2>
        <div className="actions">
          <button type="button" className="button small" onClick={verify} disabled={busy}>
            {busy ? 'Verifying…' : 'Verify again'}
          </button>
          <ExportButton projectId={projectId} />
        </div>
      </div>
      {error !== null && (
        <p className="error" role="alert">
          The chain could not be verified: {error}
        </p>
      )}
      {result === null && error === null && (
        <p className="muted" role="status">
          Verifying the hash chain…
        </p>
      )}
      {result !== null &&
        (result.ok ? (
          <p className="verdict" role="status">
            <span className="verdict-mark" aria-hidden="true">
              ✓
            </span>{' '}
            <strong>Verified through revision {result.checked - 1}.</strong> Every one of the {result.checked} events links to the one before it: none was changed, removed, reordered or
            slipped in.
          </p>
        ) : (
          <div role="alert">
            <p className="verdict">
              <span className="verdict-mark" aria-hidden="true">
                ✗
              </span>{' '}
              <strong>The chain breaks at revision {result.firstBrokenRevision}.</strong> {result.reason}
            </p>
            <p className="small">
              {result.checked === 0 ? 'No event can be trusted.' : `Revisions 0 to ${result.checked - 1} verify; nothing from revision ${result.firstBrokenRevision} on can be trusted.`}
            </p>
          </div>
        ))}
      {result !== null && (
        <p className="muted small hash-line">
          Last hash that held: <code>{result.lastHash}</code>
          {head !== null && result.ok && head > result.checked - 1 && ` · ${head - result.checked + 1} events written since`}
        </p>
      )}
    </section>
  );
}

/**
 * The verifiable export (`GET …/audit/export`, NDJSON): fetched with the
 * session's token and saved as a file, for `npm run audit:verify` or the
 * auditor's own checker (docs/audit.md).
 */
function ExportButton({ projectId }: { readonly projectId: string }) {
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = () => {
    setBusy(true);
    setError(null);
    api
      .file(`/projects/${projectId}/audit/export`)
      .then(
        (blob) => {
          const url = URL.createObjectURL(blob);
          const link = document.createElement('a');
          link.href = url;
          link.download = `project-${projectId}-audit.ndjson`;
          document.body.append(link);
          link.click();
          link.remove();
          setTimeout(() => URL.revokeObjectURL(url), 60_000);
        },
        (failure: Error) => setError(failure.message),
      )
      .finally(() => setBusy(false));
  };
  return (
    <>
      <button type="button" className="button small" onClick={download} disabled={busy}>
        {busy ? 'Exporting…' : 'Download the export (NDJSON)'}
      </button>
      {error !== null && (
        <span className="error small" role="alert">
          The export failed: {error}
        </span>
      )}
    </>
  );
}

interface Past {
  /** The view it is a state of (the one chosen may have changed since it was asked for). */
  readonly view: PastViewName;
  readonly revision: number;
  readonly data: unknown;
  readonly changed: ReadonlySet<string>;
  /** Operations of the patch from the revision before. */
  readonly changes: number;
  readonly event: AuditEvent | null;
}

function TimeTravel({ projectId, currency, head, names, requested }: { readonly projectId: string; readonly currency: string; readonly head: number; readonly names: ItemNames; readonly requested: number | null }) {
  const { api } = useApp();
  const [view, setView] = useState<PastViewName>('board');
  const [revision, setRevision] = useState(head);
  const [typed, setTyped] = useState(String(head));
  const [instant, setInstant] = useState('');
  const [past, setPast] = useState<Past | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    if (requested !== null) setRevision(requested);
  }, [requested]);
  useEffect(() => setTyped(String(revision)), [revision]);

  useEffect(() => {
    const ask = ++latest.current;
    setError(null);
    const base = `/projects/${projectId}`;
    Promise.all([
      api.get<ViewAnswer>(`${base}/views/${view}?at=${revision}`),
      revision > 0 ? api.get<{ ops: ReadonlyArray<{ path: string }> }>(`${base}/views/${view}/diff?from=${revision - 1}&to=${revision}`) : Promise.resolve({ ops: [] }),
      api.get<AuditEventsPage>(`${base}/audit/events?before=${revision + 1}&limit=1`),
    ]).then(
      ([answer, diff, events]) => {
        if (ask !== latest.current) return;
        const event = events.items[0]?.revision === revision ? events.items[0] : null;
        setPast({ view, revision: answer.revision, data: answer.data, changed: changedIds(diff.ops.map((op) => op.path)), changes: diff.ops.length, event });
      },
      (failure: Error) => {
        if (ask === latest.current) setError(failure.message);
      },
    );
  }, [api, projectId, view, revision]);

  const goToInstant = () => {
    if (instant === '') return;
    setError(null);
    api.get<ViewAnswer>(`/projects/${projectId}/views/${view}?asOf=${encodeURIComponent(new Date(instant).toISOString())}`).then(
      (answer) => {
        if (answer.revision < 0) setError('The project did not exist yet at that time.');
        else setRevision(answer.revision);
      },
      (failure: Error) => setError(failure.message),
    );
  };
  const typedRevision = () => {
    const value = Number(typed);
    // The server judges a revision the project has not reached (a 404 naming where it stands).
    if (typed.trim() !== '' && Number.isInteger(value) && value >= 0) setRevision(value);
    else setError(`A revision is a whole number from 0 to ${head}.`);
  };

  return (
    <>
      <div className="travel-controls">
        <div className="stack">
          <label htmlFor="travel-view">View</label>
          <select id="travel-view" value={view} onChange={(e) => setView(e.target.value as PastViewName)}>
            {Object.entries(PAST_VIEWS).map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="stack travel-slider">
          <label htmlFor="travel-revision">
            Revision <span className="muted">(0 to {head})</span>
          </label>
          <input
            id="travel-revision"
            type="range"
            min={0}
            max={head}
            step={1}
            value={Math.min(revision, head)}
            aria-valuetext={`Revision ${revision} of ${head}`}
            onChange={(e) => setRevision(Number(e.target.value))}
          />
        </div>
        <form
          className="stack"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            typedRevision();
          }}
        >
          <label htmlFor="travel-number">Go to revision</label>
          <div className="inline-edit">
            <input id="travel-number" type="number" min={0} inputMode="numeric" value={typed} onChange={(e) => setTyped(e.target.value)} />
            <button type="submit" className="button small">
              Go
            </button>
          </div>
        </form>
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            goToInstant();
          }}
        >
          <label htmlFor="travel-instant">Or as of a date and time</label>
          <div className="inline-edit">
            <input id="travel-instant" type="datetime-local" step={1} value={instant} onChange={(e) => setInstant(e.target.value)} />
            <button type="submit" className="button small">
              Show
            </button>
          </div>
        </form>
      </div>
      <div className="actions">
        <button type="button" className="button small" disabled={revision <= 0} onClick={() => setRevision((r) => Math.max(0, r - 1))}>
          ◀ Previous revision
        </button>
        <button type="button" className="button small" disabled={revision >= head} onClick={() => setRevision((r) => Math.min(head, r + 1))}>
          Next revision ▶
        </button>
        <button type="button" className="button small" disabled={revision === head} onClick={() => setRevision(head)}>
          Latest
        </button>
      </div>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="past" aria-live="polite" aria-busy={past === null || past.revision !== revision || past.view !== view}>
        {past === null || past.view !== view ? (
          <p className="muted">Loading…</p>
        ) : (
          <>
            <p className="past-caption" data-past-revision={past.revision}>
              <strong>
                {PAST_VIEWS[past.view]} at revision {past.revision}
              </strong>
              {past.event !== null && (
                <>
                  {' '}
                  — {eventWords(past.event.type)} {eventDetail(past.event, names)}, by {past.event.actor?.name ?? 'no one recorded'} on{' '}
                  <time dateTime={past.event.recordedAt}>{when(past.event.recordedAt)}</time>
                </>
              )}
              <span className="muted">
                {' '}
                · {past.changes === 0 ? 'this revision changed nothing in this view' : `this revision made ${past.changes} ${past.changes === 1 ? 'change' : 'changes'} to this view; rows it touched are marked`}
              </span>
            </p>
            <PastView view={past.view} data={past.data} currency={currency} changed={past.changed} />
          </>
        )}
      </div>
    </>
  );
}

function Timeline({
  projectId,
  head,
  names,
  onShowAt,
  onDecision,
}: {
  readonly projectId: string;
  readonly head: number | null;
  readonly names: ItemNames;
  readonly onShowAt: (revision: number) => void;
  readonly onDecision: (decisionId: string) => void;
}) {
  const { api } = useApp();
  const [order, setOrder] = useState<AuditOrder>('newest');
  const [items, setItems] = useState<readonly AuditEvent[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [read, setRead] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (cursor: number | null, append: boolean) => {
      setBusy(true);
      setError(null);
      const query = `order=${order}&limit=${PAGE}${cursor === null ? '' : order === 'newest' ? `&before=${cursor}` : `&after=${cursor}`}`;
      api
        .get<AuditEventsPage>(`/projects/${projectId}/audit/events?${query}`)
        .then(
          (page) => {
            setItems((held) => (append ? [...held, ...page.items] : page.items));
            setNext(page.next);
            setRead((held) => Math.max(held ?? -1, page.revision));
          },
          (failure: Error) => setError(failure.message),
        )
        .finally(() => setBusy(false));
    },
    [api, projectId, order],
  );
  useEffect(() => load(null, false), [load]);

  // Live: events written since the page was read come in at the top (newest first), or count as more to show (oldest first).
  useEffect(() => {
    if (head === null || read === null || head <= read || order !== 'newest') return;
    api.get<AuditEventsPage>(`/projects/${projectId}/audit/events?order=oldest&after=${read}&limit=200`).then(
      (page) => {
        setItems((held) => [...[...page.items].reverse().filter((e) => !held.some((h) => h.revision === e.revision)), ...held]);
        setRead(page.items.length > 0 ? page.items[page.items.length - 1]!.revision : page.revision);
      },
      () => undefined,
    );
  }, [api, projectId, head, read, order]);

  const total = head === null ? null : head + 1;
  const moreAfterEnd = order === 'oldest' && next === null && head !== null && items.length > 0 && items[items.length - 1]!.revision < head;
  return (
    <section className="card timeline" aria-labelledby="timeline-title">
      <div className="risk-head">
        <h2 id="timeline-title">Timeline</h2>
        <div className="check">
          <label htmlFor="timeline-order">Order</label>
          <select id="timeline-order" value={order} onChange={(e) => setOrder(e.target.value as AuditOrder)}>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </div>
      </div>
      <p className="muted small" role="status">
        {total === null ? 'Loading…' : `Showing ${items.length} of ${total} events.`}
      </p>
      {error !== null && (
        <p className="error" role="alert">
          The events cannot be shown: {error}
        </p>
      )}
      <ol className="events" aria-label="Project events">
        {items.map((event) => {
          const decisionId = decisionOf(event);
          return (
            <li key={event.revision} className="event" data-event-revision={event.revision}>
              <span className="revision-badge">
                <span className="visually-hidden">Revision </span>#{event.revision}
              </span>
              <div className="event-body">
                <p className="event-title">
                  <strong>{eventWords(event.type)}</strong> <span className="event-detail">{eventDetail(event, names)}</span>
                </p>
                <p className="muted small">
                  {event.actor === null ? 'No actor recorded' : (
                    <>
                      <span className="actor">{event.actor.name ?? 'an unknown account'}</span> ({event.actor.role})
                    </>
                  )}{' '}
                  · <time dateTime={event.recordedAt}>{when(event.recordedAt)}</time>
                  {event.causationId !== null && <> · carries out {names.has(event.causationId) ? `“${names.get(event.causationId)}”` : 'a decision'}</>}
                </p>
              </div>
              <div className="event-actions">
                <button type="button" className="button small" onClick={() => onShowAt(event.revision)}>
                  Show as it was<span className="visually-hidden"> at revision {event.revision}</span>
                </button>
                {decisionId !== null && (
                  <button type="button" className="button small" onClick={() => onDecision(decisionId)}>
                    Decision history<span className="visually-hidden"> of revision {event.revision}</span>
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {(next !== null || moreAfterEnd) && (
        <button type="button" className="button" disabled={busy} onClick={() => load(next ?? items[items.length - 1]!.revision, true)}>
          {busy ? 'Loading…' : `Show ${PAGE} more`}
        </button>
      )}
    </section>
  );
}
