import { projectDecider, type ProjectCommand, type ProjectEvent, type ProjectState } from '@app/domain';
import type { ProjectViewEvent } from './project-view';

/** From here on in a `history`, events are recorded at this instant (ISO 8601). */
export interface Clock {
  readonly at: string;
}

export const clock = (at: string): Clock => ({ at });

/** From here on in a `history`, events carry this actor in their metadata, as the api records them. */
export interface Acting {
  readonly actor: { readonly id: string; readonly role: string };
}

export const acting = (id: string, role: string): Acting => ({ actor: { id, role } });

/**
 * Runs commands through the real decider and returns the events as the log
 * would record them. A refused command records nothing. Events are recorded a
 * second apart from 2027-01-01T00:00:00Z, or at the instant of the latest
 * `clock` given among the commands; with the actor of the latest `acting` given, if any.
 */
export function history(commands: ReadonlyArray<ProjectCommand | Clock | Acting>): ProjectViewEvent[] {
  let state: ProjectState = projectDecider.initialState();
  let now: string | null = null;
  let actor: Acting['actor'] | null = null;
  const events: ProjectViewEvent[] = [];
  for (const command of commands) {
    if ('at' in command) {
      now = command.at;
      continue;
    }
    if ('actor' in command) {
      actor = command.actor;
      continue;
    }
    let decided: ProjectEvent[];
    try {
      decided = projectDecider.decide(command, state);
    } catch {
      continue; // refused: nothing recorded
    }
    for (const event of decided) {
      state = projectDecider.evolve(state, event);
      const recordedAt = now ?? `2027-01-01T00:00:${String(events.length % 60).padStart(2, '0')}.000Z`;
      events.push({ type: event.type, data: event.data, revision: events.length, recordedAt, ...(actor === null ? {} : { metadata: { actor } }) });
    }
  }
  return events;
}

/** A project "p" in EUR with a manager "pm", a member "dev", a client "cl", a phase "ph1" and two milestones. */
export const start: ProjectCommand[] = [
  { type: 'CreateProject', data: { projectId: 'p', name: 'Portal relaunch', currency: 'EUR', createdBy: 'pm', creatorEmail: 'pm@x.example' } },
  { type: 'InviteMember', data: { invitationId: 'i1', email: 'dev@x.example', role: 'member', tokenHash: 'h1', expiresAt: '2999-01-01T00:00:00.000Z', invitedBy: 'pm' } },
  { type: 'AcceptInvitation', data: { invitationId: 'i1', userId: 'dev', email: 'dev@x.example', now: '2026-01-01T00:00:00.000Z' } },
  { type: 'InviteMember', data: { invitationId: 'i2', email: 'cl@y.example', role: 'client', tokenHash: 'h2', expiresAt: '2999-01-01T00:00:00.000Z', invitedBy: 'pm' } },
  { type: 'AcceptInvitation', data: { invitationId: 'i2', userId: 'cl', email: 'cl@y.example', now: '2026-01-01T00:00:00.000Z' } },
  { type: 'AddPhase', data: { phaseId: 'ph1', name: 'Build' } },
  { type: 'AddMilestone', data: { milestoneId: 'm1', phaseId: 'ph1', name: 'Beta', dueDate: '2027-02-01' } },
  { type: 'AddMilestone', data: { milestoneId: 'm2', phaseId: 'ph1', name: 'Launch', dueDate: '2027-03-01' } },
];

/** A task in phase "ph1" (assigned to "dev" unless told), with an internal description. */
export const task = (
  taskId: string,
  estimateHours: number | null,
  assigneeId: string | null = 'dev',
  dates: { startDate?: string | null; dueDate?: string | null } = {},
): ProjectCommand => ({
  type: 'AddTask',
  data: { taskId, phaseId: 'ph1', title: `Task ${taskId}`, description: 'internal detail', assigneeId, startDate: dates.startDate ?? null, dueDate: dates.dueDate ?? null, estimateHours, dependsOn: [] },
});
