interface Props {
  readonly id: string;
  /** The managers and members, who may be assigned. */
  readonly editors: ReadonlySet<string>;
  /** Names by user id. */
  readonly names: ReadonlyMap<string, string>;
  /** The chosen user id; '' for nobody. */
  readonly value: string;
  readonly onChange: (userId: string) => void;
  /** What the empty choice says. */
  readonly noneLabel: string;
}

/**
 * The choice of a task's assignee: nobody, or a manager or member by name
 * (alphabetically). An assignee who is no longer a manager or member stays
 * listed, so a form never changes the assignee unasked.
 */
export function AssigneeSelect({ id, editors, names, value, onChange, noneLabel }: Props) {
  const people = [...editors].map((userId) => [userId, names.get(userId) ?? userId] as const).sort((a, b) => a[1].localeCompare(b[1]));
  if (value !== '' && !editors.has(value)) people.push([value, names.get(value) ?? 'Someone no longer on the project']);
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{noneLabel}</option>
      {people.map(([userId, name]) => (
        <option key={userId} value={userId}>
          {name}
        </option>
      ))}
    </select>
  );
}
