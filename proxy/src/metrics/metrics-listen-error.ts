/** The metrics listener could not listen; `cause` is the listen error, `port` METRICS_PORT. */
export class MetricsListenError extends Error {
  readonly port: number;

  constructor(port: number, cause: unknown) {
    super(`metrics listener: could not listen on port ${port}`, { cause });
    this.name = 'MetricsListenError';
    this.port = port;
  }
}
