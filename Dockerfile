# The gateway alone: Node 20 and the project's code, configured by SYNCML_* variables.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY gateway ./gateway
COPY adapters ./adapters
COPY tsconfig.json ./
ENV SYNCML_HOST=0.0.0.0 SYNCML_PORT=8080 SYNCML_STATE=/var/lib/syncml-gateway
EXPOSE 8080
USER node
CMD ["node", "--import", "tsx", "gateway/main.ts"]
