// What a scenario needs to know about a SyncML server under test: where a device syncs to, how
// it names a Radicale collection, and the timing proxy in front of it. The gateway and the peer
// (SyncEvolution's own server) both fit, so every SyncEvolution scenario runs against either.
import type { ExchangeProxy } from './exchange-proxy.ts';
import type { GatewayProcess } from './gateway-process.ts';
import type { PeerServer } from './peer-server.ts';

export interface SyncServer {
  readonly kind: 'gateway' | 'peer';
  readonly proxy: ExchangeProxy;
  /** The sync URL devices use (through the proxy). */
  readonly syncURL: string;
  /** The server database URI a device alerts to reach `collection` of the bench account. */
  storeUri(collection: string): string;
  /** Whatever the server must know about a device before it syncs (the peer: a peer config). */
  prepareDevice(deviceId: string, collection: string, persistent: boolean): Promise<void>;
}

export function gatewayServer(gateway: GatewayProcess, proxy: ExchangeProxy): SyncServer {
  return {
    kind: 'gateway',
    proxy,
    syncURL: proxy.url(new URL(gateway.url).pathname),
    // The gateway picks the collection named after the kind (`Contacts/<collection>`).
    storeUri: (collection) => `Contacts/${collection}`,
    prepareDevice: async () => {},
  };
}

export function peerServer(peer: PeerServer, proxy: ExchangeProxy): SyncServer {
  return {
    kind: 'peer',
    proxy,
    syncURL: proxy.url(peer.path),
    // The peer's datastore is called addressbook; which collection it uses is in the device's peer config.
    storeUri: () => 'addressbook',
    prepareDevice: async (deviceId, collection, persistent) => {
      const name = `${persistent ? '' : 't-'}${deviceId}`.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
      await peer.configureDevice(name, deviceId, collection);
    },
  };
}
