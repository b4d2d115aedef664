import { DeciderSpecification } from '../testing/decider-specification';
import { projectDecider, type ProjectEvent } from './project';

const spec = DeciderSpecification(projectDecider);
const project: ProjectEvent[] = [
  { type: 'ProjectCreated', data: { projectId: 'p1', name: 'Website relaunch', currency: 'EUR', createdBy: 'pm' } },
  { type: 'MemberJoined', data: { userId: 'pm', email: 'pm@example.com', role: 'manager', invitationId: null } },
  { type: 'MemberJoined', data: { userId: 'dev', email: 'dev@example.com', role: 'member', invitationId: 'i1' } },
  { type: 'MemberJoined', data: { userId: 'cli', email: 'cli@example.com', role: 'client', invitationId: 'i2' } },
];
const submitted: ProjectEvent = { type: 'FeedbackSubmitted', data: { feedbackId: 'f1', kind: 'issue', subject: 'Logo blurry', body: 'On retina screens', submittedBy: 'cli' } };
const responded: ProjectEvent = { type: 'FeedbackResponded', data: { feedbackId: 'f1', response: 'SVG coming today', respondedBy: 'dev' } };

describe('feedback and satisfaction', () => {
  it('takes feedback, which the team answers and then resolves', () => {
    spec.given(project).when({ type: 'SubmitFeedback', data: submitted.data as never }).then([submitted]);
    spec.given([...project, submitted]).when({ type: 'RespondToFeedback', data: responded.data as never }).then([responded]);
    spec
      .given([...project, submitted, responded])
      .when({ type: 'ResolveFeedback', data: { feedbackId: 'f1', resolution: 'SVG logo live', resolvedBy: 'pm' } })
      .then([{ type: 'FeedbackResolved', data: { feedbackId: 'f1', resolution: 'SVG logo live', resolvedBy: 'pm' } }]);
  });

  it('answers before it resolves (praise needs no answer), and resolves once', () => {
    spec.given([...project, submitted]).when({ type: 'ResolveFeedback', data: { feedbackId: 'f1', resolution: 'x', resolvedBy: 'pm' } }).thenThrows('feedback.unanswered');
    const praise: ProjectEvent = { type: 'FeedbackSubmitted', data: { feedbackId: 'f2', kind: 'praise', subject: 'Great demo', body: '', submittedBy: 'cli' } };
    spec
      .given([...project, praise])
      .when({ type: 'ResolveFeedback', data: { feedbackId: 'f2', resolution: 'Thanked', resolvedBy: 'pm' } })
      .then([{ type: 'FeedbackResolved', data: { feedbackId: 'f2', resolution: 'Thanked', resolvedBy: 'pm' } }]);
    const resolved: ProjectEvent = { type: 'FeedbackResolved', data: { feedbackId: 'f1', resolution: 'done', resolvedBy: 'pm' } };
    spec.given([...project, submitted, responded, resolved]).when({ type: 'ResolveFeedback', data: { feedbackId: 'f1', resolution: 'again', resolvedBy: 'pm' } }).thenThrows('feedback.resolved');
    spec.given([...project, submitted, responded, resolved]).when({ type: 'RespondToFeedback', data: responded.data as never }).thenThrows('feedback.resolved');
    spec.given([...project, submitted]).when({ type: 'RespondToFeedback', data: { feedbackId: 'f1', response: 'x', respondedBy: 'cli' } }).thenThrows('project.forbidden');
    spec.given(project).when({ type: 'RespondToFeedback', data: responded.data as never }).thenThrows('feedback.not-found');
  });

  it('records surveys from the client, CSAT 1–5 and NPS 0–10', () => {
    const survey = { surveyId: 's1', csat: 4, nps: 9, comment: 'Responsive team', respondedBy: 'cli' };
    spec.given(project).when({ type: 'RecordSurvey', data: survey }).then([{ type: 'SatisfactionSurveyed', data: survey }]);
    spec.given(project).when({ type: 'RecordSurvey', data: { ...survey, respondedBy: 'pm' } }).thenThrows('project.forbidden');
    spec.given(project).when({ type: 'RecordSurvey', data: { ...survey, csat: 6 } }).thenThrows('survey.invalid-score');
    spec.given(project).when({ type: 'RecordSurvey', data: { ...survey, nps: -1 } }).thenThrows('survey.invalid-score');
    spec.given([...project, { type: 'SatisfactionSurveyed', data: survey }]).when({ type: 'RecordSurvey', data: survey }).thenThrows('survey.exists');
  });
});
