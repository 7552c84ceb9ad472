// Holds the one-direction flow of STYLE.md: each layer imports only what lies downstream of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  const full = join(root, dir);
  return readdirSync(full).flatMap((name) => {
    const path = join(full, name);
    if (statSync(path).isDirectory()) return sources(relative(root, path));
    return name.endsWith('.ts') ? [relative(root, path)] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? '');
}

/** The layer an import lands in: a gateway/ folder, `adapters`, or the package name. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier.startsWith('node:') ? 'node' : specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
  const path = relative(root, join(root, file, '..', specifier));
  const parts = path.split('/');
  return parts[0] === 'gateway' ? `gateway/${parts[1]}` : (parts[0] ?? '');
}

const rules: Array<{ layer: string; forbidden: RegExp; why: string }> = [
  { layer: 'gateway/codec', forbidden: /^(gateway\/(protocol|engine|convert|http|ports)|adapters|express|tsdav|imapflow|keyv|@keyv\/.*)$/, why: 'codecs are pure' },
  { layer: 'gateway/protocol', forbidden: /^(gateway\/(engine|convert|http)|adapters|express|saxes|xmlbuilder2|tsdav|imapflow|keyv|@keyv\/.*)$/, why: 'the protocol layer maps trees to models, nothing else' },
  { layer: 'gateway/engine', forbidden: /^(gateway\/(http|codec)|adapters|express|saxes|xmlbuilder2|tsdav|imapflow|nodemailer|keyv|@keyv\/.*|ioredis|redis|better-sqlite3|pino)$/, why: 'the engine sees ports, not libraries' },
  { layer: 'gateway/convert', forbidden: /^(gateway\/(http|engine|codec)|adapters|express)$/, why: 'converters are pure' },
  { layer: 'gateway/ports', forbidden: /^(gateway\/(http|engine|codec|protocol|convert)|adapters)$/, why: 'ports depend on nothing' },
  { layer: 'adapters', forbidden: /^gateway\/(engine|convert|http|codec|protocol)$/, why: 'adapters implement ports and nothing else' },
];

for (const rule of rules) {
  test(`${rule.layer} keeps to its layer (${rule.why})`, () => {
    const files = sources(rule.layer);
    assert.ok(files.length > 0, `no sources under ${rule.layer}`);
    const bad = files.flatMap((f) => imports(f).filter((s) => rule.forbidden.test(target(f, s))).map((s) => `${f}: ${s}`));
    assert.deepEqual(bad, []);
  });
}
