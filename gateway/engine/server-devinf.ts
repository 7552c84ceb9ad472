// Our own device information, answered to Get ./devinf1x: the stores and formats we serve.
import type { DevInf, DevInfDataStore } from '../protocol/devinf-model.ts';

const contacts: DevInfDataStore = {
  sourceRef: 'Contacts',
  displayName: 'Contacts',
  rxPref: { ctType: 'text/x-vcard', verCT: '2.1' },
  rx: [{ ctType: 'text/vcard', verCT: '3.0' }],
  txPref: { ctType: 'text/x-vcard', verCT: '2.1' },
  tx: [{ ctType: 'text/vcard', verCT: '3.0' }],
  ctCaps: [],
  // SyncML 1.2 clients may sync every collection of a kind as folders (store-view.ts).
  supportHierarchicalSync: true,
  // SyncCap: 1 two-way, 2 slow, 3-6 one-way and refreshes (OMA DS DevInf 5.3.19).
  syncTypes: [1, 2, 3, 4, 5, 6],
};

function calendarStore(sourceRef: string, pref: string, prefVer: string, other: string, otherVer: string): DevInfDataStore {
  return {
    sourceRef,
    displayName: sourceRef,
    rxPref: { ctType: pref, verCT: prefVer },
    rx: [{ ctType: other, verCT: otherVer }],
    txPref: { ctType: pref, verCT: prefVer },
    tx: [{ ctType: other, verCT: otherVer }],
    ctCaps: [],
    supportHierarchicalSync: true,
    syncTypes: [1, 2, 3, 4, 5, 6],
  };
}

const stores = [
  contacts,
  calendarStore('Events', 'text/x-vcalendar', '1.0', 'text/calendar', '2.0'),
  calendarStore('Tasks', 'text/x-vcalendar', '1.0', 'text/calendar', '2.0'),
  calendarStore('Notes', 'text/plain', '1.0', 'text/x-vnote', '1.1'),
  calendarStore('Journal', 'text/calendar', '2.0', 'text/x-vcalendar', '1.0'),
];

export function serverDevInf(): DevInf {
  return {
    verDTD: '1.2',
    man: 'SyncML gateway project',
    mod: 'syncml-gateway',
    swV: '0.1.0',
    devID: 'syncml-gateway',
    devTyp: 'server',
    utc: true,
    supportLargeObjs: true,
    supportNumberOfChanges: true,
    dataStores: stores,
    ctCaps: [],
    ext: [],
  };
}
