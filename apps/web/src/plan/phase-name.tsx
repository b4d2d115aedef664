import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { BoardPhase } from '@app/contracts';
import { useApp } from '../app-context';
import { ApiError } from '../api/client';

/** A rename refused because someone renamed the phase first: their name and the version to write on. */
interface Crossed {
  readonly theirs: string;
  readonly version: number;
}

/**
 * A phase's name, renamed in place by the delivery team: `PATCH …/phases/:phaseId`
 * `{ name }` with `If-Match` on the version the edit started from. A 412 (someone
 * renamed it meanwhile) shows both names and lets the user keep theirs or take the
 * other; nothing is overwritten unasked. The new name shows when the live plan
 * brings it, as on every other open page.
 */
export function PhaseName({ projectId, phase, canEdit }: { readonly projectId: string; readonly phase: BoardPhase; readonly canEdit: boolean }) {
  const { api } = useApp();
  const [editing, setEditing] = useState<{ readonly from: number } | null>(null);
  const [name, setName] = useState(phase.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [crossed, setCrossed] = useState<Crossed | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const inputId = useId();

  const close = () => {
    setEditing(null);
    setError(null);
    setCrossed(null);
    setTimeout(() => button.current?.focus(), 0);
  };
  const save = async (version: number) => {
    setBusy(true);
    setError(null);
    try {
      await api.request('PATCH', `/projects/${projectId}/phases/${phase.phaseId}`, { body: { name }, ifMatch: version });
      close();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 412 && failure.problem !== null) {
        const problem = failure.problem as unknown as { version: number; current: { name: string } };
        setCrossed({ theirs: problem.current.name, version: problem.version });
      } else {
        setError(failure instanceof Error ? failure.message : 'The phase was not renamed.');
      }
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (editing !== null) void save(editing.from);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };

  if (editing === null) {
    return (
      <div className="phase-head">
        <h3>{phase.name}</h3>
        {canEdit && (
          <button
            ref={button}
            type="button"
            className="button subtle small"
            aria-label={`Rename phase ${phase.name}`}
            onClick={() => {
              setName(phase.name);
              setEditing({ from: phase.version ?? 1 });
            }}
          >
            Rename
          </button>
        )}
      </div>
    );
  }
  return (
    <form className="phase-rename" onSubmit={submit} onKeyDown={onKey} aria-label={`Rename phase ${phase.name}`}>
      <label htmlFor={inputId}>Name of the phase</label>
      <input id={inputId} value={name} maxLength={120} autoFocus onChange={(event) => setName(event.target.value)} disabled={busy} />
      <button type="submit" className="button primary small" disabled={busy}>
        Save
      </button>
      <button type="button" className="button subtle small" onClick={close} disabled={busy}>
        Cancel
      </button>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {crossed !== null && (
        <div className="phase-crossed" role="alert">
          <p>
            Someone renamed this phase to <strong>“{crossed.theirs}”</strong> while you were editing. Yours: <strong>“{name}”</strong>.
          </p>
          <button type="button" className="button small" onClick={() => void save(crossed.version)} disabled={busy}>
            Keep mine
          </button>
          <button type="button" className="button subtle small" onClick={close} disabled={busy}>
            Take theirs
          </button>
        </div>
      )}
    </form>
  );
}
