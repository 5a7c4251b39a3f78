# syntax=docker/dockerfile:1
# ecs-ext container image: build with dev dependencies, run with production dependencies only.
#   docker build -t ecs-ext .
#   docker run --env-file .env -v ecs-ext-data:/data -p 3000:3000 ecs-ext

# The Node.js LTS line the image runs on: the newest one every dependency supports (vitest 4 runs on
# ^20, ^22 and >= 24; Bolt 5 on >= 20; the rest have no upper bound). .ci/run reads this line and runs
# the test suite on the same major, so the image's runtime is the one CI tests.
ARG NODE_MAJOR=26

# ---- build: compile TypeScript to dist/ ----
FROM node:${NODE_MAJOR}-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency needs its install script (the only ones are a no-op and esbuild's self-check).
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- runtime ----
FROM node:${NODE_MAJOR}-slim
ENV NODE_ENV=production \
    ECS_EXT_DB_FILE=/data/ecs-ext.json
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
# The store lives on a volume owned by the unprivileged `node` user of the base image.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# The slim image has no curl; Node's built-in fetch asks the bot's own /healthz (200 once ready, 503 before).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Run node directly: `npm start` would trigger `prestart` (a build), which needs dev dependencies.
CMD ["node", "dist/main.js"]
