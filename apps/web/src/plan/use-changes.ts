import { useEffect, useState } from 'react';
import type { ChangeList } from '@app/contracts';
import { useApp, useLiveView } from '../app-context';

export interface Changes {
  readonly list: ChangeList | null;
  readonly error: string | null;
}

/**
 * The project's change requests (`GET …/changes`, in the caller's audience), read
 * again whenever the project moves: the `activity` view's revision says it did,
 * live, so a request or a decision made elsewhere shows without a reload.
 * Answers that come back out of turn are dropped.
 */
export function useChanges(projectId: string): Changes {
  const { api } = useApp();
  const activity = useLiveView(projectId, 'activity');
  const [state, setState] = useState<Changes>({ list: null, error: null });
  useEffect(() => {
    let current = true;
    api.get<ChangeList>(`/projects/${projectId}/changes`).then(
      (list) => {
        if (current) setState((before) => (before.list !== null && before.list.revision > list.revision ? before : { list, error: null }));
      },
      (failure: unknown) => {
        if (current) setState((before) => ({ list: before.list, error: failure instanceof Error ? failure.message : 'The change requests cannot be read.' }));
      },
    );
    return () => {
      current = false;
    };
  }, [api, projectId, activity.revision]);
  return state;
}
