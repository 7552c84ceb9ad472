// The sync URL's parameters as clients mangle them (SPEC item 5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUrlParams } from '../../../gateway/engine/url-params.ts';

test('separators &, ,&, # and ,# with names in any case', () => {
  for (const url of [
    'http://h/syncml?sync=2&format=sif',
    'http://h/syncml?sync=2,&format=sif',
    'http://h/syncml?sync=2#format=sif',
    'http://h/syncml?sync=2,#format=sif',
    'http://h/syncml/index.html?SYNC=2,&Format=SIF',
    'http://h/syncml?Sync=2,#FORMAT=sif',
  ]) {
    assert.deepEqual(parseUrlParams(url), { params: { sync: 2, format: 'sif' }, problems: [] }, url);
  }
});

test('backup, backup=prefix, reset and push', () => {
  assert.deepEqual(parseUrlParams('http://h/syncml?backup').params, { backup: 'backup' });
  assert.deepEqual(parseUrlParams('http://h/syncml?backup=nokia,&reset#push').params, { backup: 'nokia', reset: true, push: true });
});

test('the Target LocURI adds what the request line lost after #', () => {
  const { params } = parseUrlParams('http://h/syncml?sync=3', 'http://h/syncml?sync=3,#backup=nokia');
  assert.deepEqual(params, { sync: 3, backup: 'nokia' });
});

test('unknown or malformed parameters are reported, the rest still counts', () => {
  const { params, problems } = parseUrlParams('http://h/syncml?sync=12&format=xml&colour=red&backup=../../etc&sync=4');
  assert.deepEqual(params, { sync: 4 });
  assert.equal(problems.length, 4);
  assert.ok(problems.some((p) => p.includes('colour')));
});

test("our own session parameter is not a problem", () => {
  assert.deepEqual(parseUrlParams('http://h/syncml?sid=abc&sync=1'), { params: { sync: 1 }, problems: [] });
});
