import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { PresenceMessage, ViewData, ViewName } from '@app/contracts';
import type { ApiClient } from './api/client';
import type { Session } from './api/session';
import type { ConnectionState, LiveConnection } from './live/live-connection';

export interface AppServices {
  readonly session: Session;
  readonly api: ApiClient;
  readonly live: LiveConnection;
  readonly navigate: (path: string) => void;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (services === null) throw new Error('useApp outside the signed-in app');
  return services;
}

export interface LiveView<V extends ViewName> {
  readonly data: ViewData<V> | null;
  readonly revision: number | null;
  readonly error: string | null;
}

/** A view of a project, live: its snapshot, then every patch, re-rendered as it changes. */
export function useLiveView<V extends ViewName>(projectId: string, view: V): LiveView<V> {
  const { live } = useApp();
  const [state, setState] = useState<LiveView<V>>(() => ({ data: null, revision: null, error: null }));
  useEffect(() => {
    const read = () => setState(live.current(projectId, view) as LiveView<V>);
    const stop = live.watch(projectId, view, read);
    read();
    return stop;
  }, [live, projectId, view]);
  return state;
}

export function useConnectionState(): ConnectionState {
  const { live } = useApp();
  return useSyncExternalStore(
    (listener) => live.onState(listener),
    () => live.state,
  );
}

/** Who else is on the project, and what they are editing. */
export function usePresence(projectId: string): PresenceMessage['members'] {
  const { live } = useApp();
  const [members, setMembers] = useState<PresenceMessage['members']>([]);
  useEffect(
    () =>
      live.onPresence((message) => {
        if (message.projectId === projectId) setMembers(message.members);
      }),
    [live, projectId],
  );
  return members;
}
