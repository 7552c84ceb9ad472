// Device information: typed reading of real DevInf 1.0 and 1.2, writing per version.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Element } from '../../../gateway/codec/element.ts';
import { decode } from '../../../gateway/codec/index.ts';
import { readDevInf, writeDevInf, type DevInf } from '../../../gateway/protocol/devinf.ts';
import type { Put } from '../../../gateway/protocol/model.ts';
import { readMessage } from '../../../gateway/protocol/read.ts';
import { traceBytes } from './trace-files.ts';

function devInfOf(path: string): Element {
  const msg = readMessage(decode(traceBytes(path), 'xml'));
  const put = msg.body.find((c): c is Put => c.kind === 'Put');
  const el = put?.items[0]?.dataElement;
  assert.ok(el !== undefined);
  return el;
}

test('SyncEvolution DevInf 1.2: datastores, preferred types, CTCaps inside the datastore', () => {
  const d = readDevInf(devInfOf('syncevolution/sessions/syncml12-xml/01-slow-initial/msg001-client.xml'));
  assert.equal(d.verDTD, '1.2');
  assert.equal(d.man, 'Patrick Ohly');
  assert.equal(d.mod, 'SyncEvolution');
  assert.equal(d.devTyp, 'workstation');
  assert.equal(d.utc && d.supportLargeObjs && d.supportNumberOfChanges, true);
  assert.deepEqual(d.dataStores.map((ds) => ds.sourceRef), ['./calendar', './contacts', './notes', './tasks']);
  const contacts = d.dataStores[1];
  assert.deepEqual(contacts?.rxPref, { ctType: 'text/vcard', verCT: '3.0' });
  assert.deepEqual(contacts?.rx, [{ ctType: 'text/x-vcard', verCT: '2.1' }]);
  assert.equal(contacts?.maxGUIDSize, 64);
  assert.deepEqual(contacts?.syncTypes, [1, 2, 3, 4, 5, 6, 7, 390001]);
  assert.deepEqual(contacts?.ctCaps.map((c) => c.ctTypes), [['text/vcard'], ['text/x-vcard']]);
  assert.deepEqual(d.ctCaps, []);
});

test('P900 DevInf 1.0: flat CTCap at DevInf level, DSMem, MaxGUIDSize 4', () => {
  const d = readDevInf(devInfOf('horde-syncml/testcase_P900_tasksandcalendar/syncml_client_10.xml'));
  assert.equal(d.verDTD, '1.0');
  assert.equal(d.devID, '351965-00-340413-3');
  assert.equal(d.devTyp, 'smartphone');
  assert.equal(d.utc, false);
  const ds = d.dataStores[0];
  assert.equal(ds?.sourceRef, 'c:\\Documents\\agenda\\agenda');
  assert.equal(ds?.maxGUIDSize, 4);
  assert.deepEqual(ds?.dsMem, {});
  assert.deepEqual(ds?.syncTypes, [1, 2]);
  assert.deepEqual(d.ctCaps.map((c) => c.ctTypes), [['text/x-vcalendar']]);
  assert.ok((d.ctCaps[0]?.element.children.filter((c) => c.name === 'PropName').length ?? 0) > 20);
});

const serverDevInf: DevInf = {
  verDTD: '1.2', man: 'example', mod: 'gateway', devID: 'gw-1', devTyp: 'server',
  utc: true, supportLargeObjs: true, supportNumberOfChanges: true,
  dataStores: [{
    sourceRef: 'contacts', maxGUIDSize: 64,
    rxPref: { ctType: 'text/vcard', verCT: '3.0' }, rx: [{ ctType: 'text/x-vcard', verCT: '2.1' }],
    txPref: { ctType: 'text/vcard', verCT: '3.0' }, tx: [],
    ctCaps: [{ ctTypes: ['text/vcard'], element: { name: 'CTCap', children: [{ name: 'CTType', children: [], text: 'text/vcard' }] } }],
    supportHierarchicalSync: true,
    syncTypes: [1, 2, 7],
  }],
  ctCaps: [],
  ext: [],
};

test('writing 1.2: devinf namespace, DTD order, CTCap inside the DataStore', () => {
  const el = writeDevInf(serverDevInf, '1.2');
  assert.equal(el.ns, 'syncml:devinf');
  assert.deepEqual(el.children.map((c) => c.name), [
    'VerDTD', 'Man', 'Mod', 'DevID', 'DevTyp', 'UTC', 'SupportLargeObjs', 'SupportNumberOfChanges', 'DataStore',
  ]);
  assert.deepEqual(el.children[8]?.children.map((c) => c.name), [
    'SourceRef', 'MaxGUIDSize', 'Rx-Pref', 'Rx', 'Tx-Pref', 'CTCap', 'SupportHierarchicalSync', 'SyncCap',
  ]);
  assert.deepEqual(readDevInf(el), serverDevInf);
});

test('writing 1.1 moves CTCaps to DevInf level; 1.0 also drops the 1.1 flags', () => {
  const v11 = writeDevInf({ ...serverDevInf, verDTD: '1.1' }, '1.1');
  assert.deepEqual(v11.children.map((c) => c.name).slice(-2), ['DataStore', 'CTCap']);
  assert.ok(!v11.children[8]?.children.some((c) => c.name === 'CTCap' || c.name === 'SupportHierarchicalSync'));
  const v10 = writeDevInf({ ...serverDevInf, verDTD: '1.0' }, '1.0');
  assert.ok(!v10.children.some((c) => ['UTC', 'SupportLargeObjs', 'SupportNumberOfChanges'].includes(c.name)));
});
