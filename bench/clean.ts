// `bash bench/run.sh clean`: removes what benchmark runs keep between runs: the bench account's
// `bench-*` collections in Radicale and bench/out/ (devices, gateway and peer state, logs).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchAccount, davRequest, deleteAddressBook } from './lib/radicale.ts';
import { stackUrls } from '../test/support/stack.ts';

const home = new URL(`${encodeURIComponent(benchAccount.user)}/`, stackUrls().dav).href;
const reply = await davRequest('PROPFIND', home, '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>', {
  Depth: '1',
  'Content-Type': 'application/xml',
});
const names = [...reply.body.matchAll(/<(?:\w+:)?href>([^<]*)<\/(?:\w+:)?href>/g)]
  .map((m) => decodeURIComponent((m[1] ?? '').replace(/\/$/, '').split('/').pop() ?? ''))
  .filter((name) => name.startsWith('bench-'));
for (const name of names) await deleteAddressBook(name);
console.log(`deleted ${names.length} bench collections of ${benchAccount.user}`);
rmSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'out'), { recursive: true, force: true });
console.log('removed bench/out/');
