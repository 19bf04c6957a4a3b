# Gleantap Capture proxy: `docker build -t gleantap-capture .` then
#   docker run -p 8787:8787 -v capture-data:/data --env-file capture.env gleantap-capture
# NODE_IMAGE is any Debian-based Node 20.19+ image with npm (the official slim images are).
ARG NODE_IMAGE=node:24-slim

# ---- build: the whole workspace, then only the proxy and its production dependencies ----
FROM ${NODE_IMAGE} AS build
# Marks the build stage's layers, so a cache of them can be found and pruned.
LABEL org.gleantap-capture.stage=build
# better-sqlite3 compiles from source when no prebuilt binary can be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
RUN npm install -g pnpm@10 --no-fund --no-audit --loglevel=error
ENV CI=true
WORKDIR /src
# Dependencies first (only the lockfile): this layer stays cached while sources change.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile
RUN pnpm build
# A self-contained copy of the proxy: its files plus production node_modules, workspace
# packages (shared, widget and its built bundle) copied in rather than linked.
RUN pnpm --filter @gleantap-capture/proxy deploy --prod --legacy /out
# better-sqlite3 needs only its compiled addon at run time, not the objects of a source build.
RUN cd /out/node_modules/better-sqlite3 \
 && mv build/Release/better_sqlite3.node /tmp/ \
 && rm -rf build && mkdir -p build/Release \
 && mv /tmp/better_sqlite3.node build/Release/

# ---- runtime: Node, the deployed proxy, nothing else ----
FROM ${NODE_IMAGE}
# A fixed non-root uid/gid, so a host directory mounted on /data can be chowned to match.
RUN groupadd --gid 10001 capture \
 && useradd --uid 10001 --gid capture --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin capture \
 && mkdir /data && chown capture:capture /data && chmod 0700 /data
# The code stays owned by root: the process can read it but not change it.
COPY --from=build /out /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    DATA_DIR=/data
VOLUME /data
WORKDIR /data
USER capture:capture
EXPOSE 8787
# serve stops gracefully on SIGTERM (finishes requests, releases leases) well inside the 10 s
# a runtime waits before SIGKILL; the outbox in /data survives either.
STOPSIGNAL SIGTERM
# Slim images have no curl: ask Node. /healthz answers while the process runs.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/bin/gleantap-capture.js"]
CMD ["serve"]
