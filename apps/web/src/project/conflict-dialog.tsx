import { useEffect, useRef } from 'react';
import type { BoardTask, EditTaskRequest } from '@app/contracts';
import { STATUS_LABELS } from '../format';

export interface Conflict {
  /** What this user tried to write. */
  readonly mine: EditTaskRequest;
  /** The task as it is now, after the other person's change. */
  readonly theirs: BoardTask;
  /** Its current version: "keep mine" writes over it knowingly. */
  readonly version: number;
}

const FIELD_LABELS: Record<keyof EditTaskRequest, string> = { title: 'Title', status: 'Status', percentDone: 'Percent done' };

function show(field: keyof EditTaskRequest, value: unknown): string {
  if (field === 'status') return STATUS_LABELS[value as keyof typeof STATUS_LABELS] ?? String(value);
  if (field === 'percentDone') return `${String(value)}%`;
  return String(value);
}

/** Someone else changed the task first: their value beside this user's, and the user chooses. Never overwrites silently. */
export function ConflictDialog({ conflict, onKeepMine, onTakeTheirs }: { readonly conflict: Conflict; readonly onKeepMine: () => void; readonly onTakeTheirs: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  const fields = Object.keys(conflict.mine) as Array<keyof EditTaskRequest>;
  return (
    <dialog ref={dialog} className="conflict" aria-labelledby="conflict-title" aria-describedby="conflict-text" onCancel={onTakeTheirs}>
      <h2 id="conflict-title">Someone else changed this task</h2>
      <p id="conflict-text">While you were editing, another person saved a change. Choose which value to keep.</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Yours</th>
            <th scope="col">Theirs (saved)</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => (
            <tr key={field}>
              <th scope="row">{FIELD_LABELS[field]}</th>
              <td data-testid="conflict-mine">{show(field, conflict.mine[field])}</td>
              <td data-testid="conflict-theirs">{show(field, conflict.theirs[field])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" className="button subtle" onClick={onTakeTheirs} autoFocus>
          Take theirs
        </button>
        <button type="button" className="button primary" onClick={onKeepMine}>
          Keep mine
        </button>
      </div>
    </dialog>
  );
}
