/** `/api/...` except the admin routes, which are neither public nor cross-origin. */
export function isPublicApiPath(path: string): boolean {
  return path.startsWith('/api/') && !path.startsWith('/api/admin/') && path !== '/api/admin'
}
