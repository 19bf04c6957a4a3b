/** `gleantap-capture --help`. */
export const USAGE = `Usage: gleantap-capture <command> [options]

Commands:
  serve                 Start the proxy (configured by environment variables and CAPTURE_CONFIG).
  sandbox               Start the sandbox Gleantap on 127.0.0.1:4010 (keys from GLEANTAP_API_KEY and
                        GLEANTAP_SECRET_KEY). Options: --port <n>, --host <address>.
  demo                  Start the sandbox and a proxy pointed at it, with generated demo keys.
  check-config [--live] Check the configuration and print every problem; --live also tries each
                        account's keys against Gleantap with one harmless call; --print <form>
                        prints that form resolved (defaults, extends, texts) as JSON.
  outbox list|retry|purge|export|backup|forget
                        See and act on stored submissions (safe while serve runs);
                        \`gleantap-capture outbox --help\` for details.
  widget-sri --base-url <url> [--form <id>]
                        Print the <script> tag pinning this widget release with SRI.
  version               Print this release, the store schema version and the widget's hash.

Options:
  -h, --help            Show help for a command.

Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad configuration.
The configuration reference is docs/configuration.md in the repository.`;
