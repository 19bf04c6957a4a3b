/** One line that says why a listener could not start, instead of a stack trace. */
export function describeListenError(error: unknown, what: string, host: string, port: number, hint: string): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === 'EADDRINUSE') return `${what}: port ${port} on ${host} is already in use (${hint})`;
  if (code === 'EACCES') return `${what}: not allowed to listen on ${host}:${port} (${hint})`;
  if (code === 'EADDRNOTAVAIL') return `${what}: address ${host} is not available on this machine`;
  return `${what}: could not listen on ${host}:${port} (${typeof code === 'string' ? code : 'unknown error'})`;
}
