import { sealedSubject } from '@app/audit';
import type { ProjectEvent, ProjectRole, UserEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { NO_DOCUMENTS, type Projection } from '../projection';

type Of<E extends { type: string }> = RecordedEvent<E & { data: unknown }>;

/** The event types a view reads: `documentIds` answers none for the others, and a write of one waits for the view. */
function types<E extends { type: string }>(...names: Array<E['type']>): ReadonlySet<string> {
  return new Set(names);
}

const REGISTERED = types<UserEvent>('UserRegistered');
const SESSION_CHANGES = types<UserEvent>('SessionStarted', 'SessionRefreshed', 'SessionEnded');
const PROJECT_MEMBERS_CHANGES = types<ProjectEvent>('ProjectCreated', 'MemberJoined', 'MemberRoleChanged', 'MemberRemoved');
const MEMBERSHIP_CHANGES = types<ProjectEvent>('MemberJoined', 'MemberRoleChanged', 'MemberRemoved');
const INVITED = types<ProjectEvent>('MemberInvited');

/**
 * Login look-up: one document per e-mail address, by its subject (the key the
 * address's personal data is sealed under, docs/privacy.md; an event written
 * before sealing, by the address itself). `email`, `name` and `passwordHash`
 * are as the event holds them: sealed.
 */
export interface AccountDoc {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
}

export const accountsProjection: Projection<AccountDoc> = {
  view: 'accounts',
  readYourWrites: REGISTERED,
  documentIds: (event) => {
    if (!REGISTERED.has(event.type)) return NO_DOCUMENTS;
    const { email } = event.data as { email: string };
    return [sealedSubject(email) ?? email];
  },
  evolve: (_doc, event) => {
    const { userId, email, name, passwordHash } = (event as Of<Extract<UserEvent, { type: 'UserRegistered' }>>).data;
    return { userId, email, name, passwordHash };
  },
};

/** Who a user is, by id (never the password hash); `email` and `name` sealed as the event holds them. */
export interface UserDoc {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly registeredAt: string;
}

export const usersProjection: Projection<UserDoc> = {
  view: 'users',
  readYourWrites: REGISTERED,
  documentIds: (event) => (REGISTERED.has(event.type) ? [(event.data as { userId: string }).userId] : NO_DOCUMENTS),
  evolve: (_doc, event) => {
    const { userId, email, name } = (event as Of<Extract<UserEvent, { type: 'UserRegistered' }>>).data;
    return { userId, email, name, registeredAt: event.recordedAt };
  },
};

/** Sessions, by id: an access token is honoured only while its session is live. */
export interface SessionDoc {
  readonly sessionId: string;
  readonly userId: string;
  readonly expiresAt: string;
  readonly ended: boolean;
}

export const sessionsProjection: Projection<SessionDoc> = {
  view: 'sessions',
  readYourWrites: SESSION_CHANGES,
  documentIds: (event) =>
    SESSION_CHANGES.has(event.type)
      ? [(event.data as { sessionId: string }).sessionId]
      : NO_DOCUMENTS,
  evolve: (doc, event) => {
    const e = event as Of<UserEvent>;
    switch (e.type) {
      case 'SessionStarted':
        return { sessionId: e.data.sessionId, userId: e.streamId.slice('user-'.length), expiresAt: e.data.expiresAt, ended: false };
      case 'SessionRefreshed':
        return doc === null ? null : { ...doc, expiresAt: e.data.expiresAt };
      case 'SessionEnded':
        return doc === null ? null : { ...doc, ended: true };
      default:
        return doc;
    }
  },
};

/** A project and its members: what the authorization guard reads on every request. */
export interface ProjectMembersDoc {
  readonly projectId: string;
  readonly name: string;
  readonly currency: string;
  readonly createdAt: string;
  readonly members: Readonly<Record<string, { readonly role: ProjectRole; readonly email: string; readonly since: string }>>;
}

export const projectMembersProjection: Projection<ProjectMembersDoc> = {
  view: 'project_members',
  readYourWrites: PROJECT_MEMBERS_CHANGES,
  documentIds: (event) =>
    PROJECT_MEMBERS_CHANGES.has(event.type)
      ? [event.streamId.slice('project-'.length)]
      : NO_DOCUMENTS,
  evolve: (doc, event, id) => {
    const e = event as Of<ProjectEvent>;
    if (e.type === 'ProjectCreated') {
      return { projectId: id, name: e.data.name, currency: e.data.currency, createdAt: e.recordedAt, members: {} };
    }
    if (doc === null) return null;
    switch (e.type) {
      case 'MemberJoined':
        return { ...doc, members: { ...doc.members, [e.data.userId]: { role: e.data.role, email: e.data.email, since: e.recordedAt } } };
      case 'MemberRoleChanged': {
        const member = doc.members[e.data.userId];
        return member === undefined ? doc : { ...doc, members: { ...doc.members, [e.data.userId]: { ...member, role: e.data.role } } };
      }
      case 'MemberRemoved': {
        const { [e.data.userId]: _gone, ...members } = doc.members;
        return { ...doc, members };
      }
      default:
        return doc;
    }
  },
};

/** "My projects": one document per user with the projects they belong to and their role. */
export interface MembershipsDoc {
  readonly userId: string;
  readonly projects: Readonly<Record<string, ProjectRole>>;
}

export const membershipsProjection: Projection<MembershipsDoc> = {
  view: 'memberships',
  readYourWrites: MEMBERSHIP_CHANGES,
  documentIds: (event) =>
    MEMBERSHIP_CHANGES.has(event.type) ? [(event.data as { userId: string }).userId] : NO_DOCUMENTS,
  evolve: (doc, event, userId) => {
    const e = event as Of<ProjectEvent>;
    const projectId = e.streamId.slice('project-'.length);
    // Changed in place when the projector's own, not copied per event (a copy of every
    // project of the user per membership); copied once when it is the store's cached
    // document, which is frozen and shared with its readers.
    const held = doc?.projects;
    const projects = (held === undefined ? {} : Object.isFrozen(held) ? { ...held } : held) as Record<string, ProjectRole>;
    if (e.type === 'MemberJoined' || e.type === 'MemberRoleChanged') projects[projectId] = e.data.role;
    if (e.type === 'MemberRemoved') delete projects[projectId];
    return { userId, projects };
  },
};

/**
 * Invitations by the hash of their token: how an invitee's token finds its
 * project. Whether it is still usable is the project stream's to say.
 */
export interface InvitationDoc {
  readonly invitationId: string;
  readonly projectId: string;
  readonly email: string;
  readonly role: ProjectRole;
  readonly expiresAt: string;
}

export const invitationsProjection: Projection<InvitationDoc> = {
  view: 'invitations',
  readYourWrites: INVITED,
  documentIds: (event) => (INVITED.has(event.type) ? [(event.data as { tokenHash: string }).tokenHash] : NO_DOCUMENTS),
  evolve: (_doc, event) => {
    const e = event as Of<Extract<ProjectEvent, { type: 'MemberInvited' }>>;
    return {
      invitationId: e.data.invitationId,
      projectId: e.streamId.slice('project-'.length),
      email: e.data.email,
      role: e.data.role,
      expiresAt: e.data.expiresAt,
    };
  },
};
