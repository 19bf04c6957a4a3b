import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Classic JSX (`h`) rather than Preact's jsx-runtime: the runtime module costs the script tag bytes.
  oxc: { jsx: { runtime: 'classic', pragma: 'h', pragmaFrag: 'Fragment' } },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    // Script tags in tests only carry a src for the widget to read; nothing may be fetched.
    environmentOptions: { happyDOM: { settings: { disableJavaScriptFileLoading: true, handleDisabledFileLoadingAsSuccess: true } } },
  },
});
