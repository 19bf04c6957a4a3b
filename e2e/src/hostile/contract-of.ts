import { ENDPOINTS, type Endpoint } from '@gleantap-capture/shared';

/** A path template as a pattern for the raw paths the hostile client sends (`:name` is one segment). */
function pattern(template: string): RegExp {
  return new RegExp(`^${template.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}$`);
}

const PATTERNS = ENDPOINTS.map((endpoint) => ({ endpoint, pattern: pattern(endpoint.path) }));

/** The path template a raw path falls under, if any endpoint has it. */
export function templateOf(path: string): string | undefined {
  return PATTERNS.find(({ pattern }) => pattern.test(path))?.endpoint.path;
}

/** The contract of the endpoint a request reaches (HEAD is answered by the GET endpoint), if any. */
export function contractOf(method: string, path: string): Endpoint | undefined {
  const asked = method === 'HEAD' ? 'GET' : method;
  return PATTERNS.find(({ endpoint, pattern }) => endpoint.method === asked && pattern.test(path))?.endpoint;
}
