import { describe, expect, it } from 'vitest';
import { endpointFromScript } from './endpoint-from-script.ts';

describe('the endpoint a script tag implies', () => {
  it.each([
    ['https://forms.example.com/widget.js', 'https://forms.example.com/'],
    ['https://forms.example.com/widget.js?v=2#x', 'https://forms.example.com/'],
    ['https://example.com/capture/widget.js', 'https://example.com/capture/'],
    ['https://forms.example.com/widget/widget.3f9a1c2e.js', 'https://forms.example.com/'],
    ['https://example.com/capture/widget/widget.3f9a1c2e.js', 'https://example.com/capture/'],
    ['/capture/widget.js', 'https://site.example/capture/'],
    ['https://cdn.example/assets/form-loader.js', 'https://cdn.example/assets/'],
  ])('%s → %s', (src, endpoint) => {
    expect(endpointFromScript(src, 'https://site.example/page')).toBe(endpoint);
  });
});
