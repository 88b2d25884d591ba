# syntax=docker/dockerfile:1
# The Kaiyuan server image: API, console, and (with `worker` as the command) background jobs.
# Build: docker build -t kaiyuan .   Run: docs/operator-guide.md, "Docker and Compose".
# Debian (bookworm), not Alpine: better-sqlite3 ships prebuilt binaries for glibc and builds from
# source with the toolchain of the build stage when none fits.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates g++ make python3 \
  && rm -rf /var/lib/apt/lists/*
COPY . .
# The same install CI runs: `npm ci` builds the server bundle and the console (`prepare`); the
# development dependencies are dropped afterwards.
RUN npm ci --no-audit --no-fund \
  && npm prune --omit=dev --no-audit --no-fund \
  && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=8080 \
  KAIYUAN_DATA_DIR=/var/lib/kaiyuan
WORKDIR /app
# Code and dependencies belong to root and are read-only for the server; it writes only its data directory.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/web/package.json ./web/package.json
COPY --from=build /app/web/dist ./web/dist
RUN mkdir -p /var/lib/kaiyuan && chown node:node /var/lib/kaiyuan && chmod 0700 /var/lib/kaiyuan
USER node
VOLUME ["/var/lib/kaiyuan"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
# `npm start` without npm in between: SIGTERM reaches the server, which drains and exits.
CMD ["node", "--max-semi-space-size=32", "--heap-growing-percent=100", "bin/kaiyuan.js", "serve"]
