import { useEffect, useRef } from 'react';
import type { BoardTask, EditTaskRequest } from '@app/contracts';
import { fieldText, TASK_FIELD_LABELS, type FieldWords } from './task-fields';

export interface Conflict {
  /** What this user tried to write. */
  readonly mine: EditTaskRequest;
  /** The task as it is now, after the other person's change. */
  readonly theirs: BoardTask;
  /** Its current version: "keep mine" writes over it knowingly. */
  readonly version: number;
}

const PLAIN_WORDS: FieldWords = { names: new Map(), titleOf: (taskId) => taskId };

/** One field of a crossed edit: this user's value beside the one saved meanwhile. */
export interface CrossedField {
  readonly label: string;
  readonly mine: string;
  readonly theirs: string;
}

/**
 * The prompt for an edit crossed by someone else's (a 412): both values side by
 * side, in a modal dialog; "Take theirs" is the default and what Escape does,
 * "Keep mine" writes over theirs knowingly. Never overwrites silently.
 */
export function CrossedEditPrompt({
  id,
  title,
  text,
  fields,
  onKeepMine,
  onTakeTheirs,
}: {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly fields: readonly CrossedField[];
  readonly onKeepMine: () => void;
  readonly onTakeTheirs: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog ref={dialog} className="conflict" aria-labelledby={`${id}-title`} aria-describedby={`${id}-text`} onCancel={onTakeTheirs}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-text`}>{text}</p>
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
            <tr key={field.label}>
              <th scope="row">{field.label}</th>
              <td data-testid="conflict-mine">{field.mine}</td>
              <td data-testid="conflict-theirs">{field.theirs}</td>
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

/** Someone else changed the task first: their value beside this user's, and the user chooses. */
export function ConflictDialog({
  conflict,
  words = PLAIN_WORDS,
  onKeepMine,
  onTakeTheirs,
}: {
  readonly conflict: Conflict;
  /** People's names and tasks' titles, to say an assignee or dependencies in words. */
  readonly words?: FieldWords;
  readonly onKeepMine: () => void;
  readonly onTakeTheirs: () => void;
}) {
  const fields = (Object.keys(conflict.mine) as Array<keyof EditTaskRequest>).map((field) => ({
    label: TASK_FIELD_LABELS[field],
    mine: fieldText(field, conflict.mine[field], words),
    theirs: fieldText(field, conflict.theirs[field], words),
  }));
  return (
    <CrossedEditPrompt
      id="conflict"
      title="Someone else changed this task"
      text="While you were editing, another person saved a change. Choose which value to keep."
      fields={fields}
      onKeepMine={onKeepMine}
      onTakeTheirs={onTakeTheirs}
    />
  );
}
