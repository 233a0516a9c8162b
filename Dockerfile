# syntax=docker/dockerfile:1
# claimbot's production image: the compiled CLI (dist/) on Node 20 slim, production dependencies only, non-root.
#   docker build -t claimbot .
#   docker run -d -p 127.0.0.1:8080:8080 -v claimbot_data:/data -e TELEGRAM_BOT_TOKEN=… claimbot
# Stage "build" installs every dependency (a C++ toolchain for better-sqlite3 where no prebuilt binary applies),
# compiles with `npm run build` and prunes the dev dependencies; the final stage copies the compiled code, the pruned
# node_modules and data/ (starter fact-checks, Korean OCR data). English OCR data is the npm package
# @tesseract.js-data/eng, a production dependency. test/build/dockerfile.test.ts holds these rules and runs this CMD.

ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# node-gyp takes Node's headers from the image instead of downloading them.
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied; better-sqlite3's own install runs next.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/build.mjs
COPY src src
COPY commands commands
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    CLAIMBOT_DATA_DIR=/data \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080
WORKDIR /app
# Owned by root and read-only for the bot; only /data is writable.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY data data
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/cli/main.js", "serve"]
