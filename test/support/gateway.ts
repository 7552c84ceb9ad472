// Starts the gateway in-process against the local stack, for integration tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../gateway/config.ts';
import { startGateway, type RunningGateway } from '../../gateway/server.ts';
import { silentLogger, type Logger } from '../../gateway/ports/logger.ts';
import { stackUrls } from './stack.ts';

export interface TestGatewayOptions {
  /** State directory or redis:// URL; a fresh temporary directory by default. */
  state?: string;
  logger?: Logger;
  env?: Record<string, string>;
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<RunningGateway> {
  const state = options.state ?? mkdtempSync(join(tmpdir(), 'syncml-gw-state-'));
  const urls = stackUrls();
  const config = loadConfig({
    SYNCML_PORT: '0',
    SYNCML_HOST: '127.0.0.1',
    SYNCML_IMAP_URL: urls.imap,
    SYNCML_DAV_URL: urls.dav,
    SYNCML_STATE: state,
    SYNCML_LOG_LEVEL: 'silent',
    ...options.env,
  });
  const gateway = await startGateway(config, options.logger ?? silentLogger);
  return gateway;
}
