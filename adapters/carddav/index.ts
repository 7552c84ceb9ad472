// CardDAV: the address-book DataStore, and the DAV account provider the gateway is built with.
export { openAddressBook } from './address-book-store.ts';
export { vcardFormat } from './vcard-format.ts';
export {
  createDavAccount,
  createDavAccountProvider,
  type AccountCacheOptions,
  type DavAccountProviderOptions,
  type DavServerOptions,
} from '../dav-account-provider.ts';
export { RequestLimiter, type RequestLimiterOptions } from '../dav/request-limiter.ts';
