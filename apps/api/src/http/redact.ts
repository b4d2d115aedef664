/**
 * A request path as it may appear in answers and logs: secrets that travel in
 * paths (invitation tokens) replaced by a placeholder.
 */
export function redactPath(path: string): string {
  return path.replace(/\/invitations\/[^/?#]+/g, '/invitations/{token}');
}
