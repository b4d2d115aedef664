import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { BoardMilestone, ChangeRequestView, EditMilestoneRequest, MilestoneVersionConflict } from '@app/contracts';
import { ApiError } from '../api/client';
import { useApp } from '../app-context';
import { date, today } from '../format';
import { Outcome, useSubmit, type SubmitState } from '../ui/use-submit';
import { CrossedEditPrompt } from '../project/conflict-dialog';

const days = (n: number) => `${n > 0 ? '+' : ''}${n} day${Math.abs(n) === 1 ? '' : 's'}`;

interface Crossed {
  readonly mine: string;
  readonly theirs: MilestoneVersionConflict['current'];
  readonly version: number;
}

/**
 * A milestone edited in place by the delivery team: a new due date (with `If-Match` on the
 * version it was read at; past the baseline, citing an approved change request) and
 * marking it reached. The server's reason shows when it refuses; a crossed edit asks.
 */
export function MilestoneEditor({ projectId, milestone, approved }: { readonly projectId: string; readonly milestone: BoardMilestone; readonly approved: readonly ChangeRequestView[] }) {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const id = useId();
  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };
  return (
    <div className="milestone-edit">
      <button
        ref={toggle}
        type="button"
        className="button small"
        aria-expanded={open}
        aria-controls={id}
        aria-label={`${open ? 'Close editing of' : 'Edit'} milestone ${milestone.name}`}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {open ? 'Close' : 'Edit'}
      </button>
      {open && (
        <div
          id={id}
          className="milestone-edit-panel"
          onKeyDown={(event: KeyboardEvent) => {
            if (event.key === 'Escape' && !(event.target instanceof HTMLElement && event.target.closest('dialog'))) close();
          }}
        >
          {milestone.reachedOn === null ? (
            <>
              <Reschedule projectId={projectId} milestone={milestone} approved={approved} />
              <MarkReached projectId={projectId} milestone={milestone} />
            </>
          ) : (
            <p className="muted small">Reached {date(milestone.reachedOn)}: a reached milestone keeps its date.</p>
          )}
        </div>
      )}
    </div>
  );
}

function Reschedule({ projectId, milestone, approved }: { readonly projectId: string; readonly milestone: BoardMilestone; readonly approved: readonly ChangeRequestView[] }) {
  const { api } = useApp();
  const base = useId();
  // The version the edit starts from: the one read when the form opened, so a change made meanwhile is a conflict, not overwritten.
  const [fromVersion, setFromVersion] = useState(milestone.version);
  const [dueDate, setDueDate] = useState(milestone.dueDate);
  const [changeId, setChangeId] = useState('');
  const [crossed, setCrossed] = useState<Crossed | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<SubmitState['outcome']>(null);
  const beyond = milestone.baselineDueDate !== null && dueDate > milestone.baselineDueDate;

  const send = async (version: number) => {
    setBusy(true);
    setOutcome(null);
    const body: EditMilestoneRequest = { dueDate, ...(beyond && changeId !== '' ? { changeId } : {}) };
    try {
      await api.request('PATCH', `/projects/${projectId}/milestones/${milestone.milestoneId}`, { body, ifMatch: version });
      setFromVersion(version + 1);
      setOutcome({ kind: 'ok', text: `${milestone.name} is now due ${date(dueDate)}.` });
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 412 && failure.problem !== null) {
        const problem = failure.problem as unknown as MilestoneVersionConflict;
        setCrossed({ mine: dueDate, theirs: problem.current, version: problem.version });
      } else {
        setOutcome({ kind: 'error', text: `The date was not changed: ${failure instanceof Error ? failure.message : 'not sent.'}` });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="stack milestone-form"
      aria-label={`Reschedule ${milestone.name}`}
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void send(fromVersion);
      }}
    >
      <label htmlFor={`${base}-due`}>New due date</label>
      <input id={`${base}-due`} type="date" required value={dueDate} onChange={(e) => {
          setDueDate(e.target.value);
          setOutcome(null);
        }} />
      {milestone.baselineDueDate !== null && (
        <p className={beyond ? 'note watch small' : 'muted small'} id={`${base}-baseline`}>
          {beyond
            ? `Later than its baseline date (${date(milestone.baselineDueDate)}): that takes an approved change request.`
            : `Its baseline date is ${date(milestone.baselineDueDate)}.`}
        </p>
      )}
      {beyond && (
        <>
          <label htmlFor={`${base}-change`}>Approved change request</label>
          <select id={`${base}-change`} value={changeId} onChange={(e) => {
            setChangeId(e.target.value);
            setOutcome(null);
          }} aria-describedby={`${base}-baseline`}>
            <option value="">None cited</option>
            {approved.map((c) => (
              <option key={c.changeId} value={c.changeId}>
                {c.title} ({days(c.impact.scheduleDays)})
              </option>
            ))}
          </select>
          {approved.length === 0 && <p className="muted small">No change request is approved yet: request one under Change requests, below the plan, for a manager to approve.</p>}
        </>
      )}
      <Outcome outcome={outcome} />
      <button type="submit" className="button primary small" disabled={busy || dueDate === ''}>
        {busy ? 'Saving…' : 'Save date'}
      </button>
      {crossed !== null && (
        <MilestoneConflict
          name={milestone.name}
          crossed={crossed}
          onKeepMine={() => {
            const version = crossed.version;
            setCrossed(null);
            setFromVersion(version);
            void send(version);
          }}
          onTakeTheirs={() => {
            setFromVersion(crossed.version);
            setDueDate(crossed.theirs.dueDate);
            setCrossed(null);
            setOutcome({ kind: 'ok', text: `Kept the saved date: ${date(crossed.theirs.dueDate)}.` });
          }}
        />
      )}
    </form>
  );
}

function MarkReached({ projectId, milestone }: { readonly projectId: string; readonly milestone: BoardMilestone }) {
  const { api } = useApp();
  const base = useId();
  const [reachedOn, setReachedOn] = useState(today());
  const form = useSubmit();
  const mark = form.submit(async () => {
    await api.request('PATCH', `/projects/${projectId}/milestones/${milestone.milestoneId}`, { body: { reachedOn } satisfies EditMilestoneRequest });
  }, `${milestone.name} marked reached on ${date(reachedOn)}.`);
  return (
    <form className="stack milestone-form" aria-label={`Mark ${milestone.name} reached`} onSubmit={mark}>
      <label htmlFor={`${base}-reached`}>Reached on</label>
      <input id={`${base}-reached`} type="date" required value={reachedOn} onChange={(e) => setReachedOn(e.target.value)} />
      <Outcome outcome={form.outcome} />
      <button type="submit" className="button small" disabled={form.busy || reachedOn === ''}>
        {form.busy ? 'Saving…' : 'Mark reached'}
      </button>
    </form>
  );
}

/** Someone else moved the milestone first: their date beside this user's, and the user chooses. */
function MilestoneConflict({ name, crossed, onKeepMine, onTakeTheirs }: { readonly name: string; readonly crossed: Crossed; readonly onKeepMine: () => void; readonly onTakeTheirs: () => void }) {
  return (
    <CrossedEditPrompt
      id="milestone-conflict"
      title="Someone else changed this milestone"
      text={`While you were editing ${name}, another person saved a change. Choose which date to keep.`}
      fields={[{ label: 'Due date', mine: date(crossed.mine), theirs: date(crossed.theirs.dueDate) }]}
      onKeepMine={onKeepMine}
      onTakeTheirs={onTakeTheirs}
    />
  );
}
