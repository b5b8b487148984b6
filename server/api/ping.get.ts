/** Liveness: no I/O, the server's ceiling for a JSON answer (`/api/health` is readiness). */
export default defineEventHandler(() => ({ ok: true }))
