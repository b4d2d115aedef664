/** A person's role in one project (DOMAIN.md, "Who uses it"). */
export const ProjectRoles = ['manager', 'member', 'client', 'auditor'] as const;
export type ProjectRole = (typeof ProjectRoles)[number];

export function isProjectRole(value: unknown): value is ProjectRole {
  return typeof value === 'string' && (ProjectRoles as readonly string[]).includes(value);
}

/** E-mail addresses compare case-insensitively and without surrounding space. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
