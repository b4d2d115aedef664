import { DomainError } from '../domain-error';
import { noEntities, type Entities } from '../entities';
import type { DomainEvent } from '../event';
import type { MemberRoles } from './plan';

/**
 * Client feedback and satisfaction (DOMAIN.md sections 4, 13, 18, 24): items
 * the client raises, answered and resolved by the team (the times between are
 * what the response target is measured on), and satisfaction surveys.
 */
export const FeedbackKinds = ['request', 'issue', 'question', 'praise'] as const;
export type FeedbackKind = (typeof FeedbackKinds)[number];

export interface FeedbackItem {
  readonly feedbackId: string;
  readonly kind: FeedbackKind;
  readonly subject: string;
  readonly body: string;
  readonly submittedBy: string;
  readonly responses: ReadonlyArray<{ readonly response: string; readonly respondedBy: string }>;
  readonly resolution: string | null;
  readonly version: number;
}

export interface Survey {
  readonly surveyId: string;
  readonly csat: number;
  readonly nps: number;
  readonly comment: string;
  readonly respondedBy: string;
}

export interface FeedbackState {
  readonly items: Entities<FeedbackItem>;
  readonly surveys: Entities<Survey>;
}

export const initialFeedbackState = (): FeedbackState => ({ items: noEntities(), surveys: noEntities() });

export type FeedbackEvent =
  | DomainEvent<'FeedbackSubmitted', { feedbackId: string; kind: FeedbackKind; subject: string; body: string; submittedBy: string }>
  | DomainEvent<'FeedbackResponded', { feedbackId: string; response: string; respondedBy: string }>
  | DomainEvent<'FeedbackResolved', { feedbackId: string; resolution: string; resolvedBy: string }>
  | DomainEvent<'SatisfactionSurveyed', Survey>;

export type FeedbackCommand =
  | { type: 'SubmitFeedback'; data: { feedbackId: string; kind: FeedbackKind; subject: string; body: string; submittedBy: string } }
  | { type: 'RespondToFeedback'; data: { feedbackId: string; response: string; respondedBy: string } }
  | { type: 'ResolveFeedback'; data: { feedbackId: string; resolution: string; resolvedBy: string } }
  | { type: 'RecordSurvey'; data: Survey };

export const FeedbackCommandTypes: ReadonlySet<string> = new Set(['SubmitFeedback', 'RespondToFeedback', 'ResolveFeedback', 'RecordSurvey']);
export const FeedbackEventTypes: ReadonlySet<string> = new Set(['FeedbackSubmitted', 'FeedbackResponded', 'FeedbackResolved', 'SatisfactionSurveyed']);

function item(state: FeedbackState, feedbackId: string): FeedbackItem {
  const found = state.items.get(feedbackId);
  if (found === undefined) throw new DomainError('feedback.not-found', 'No such feedback item', { feedbackId });
  return found;
}

function assertTeam(members: MemberRoles, userId: string): void {
  const role = members.get(userId)?.role;
  if (role !== 'manager' && role !== 'member') throw new DomainError('project.forbidden', 'The delivery team answers and resolves feedback');
}

export function decideFeedback(command: FeedbackCommand, state: FeedbackState, members: MemberRoles): FeedbackEvent[] {
  switch (command.type) {
    case 'SubmitFeedback':
      if (state.items.has(command.data.feedbackId)) throw new DomainError('feedback.exists', 'This feedback item already exists');
      return [{ type: 'FeedbackSubmitted', data: command.data }];
    case 'RespondToFeedback': {
      assertTeam(members, command.data.respondedBy);
      const current = item(state, command.data.feedbackId);
      if (current.resolution !== null) throw new DomainError('feedback.resolved', 'This feedback was resolved; raise a new item to continue');
      return [{ type: 'FeedbackResponded', data: command.data }];
    }
    case 'ResolveFeedback': {
      assertTeam(members, command.data.resolvedBy);
      const current = item(state, command.data.feedbackId);
      if (current.resolution !== null) throw new DomainError('feedback.resolved', 'This feedback was already resolved');
      if (current.responses.length === 0 && current.kind !== 'praise') {
        throw new DomainError('feedback.unanswered', 'Answer the client before resolving their feedback');
      }
      return [{ type: 'FeedbackResolved', data: command.data }];
    }
    case 'RecordSurvey': {
      if (members.get(command.data.respondedBy)?.role !== 'client') {
        throw new DomainError('project.forbidden', 'Satisfaction surveys are answered by the client');
      }
      if (state.surveys.has(command.data.surveyId)) throw new DomainError('survey.exists', 'This survey answer already exists');
      const { csat, nps } = command.data;
      if (!Number.isInteger(csat) || csat < 1 || csat > 5) throw new DomainError('survey.invalid-score', 'CSAT is a whole number from 1 to 5', { field: 'csat' });
      if (!Number.isInteger(nps) || nps < 0 || nps > 10) throw new DomainError('survey.invalid-score', 'NPS is a whole number from 0 to 10', { field: 'nps' });
      return [{ type: 'SatisfactionSurveyed', data: command.data }];
    }
  }
}

export function evolveFeedback(state: FeedbackState, event: FeedbackEvent): FeedbackState {
  switch (event.type) {
    case 'FeedbackSubmitted':
      return { ...state, items: state.items.set(event.data.feedbackId, { ...event.data, responses: [], resolution: null, version: 1 }) };
    case 'FeedbackResponded': {
      const f = state.items.get(event.data.feedbackId)!;
      const responses = [...f.responses, { response: event.data.response, respondedBy: event.data.respondedBy }];
      return { ...state, items: state.items.set(f.feedbackId, { ...f, responses, version: f.version + 1 }) };
    }
    case 'FeedbackResolved': {
      const f = state.items.get(event.data.feedbackId)!;
      return { ...state, items: state.items.set(f.feedbackId, { ...f, resolution: event.data.resolution, version: f.version + 1 }) };
    }
    case 'SatisfactionSurveyed':
      return { ...state, surveys: state.surveys.set(event.data.surveyId, event.data) };
  }
}
