import { useMemo } from 'react';
import { useLiveView } from '../app-context';
import type { ItemNames } from './event-words';

/** The names of the project's items as they are now (tasks, milestones, risks, decisions, documents, standards), to say what an event was about. */
export function useItemNames(projectId: string): ItemNames {
  const board = useLiveView(projectId, 'board').data;
  const risks = useLiveView(projectId, 'risks').data;
  const decisions = useLiveView(projectId, 'decisions').data;
  const documents = useLiveView(projectId, 'documents').data;
  const quality = useLiveView(projectId, 'quality').data;
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const task of Object.values(board?.tasks ?? {})) names.set(task.taskId, task.title);
    for (const milestone of Object.values(board?.milestones ?? {})) names.set(milestone.milestoneId, milestone.name);
    for (const risk of Object.values(risks?.risks ?? {})) names.set(risk.riskId, risk.title);
    for (const decision of Object.values(decisions?.decisions ?? {})) names.set(decision.decisionId, decision.title);
    for (const doc of Object.values(documents?.documents ?? {})) names.set(doc.documentId, doc.title);
    for (const standard of Object.values(quality?.standards ?? {})) names.set(standard.standardId, `${standard.deliverable}: ${standard.criterion}`);
    return names;
  }, [board, risks, decisions, documents, quality]);
}
