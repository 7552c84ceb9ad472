// SPEC item 6, row by row: client method x URL method x anchors -> the method done.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideMethod, type SyncMethod } from '../../../gateway/engine/sync-methods.ts';

type Url = SyncMethod | undefined;
const urls: Url[] = [undefined, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** The table as SPEC.md writes it; `checked` says whether the anchors decide. */
function expected(client: SyncMethod, url: Url, equal: boolean): { method: SyncMethod; checked: boolean } {
  if (client === 1) {
    if (url === undefined || url === 1) return { method: equal ? 1 : 2, checked: true };
    if (url === 3) return { method: equal ? 3 : 7, checked: true };
    if (url === 5) return { method: equal ? 5 : 8, checked: true };
    return { method: url, checked: false };
  }
  if (client === 3) return { method: equal ? 3 : 7, checked: true };
  if (client === 5) return { method: equal ? 5 : 8, checked: true };
  return { method: client, checked: false };
}

const rows: Array<[SyncMethod, Url, boolean, SyncMethod]> = [
  // client asks 1
  [1, undefined, true, 1], [1, undefined, false, 2], [1, 1, true, 1], [1, 1, false, 2],
  [1, 3, true, 3], [1, 3, false, 7], [1, 5, true, 5], [1, 5, false, 8],
  [1, 2, true, 2], [1, 2, false, 2], [1, 4, true, 4], [1, 4, false, 4], [1, 6, true, 6], [1, 6, false, 6],
  [1, 7, true, 7], [1, 7, false, 7], [1, 8, true, 8], [1, 8, false, 8], [1, 9, true, 9], [1, 9, false, 9],
  // client asks 3 or 5: anchors decide whatever the URL says
  [3, undefined, true, 3], [3, undefined, false, 7], [3, 5, true, 3], [3, 9, false, 7],
  [5, undefined, true, 5], [5, undefined, false, 8], [5, 3, true, 5], [5, 1, false, 8],
  // client asks 2, 4, 6: the client's, not checked
  [2, undefined, true, 2], [2, 9, false, 2], [4, 1, false, 4], [4, 6, true, 4], [6, 3, false, 6], [6, undefined, true, 6],
];

test('the rows written out in SPEC item 6', () => {
  for (const [client, url, equal, method] of rows) {
    assert.equal(decideMethod(client, url, equal, 'note').method, method, `client ${client}, URL ${url ?? '-'}, anchors ${equal ? '=' : '!='}`);
  }
});

test('every combination of client method, URL method and anchors', () => {
  let count = 0;
  for (const client of [1, 2, 3, 4, 5, 6] as SyncMethod[]) {
    for (const url of urls) {
      for (const equal of [true, false]) {
        const got = decideMethod(client, url, equal, 'client Last anchor 123 != stored 456');
        const want = expected(client, url, equal);
        assert.equal(got.method, want.method, `client ${client}, URL ${url ?? '-'}, anchors ${equal}`);
        assert.equal(got.anchorsChecked, want.checked, `anchors checked? client ${client}, URL ${url ?? '-'}`);
        if (want.checked && !equal) assert.match(got.reason, /forced: client Last anchor 123 != stored 456/);
        count++;
      }
    }
  }
  assert.equal(count, 6 * 10 * 2);
});
