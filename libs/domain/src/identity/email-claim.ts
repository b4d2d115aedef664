import { DomainError } from '../domain-error';
import type { DomainEvent } from '../event';

/**
 * One stream per e-mail address (named by the address's subject, never the
 * address itself: docs/privacy.md), written with "no stream" expected: whoever
 * appends first owns the address, however many sign up at once. A user who
 * asks to be forgotten releases it, and the address can sign up again.
 */
export type EmailClaimState =
  | { readonly status: 'free' }
  | { readonly status: 'claimed'; readonly userId: string }
  | { readonly status: 'released'; readonly userId: string };
export type EmailClaimEvent =
  | DomainEvent<'EmailClaimed', { email: string; userId: string }>
  | DomainEvent<'EmailReleased', { userId: string }>;
export type EmailClaimCommand =
  | { type: 'ClaimEmail'; data: { email: string; userId: string } }
  | { type: 'ReleaseEmail'; data: { userId: string } };

export function decideEmailClaim(command: EmailClaimCommand, state: EmailClaimState): EmailClaimEvent[] {
  switch (command.type) {
    case 'ClaimEmail':
      if (state.status === 'claimed') throw new DomainError('user.email-taken', 'An account with this e-mail address exists');
      return [{ type: 'EmailClaimed', data: command.data }];
    case 'ReleaseEmail':
      // Only its owner's erasure releases an address; releasing it again changes nothing.
      return state.status === 'claimed' && state.userId === command.data.userId ? [{ type: 'EmailReleased', data: command.data }] : [];
  }
}

export function evolveEmailClaim(_state: EmailClaimState, event: EmailClaimEvent): EmailClaimState {
  switch (event.type) {
    case 'EmailClaimed':
      return { status: 'claimed', userId: event.data.userId };
    case 'EmailReleased':
      return { status: 'released', userId: event.data.userId };
  }
}

export const emailClaimDecider = {
  decide: decideEmailClaim,
  evolve: evolveEmailClaim,
  initialState: (): EmailClaimState => ({ status: 'free' }),
};
