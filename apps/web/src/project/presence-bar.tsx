import { usePresence } from '../app-context';

/** Who else has the project open right now. */
export function PresenceBar({ projectId, names }: { readonly projectId: string; readonly names: ReadonlyMap<string, string> }) {
  const members = usePresence(projectId);
  if (members.length === 0) return null;
  return (
    <ul className="presence" aria-label="Here now">
      {members.map((member) => {
        const name = member.name || names.get(member.userId) || 'Someone';
        return (
          <li key={member.userId} title={member.editing === null ? name : `${name} is editing`}>
            <span className="avatar" aria-hidden="true">
              {name
                .split(/\s+/)
                .map((part) => part[0] ?? '')
                .join('')
                .slice(0, 2)
                .toUpperCase()}
            </span>
            <span className="visually-hidden">{name}</span>
          </li>
        );
      })}
    </ul>
  );
}
