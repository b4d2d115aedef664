import { DomainError } from '../domain-error';
import { noEntities, type Entities } from '../entities';
import type { DomainEvent } from '../event';
import type { MemberRoles } from './plan';

/**
 * What a project keeps on record (DOMAIN.md sections 1, 12, 25 and the lessons of
 * 7–9/15–17): documents with their versions and whether the client sees them,
 * comments on any item, published status reports, phase and final evaluations,
 * and lessons learned.
 */
export const DocumentKinds = ['plan', 'progress-report', 'risk-plan', 'quality-plan', 'contract', 'minutes', 'other'] as const;
export type DocumentKind = (typeof DocumentKinds)[number];
export const CommentTargets = ['project', 'phase', 'milestone', 'task', 'risk', 'decision', 'change', 'feedback', 'document'] as const;
export type CommentTarget = (typeof CommentTargets)[number];

export interface ProjectDocument {
  readonly documentId: string;
  readonly kind: DocumentKind;
  readonly title: string;
  readonly version: number;
  readonly sharedWithClient: boolean;
}

export interface Evaluation {
  readonly evaluationId: string;
  /** `null`: the final evaluation of the whole project. */
  readonly phaseId: string | null;
  readonly schedule: number;
  readonly cost: number;
  readonly quality: number;
  readonly satisfaction: number;
  readonly notes: string;
}

export interface RecordsState {
  readonly documents: Entities<ProjectDocument>;
  readonly comments: number;
  readonly reports: number;
  readonly evaluations: Entities<Evaluation>;
  readonly lessons: number;
}

export const initialRecordsState = (): RecordsState => ({ documents: noEntities(), comments: 0, reports: 0, evaluations: noEntities(), lessons: 0 });

export type RecordEvent =
  | DomainEvent<'DocumentAdded', Omit<ProjectDocument, 'version'> & { location: string; addedBy: string }>
  | DomainEvent<'DocumentRevised', { documentId: string; version: number; location: string; summary: string; revisedBy: string }>
  | DomainEvent<'DocumentSharingChanged', { documentId: string; sharedWithClient: boolean }>
  | DomainEvent<'CommentPosted', { commentId: string; on: { kind: CommentTarget; id: string }; body: string; by: string }>
  | DomainEvent<'StatusReportPublished', { reportId: string; period: string; summary: string; nextSteps: string; by: string }>
  | DomainEvent<'PhaseEvaluated', Evaluation & { by: string }>
  | DomainEvent<'LessonRecorded', { lessonId: string; title: string; lesson: string; by: string }>;

export type RecordCommand =
  | { type: 'AddDocument'; data: Omit<ProjectDocument, 'version'> & { location: string; addedBy: string } }
  | { type: 'ReviseDocument'; data: { documentId: string; location: string; summary: string; revisedBy: string } }
  | { type: 'ShareDocument'; data: { documentId: string; sharedWithClient: boolean; by: string } }
  | { type: 'PostComment'; data: { commentId: string; on: { kind: CommentTarget; id: string }; body: string; by: string } }
  | { type: 'PublishStatusReport'; data: { reportId: string; period: string; summary: string; nextSteps: string; by: string } }
  | { type: 'EvaluatePhase'; data: Evaluation & { by: string } }
  | { type: 'RecordLesson'; data: { lessonId: string; title: string; lesson: string; by: string } };

export const RecordCommandTypes: ReadonlySet<string> = new Set([
  'AddDocument',
  'ReviseDocument',
  'ShareDocument',
  'PostComment',
  'PublishStatusReport',
  'EvaluatePhase',
  'RecordLesson',
]);
export const RecordEventTypes: ReadonlySet<string> = new Set([
  'DocumentAdded',
  'DocumentRevised',
  'DocumentSharingChanged',
  'CommentPosted',
  'StatusReportPublished',
  'PhaseEvaluated',
  'LessonRecorded',
]);

/** What the records need to know of the rest of the project. */
export interface RecordsContext {
  readonly members: MemberRoles;
  /** Whether an item of the project exists, for comments. */
  exists(kind: CommentTarget, id: string): boolean;
}

function document(state: RecordsState, documentId: string): ProjectDocument {
  const found = state.documents.get(documentId);
  if (found === undefined) throw new DomainError('document.not-found', 'No such document', { documentId });
  return found;
}

function assertManager(context: RecordsContext, userId: string, what: string): void {
  if (context.members.get(userId)?.role !== 'manager') throw new DomainError('project.forbidden', `Only a manager ${what}`);
}

export function decideRecords(command: RecordCommand, state: RecordsState, context: RecordsContext): RecordEvent[] {
  switch (command.type) {
    case 'AddDocument':
      if (state.documents.has(command.data.documentId)) throw new DomainError('document.exists', 'This document already exists');
      return [{ type: 'DocumentAdded', data: command.data }];
    case 'ReviseDocument': {
      const current = document(state, command.data.documentId);
      return [{ type: 'DocumentRevised', data: { ...command.data, version: current.version + 1 } }];
    }
    case 'ShareDocument': {
      const current = document(state, command.data.documentId);
      assertManager(context, command.data.by, 'decides what the client sees');
      if (current.sharedWithClient === command.data.sharedWithClient) return [];
      return [{ type: 'DocumentSharingChanged', data: { documentId: current.documentId, sharedWithClient: command.data.sharedWithClient } }];
    }
    case 'PostComment':
      if (!context.exists(command.data.on.kind, command.data.on.id)) {
        throw new DomainError('comment.target-not-found', `No such ${command.data.on.kind} to comment on`);
      }
      return [{ type: 'CommentPosted', data: command.data }];
    case 'PublishStatusReport':
      assertManager(context, command.data.by, 'publishes status reports');
      return [{ type: 'StatusReportPublished', data: command.data }];
    case 'EvaluatePhase': {
      assertManager(context, command.data.by, 'evaluates a phase or the project');
      for (const [name, score] of Object.entries({ schedule: command.data.schedule, cost: command.data.cost, quality: command.data.quality, satisfaction: command.data.satisfaction })) {
        if (!Number.isInteger(score) || score < 1 || score > 5) throw new DomainError('evaluation.invalid-score', `${name} is a whole number from 1 to 5`, { field: name });
      }
      if (command.data.phaseId !== null && !context.exists('phase', command.data.phaseId)) {
        throw new DomainError('phase.not-found', 'No such phase', { phaseId: command.data.phaseId });
      }
      if (state.evaluations.some((e) => e.phaseId === command.data.phaseId)) {
        throw new DomainError('evaluation.exists', command.data.phaseId === null ? 'The project has its final evaluation' : 'This phase was already evaluated');
      }
      return [{ type: 'PhaseEvaluated', data: command.data }];
    }
    case 'RecordLesson':
      return [{ type: 'LessonRecorded', data: command.data }];
  }
}

export function evolveRecords(state: RecordsState, event: RecordEvent): RecordsState {
  switch (event.type) {
    case 'DocumentAdded': {
      const { location: _l, addedBy: _by, ...doc } = event.data;
      return { ...state, documents: state.documents.set(doc.documentId, { ...doc, version: 1 }) };
    }
    case 'DocumentRevised': {
      const d = state.documents.get(event.data.documentId)!;
      return { ...state, documents: state.documents.set(d.documentId, { ...d, version: event.data.version }) };
    }
    case 'DocumentSharingChanged': {
      const d = state.documents.get(event.data.documentId)!;
      return { ...state, documents: state.documents.set(d.documentId, { ...d, sharedWithClient: event.data.sharedWithClient }) };
    }
    case 'CommentPosted':
      return { ...state, comments: state.comments + 1 };
    case 'StatusReportPublished':
      return { ...state, reports: state.reports + 1 };
    case 'PhaseEvaluated': {
      const { by: _by, ...evaluation } = event.data;
      return { ...state, evaluations: state.evaluations.set(evaluation.evaluationId, evaluation) };
    }
    case 'LessonRecorded':
      return { ...state, lessons: state.lessons + 1 };
  }
}
