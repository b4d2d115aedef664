import { useConnectionState } from '../app-context';

const LABELS = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' } as const;

/** The live connection, as the user should know it: live, or trying again by itself. */
export function ConnectionBadge() {
  const state = useConnectionState();
  return (
    <span className={`connection connection-${state}`} role="status" aria-live="polite" data-testid="connection-state">
      <span className="dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
