# paperboy as a container: `docker compose up -d` (see compose.yaml and the README's "Deploy" section).
# test/service/docker-recipe.test.ts runs this file's COPY and RUN steps in a clean folder and starts its CMD.

# Build: installs exactly the lockfile (better-sqlite3 compiles here when no prebuilt binary fits), compiles
# the TypeScript into dist/ (npm ci runs `prepare`), then drops the dev dependencies.
FROM node:24-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY commands ./commands
COPY data/listings ./data/listings
RUN npm ci --no-audit --no-fund
RUN npm prune --omit=dev --no-audit --no-fund

# Run: the same Node line, no compilers, no dev dependencies, a non-root user, the store on a volume.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
ENV PAPERBOY_DB=/data/paperboy.db
ENV PAPERBOY_HEALTH_PORT=8080
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# 3000: Slack's HTTP mode and the Discord interactions endpoint (not needed with Socket Mode or the gateway).
EXPOSE 3000 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PAPERBOY_HEALTH_PORT}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "src/cli/bin.mjs", "start"]
