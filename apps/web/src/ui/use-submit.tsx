import { useState, type FormEvent } from 'react';

export interface SubmitState {
  readonly busy: boolean;
  /** The outcome of the last submission, to show beside the form. */
  readonly outcome: { readonly kind: 'ok' | 'error'; readonly text: string } | null;
  /** A form's onSubmit: runs `send`, then says `done` or the error. */
  readonly submit: (send: () => Promise<void>, done: string) => (event: FormEvent) => void;
}

/** The busy flag and the outcome message every form of the app shows. */
export function useSubmit(): SubmitState {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<SubmitState['outcome']>(null);
  return {
    busy,
    outcome,
    submit: (send, done) => (event) => {
      event.preventDefault();
      setBusy(true);
      setOutcome(null);
      send().then(
        () => setOutcome({ kind: 'ok', text: done }),
        (failure: unknown) => setOutcome({ kind: 'error', text: failure instanceof Error ? failure.message : 'Not sent.' }),
      ).finally(() => setBusy(false));
    },
  };
}

/** The outcome of a form, read out by screen readers: a status when it went through, an alert when it did not. */
export function Outcome({ outcome }: { readonly outcome: SubmitState['outcome'] }) {
  if (outcome === null) return null;
  return (
    <p className={outcome.kind === 'ok' ? 'success' : 'error'} role={outcome.kind === 'ok' ? 'status' : 'alert'}>
      {outcome.text}
    </p>
  );
}

/** A form's last row: its submit button (its busy label while sending), then the outcome. */
export function FormFooter({ form, label, busyLabel, primary = true }: { readonly form: SubmitState; readonly label: string; readonly busyLabel: string; readonly primary?: boolean }) {
  return (
    <>
      <div className="field actions">
        <button type="submit" className={primary ? 'button primary' : 'button small'} disabled={form.busy}>
          {form.busy ? busyLabel : label}
        </button>
      </div>
      <div className="field full">
        <Outcome outcome={form.outcome} />
      </div>
    </>
  );
}
