/** What other packages (the e2e suite, embedders) may use of the proxy programmatically. */
export { type AppDeps, createApp } from './app.ts';
export type { Config, ConfigProblem, ConfigResult, ResolvedForm } from './config/config.ts';
export { loadConfig } from './config/load-config.ts';
export { createLogger } from './logging/create-logger.ts';
export { startSandbox } from './sandbox/start-sandbox.ts';
export { type RunningProxy, type StartProxyOptions, startProxy } from './start-proxy.ts';
export { loadWidgetBundle, pinnedSnippet, type WidgetBundle } from './widget/widget-bundle.ts';
