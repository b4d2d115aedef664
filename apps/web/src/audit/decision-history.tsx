import { useEffect, useRef, useState } from 'react';
import type { DecisionHistory } from '@app/contracts';
import { useApp } from '../app-context';
import { eventDetail, eventWords, when, type ItemNames } from './event-words';

/**
 * A decision's full history (`GET …/decisions/:id/history`) in a modal dialog:
 * every event that touched it and every write that said it carried it out,
 * with who and when. Escape or Close ends it, and focus goes back where it was.
 */
export function DecisionHistoryDialog({ projectId, decisionId, names, onClose }: { readonly projectId: string; readonly decisionId: string; readonly names: ItemNames; readonly onClose: () => void }) {
  const { api } = useApp();
  const dialog = useRef<HTMLDialogElement>(null);
  const [history, setHistory] = useState<DecisionHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    return () => opener?.focus();
  }, []);
  useEffect(() => {
    api.get<DecisionHistory>(`/projects/${projectId}/decisions/${decisionId}/history`).then(setHistory, (failure: Error) => setError(failure.message));
  }, [api, projectId, decisionId]);
  const proposed = history?.entries.find((e) => e.type === 'DecisionProposed' && (e.data as { decisionId?: string } | null)?.decisionId === decisionId);
  const title = (proposed?.data as { title?: string } | undefined)?.title ?? names.get(decisionId) ?? 'Decision';
  // Names the entries can use: this decision, its options, its successor as the history names them.
  const known = new Map(names);
  for (const entry of history?.entries ?? []) {
    const data = (entry.data ?? {}) as { decisionId?: string; optionId?: string; title?: string };
    if (entry.type === 'DecisionProposed' && data.decisionId && data.title) known.set(data.decisionId, data.title);
  }

  return (
    <dialog ref={dialog} className="history-dialog" aria-labelledby="decision-history-title" onClose={onClose}>
      <h2 id="decision-history-title">History of “{title}”</h2>
      {error !== null ? (
        <p className="error" role="alert">
          The history cannot be shown: {error}
        </p>
      ) : history === null ? (
        <p className="muted" role="status">
          Loading the history…
        </p>
      ) : (
        <>
          <p className="muted small" role="status">
            {history.entries.length} events, complete up to revision {history.revision}.
          </p>
          <ol className="history-entries" aria-label={`Events of “${title}”`}>
            {history.entries.map((entry) => (
              <li key={entry.revision} className={`history-entry relation-${entry.relation}`}>
                <div className="entry-head">
                  <span className="revision-badge">#{entry.revision}</span>
                  <strong>{eventWords(entry.type)}</strong>
                  {entry.relation === 'caused' && <span className="pill">carried out because of it</span>}
                </div>
                <p className="entry-detail">{eventDetail(entry, known)}</p>
                <p className="muted small">
                  {entry.actor === null ? 'No actor recorded' : `${entry.actor.name ?? 'an unknown account'} (${entry.actor.role})`} · <time dateTime={entry.recordedAt}>{when(entry.recordedAt)}</time>
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
      <div className="dialog-actions">
        <button type="button" className="button primary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
