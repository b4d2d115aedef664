import { DomainError } from '../domain-error';
import type { DomainEvent } from '../event';

/**
 * One stream per normalised e-mail address, written once with "no stream"
 * expected: whoever appends first owns the address, however many sign up at once.
 */
export type EmailClaimState = { readonly status: 'free' } | { readonly status: 'claimed'; readonly userId: string };
export type EmailClaimEvent = DomainEvent<'EmailClaimed', { email: string; userId: string }>;
export type EmailClaimCommand = { type: 'ClaimEmail'; data: { email: string; userId: string } };

export function decideEmailClaim(command: EmailClaimCommand, state: EmailClaimState): EmailClaimEvent[] {
  if (state.status === 'claimed') throw new DomainError('user.email-taken', 'An account with this e-mail address exists');
  return [{ type: 'EmailClaimed', data: command.data }];
}

export function evolveEmailClaim(_state: EmailClaimState, event: EmailClaimEvent): EmailClaimState {
  return { status: 'claimed', userId: event.data.userId };
}

export const emailClaimDecider = {
  decide: decideEmailClaim,
  evolve: evolveEmailClaim,
  initialState: (): EmailClaimState => ({ status: 'free' }),
};
