// docker-compose.yml cannot be run here (no Docker engine): check what can be checked:
// it parses, its Dockerfiles exist, and the gateway's environment is a valid configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../gateway/config.ts';

const root = join(import.meta.dirname, '..', '..');

interface Service {
  build?: string | { context: string; dockerfile?: string };
  environment?: Record<string, string>;
  network_mode?: string;
  ports?: string[];
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };

test('every service built here has its Dockerfile', () => {
  const built = Object.values(compose.services).filter((s) => s.build !== undefined);
  assert.ok(built.length >= 2);
  for (const s of built) {
    const b = typeof s.build === 'string' ? { context: s.build } : s.build!;
    assert.ok(existsSync(join(root, b.context, b.dockerfile ?? 'Dockerfile')), `missing ${b.dockerfile ?? 'Dockerfile'}`);
  }
});

test("the gateway's environment is a valid configuration that points at the stack's ports", () => {
  const gateway = compose.services.gateway;
  assert.ok(gateway?.environment !== undefined);
  const config = loadConfig(gateway.environment);
  const ports = Object.fromEntries(
    readFileSync(join(root, 'scripts', 'stack.env'), 'utf8')
      .split('\n')
      .filter((l) => /^\w+=/.test(l))
      .map((l) => l.split('=') as [string, string]),
  );
  assert.equal(new URL(config.imapUrl).port, ports.STACK_IMAP_PORT);
  assert.equal(new URL(config.davUrl).port, ports.STACK_DAV_PORT);
  assert.ok(config.state.startsWith('redis://') && config.state.endsWith(`:${ports.STACK_REDIS_PORT}`));
  // The gateway lives in the backends' network namespace, whose published port must be the gateway's.
  const via = gateway.network_mode?.replace(/^service:/, '') ?? '';
  assert.ok(compose.services[via]?.ports?.some((p) => p.endsWith(`:${config.port}`)));
});
