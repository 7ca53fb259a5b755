# The dashboard: built with Node on Debian 12, served by nginx, which also proxies /api to
# the backend (buffering off for the live stream).
FROM node:20-bookworm AS build
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./
RUN npm run build

FROM nginx:1.27-bookworm
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY deploy/security-headers.inc /etc/nginx/conf.d/security-headers.inc
COPY --from=build /src/frontend/dist /usr/share/nginx/html
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -sf http://127.0.0.1/ >/dev/null || exit 1
