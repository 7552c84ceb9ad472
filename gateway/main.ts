// Entry point: `npm start` runs the gateway with the SYNCML_* environment.
import { ConfigError, loadConfig } from './config.ts';
import { startGateway } from './server.ts';

try {
  const config = loadConfig();
  const gateway = await startGateway(config);
  const stop = (): void => {
    void gateway.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`syncml-gateway: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
